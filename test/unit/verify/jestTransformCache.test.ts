import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { targetText, applyToFile } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { JestTransformCache } from '../../../src/engine/verify/jestTransformCache';
import { materializeTsJestProject, removeProject, TS_JEST_PROJECT } from '../../fixtures/projects/materialize';
import { requireSandbox } from './helpers';

describe('jest transform cache shared across candidates', function () {
  this.timeout(600_000);
  const temps: string[] = [];
  after(async () => {
    for (const dir of temps) await fs.rm(dir, { recursive: true, force: true });
  });
  const runDir = async (): Promise<string> => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-jestcache-test-'));
    temps.push(dir);
    return dir;
  };

  it('only a trusted run fills the master; each candidate gets its own copy, and its writes never reach the next', async () => {
    const cache = new JestTransformCache();
    const hostile = await cache.forRun(path.join(await runDir(), 'c'), false);
    await fs.writeFile(path.join(hostile.dir, 'entry'), 'from a candidate');
    await cache.keep(hostile, false, true);
    assert.deepEqual(await fs.readdir((await cache.forRun(path.join(await runDir(), 'c'), false)).dir), [], 'an untrusted run never becomes the master');

    const baseline = await cache.forRun(path.join(await runDir(), 'c'), true);
    await fs.mkdir(path.join(baseline.dir, 'ts-jest'));
    await fs.writeFile(path.join(baseline.dir, 'ts-jest', 'entry'), 'compiled by the baseline');
    await cache.keep(baseline, true, true);
    const first = await cache.forRun(path.join(await runDir(), 'c'), false);
    assert.equal(first.bytes, 'compiled by the baseline'.length);
    await fs.writeFile(path.join(first.dir, 'ts-jest', 'entry'), 'poisoned');
    const second = await cache.forRun(path.join(await runDir(), 'c'), false);
    assert.equal(await fs.readFile(path.join(second.dir, 'ts-jest', 'entry'), 'utf8'), 'compiled by the baseline');
    await cache.dispose();
  });

  it('under bubblewrap: a candidate that poisons its cache copy does not reach the next candidate\'s run', async function () {
    await requireSandbox(this);
    const dir = await materializeTsJestProject();
    const verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 300_000 });
    try {
      const fileText = await fs.readFile(path.join(dir, TS_JEST_PROJECT.targetFile), 'utf8');
      const task = taskForFunction({ workspaceRoot: dir, filePath: TS_JEST_PROJECT.targetFile, fileText, functionName: 'parseDuration', testCommand: TS_JEST_PROJECT.testCommand });
      const signal = new AbortController().signal;
      const baseline = await verifier.verify({ task, candidateId: 0, fileText }, signal);
      assert.equal(baseline.status, 'passed', baseline.reason);
      // Rewrites every entry of the cache folder jest was given (found on its command line) as a valid
      // entry (jest checks a sha1 prefix) whose code throws: a shared cache would fail every later run.
      const garble = [
        'const load = eval("require");',
        'const arg = process.argv.find((a: string) => a.startsWith("--cacheDirectory="));',
        'const code = "throw new Error(\'poisoned cache\');";',
        'const entry = load("crypto").createHash("sha1").update(code).digest("hex").substring(0, 32) + "\\n" + code;',
        'if (!arg) throw new Error("no cache folder on the command line");',
        '{ const fs = load("fs"); const root = arg.split("=")[1]; for (const f of fs.readdirSync(root, { recursive: true })) { try { if (!String(f).endsWith(".map")) fs.writeFileSync(root + "/" + f, entry); } catch {} } }',
      ].join('\n  ');
      const original = targetText(task);
      const hostile = original.replace(/\{\n/, `{\n  ${garble}\n`);
      assert.notEqual(hostile, original);
      const first = await verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, hostile) }, signal);
      assert.equal(first.status, 'passed', first.reason);
      const next = await verifier.verify({ task, candidateId: 2, fileText }, signal);
      assert.equal(next.status, 'passed', next.reason);
      assert.equal(next.passed, TS_JEST_PROJECT.testCount);
    } finally {
      await verifier.dispose();
      await removeProject(dir);
    }
  });
});
