import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyToFile, type Task } from '../../../src/engine/task';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';

describe('warm verifier behaviour probes', function () {
  this.timeout(60000);
  const solution = 'def grow(x):\n    raise NotImplementedError\n';
  let dir: string;
  let task: Task;
  let verifier: WarmVerifier;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warm-probes-'));
    writeFileSync(path.join(dir, 'solution.py'), solution);
    writeFileSync(path.join(dir, 'test_grow.py'), 'from solution import grow\n\n\ndef test_one():\n    assert grow(1) == 2\n');
    const start = solution.indexOf('    raise');
    task = { workspaceRoot: dir, filePath: 'solution.py', fileText: solution, range: { start, end: solution.length }, targetKind: 'body', functionName: 'grow', spec: '', testCommand: 'pytest', language: 'python' };
    verifier = new WarmVerifier({ sandbox: 'auto', timeoutMs: 2000, workers: 1, probes: () => ['grow(3)', 'grow(-1)', 'grow("a")'] });
  });
  after(async () => {
    await verifier.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const behaviour = async (body: string): Promise<string | undefined> => {
    const result = await verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, body) }, new AbortController().signal);
    assert.equal(result.status, 'passed', result.output);
    return result.behaviour;
  };

  it('fingerprints what candidates answer on extra calls, so equal behaviour agrees and different behaviour does not', async () => {
    const double = await behaviour('    return x * 2\n');
    const doubleAgain = await behaviour('    return x + x\n');
    const plusOne = await behaviour('    return x + 1\n');
    const looping = await behaviour('    if x == 3:\n        while True:\n            pass\n    return x * 2\n');
    assert.ok(double && plusOne && looping);
    assert.equal(double, doubleAgain, 'x*2 and x+x answer alike (also "a"*2 == "a"+"a")');
    assert.notEqual(double, plusOne);
    assert.notEqual(double, looping, 'a probe that hangs is cut off and differs');
  });

  it('keeps a candidate\'s test verdict when only its probes run out of time', async () => {
    const result = await verifier.verify(
      { task, candidateId: 2, fileText: applyToFile(task, '    if x != 1:\n        import time\n        time.sleep(5)\n    return x * 2\n') },
      new AbortController().signal,
    );
    assert.equal(result.status, 'passed', result.output);
    assert.equal(result.behaviour, '!probes-timeout');
  });
});
