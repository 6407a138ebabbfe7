import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../../../src/engine/task';
import { applyToFile } from '../../../src/engine/task';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';
import { makeAddWorkspace } from './addWorkspace';


function makeWorkspace(): { dir: string; task: Task } {
  return makeAddWorkspace('warm-test-');
}

for (const sandbox of ['bubblewrap', 'none'] as const) {
  describe(`warm verifier (${sandbox})`, function () {
    this.timeout(60000);
    let verifier: WarmVerifier;
    let dir: string;
    let task: Task;
    const secret = 'sk-test-secret-do-not-leak';

    before(() => {
      ({ dir, task } = makeWorkspace());
      process.env.OPENAI_API_KEY = secret;
      verifier = new WarmVerifier({ sandbox, timeoutMs: 1500, workers: 1, maxOutputBytes: 4096 });
    });
    after(async () => {
      delete process.env.OPENAI_API_KEY;
      await verifier.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const run = (body: string, signal = new AbortController().signal): Promise<VerifierResult> =>
      verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, body) }, signal);

    it('passes a correct candidate with per-test outcomes, under the sandbox it reports', async () => {
      const result = await run('    return a + b\n');
      assert.equal(result.status, 'passed', result.output);
      assert.deepEqual(result.tests.map((t) => [t.name, t.status]), [
        ['test_add.py::test_small', 'passed'],
        ['test_add.py::test_negative', 'passed'],
      ]);
      assert.equal(result.reportFormat, 'warm-runner');
      assert.equal(result.sandbox, sandbox);
      assert.match(verifier.description, sandbox === 'bubblewrap' ? /bubblewrap/ : /no OS sandbox/);
    });

    it('fails a wrong candidate and names the failing assert', async () => {
      const result = await run('    return a - b\n');
      assert.equal(result.status, 'failed');
      assert.equal(result.passed, 0);
      assert.equal(result.total, 2);
      assert.match(result.tests[0].message ?? '', /assert add\(1, 2\) == 3/);
    });

    it('reports a syntax error as a collection error', async () => {
      const result = await run('    return a +\n');
      assert.equal(result.status, 'error');
      assert.match(result.reason ?? '', /collection error.*SyntaxError/s);
    });

    it('kills an infinite loop at the time limit, then still works', async () => {
      const result = await run('    while True:\n        pass\n');
      assert.equal(result.status, 'timeout');
      assert.ok(result.durationMs < 5000);
      assert.equal((await run('    return a + b\n')).status, 'passed');
    });

    it('caps huge output', async () => {
      const result = await run('    print("x" * 3_000_000)\n    return a + b\n');
      assert.equal(result.status, 'passed');
      assert.ok(result.outputTruncated);
      assert.ok(result.output.length <= 4096 + 200);
    });

    it('gives candidates no API key and no inherited environment', async () => {
      const result = await run(
        '    import os\n    if any("sk-" in v for v in os.environ.values()) or "OPENAI_API_KEY" in os.environ:\n        return None\n    return a + b\n',
      );
      assert.equal(result.status, 'passed', result.output);
      assert.ok(!result.output.includes(secret));
    });

    it('blocks new processes and signals to the worker', async () => {
      const result = await run(
        '    import os, subprocess\n    try:\n        subprocess.run(["true"])\n        return None\n    except OSError:\n        pass\n    try:\n        os.kill(os.getppid(), 9)\n        return None\n    except OSError:\n        pass\n    return a + b\n',
      );
      assert.equal(result.status, 'passed', result.output);
    });

    it('wipes one candidate\'s files before the next runs', async () => {
      await run('    open("../leak.txt", "w").write("x")\n    open("/tmp/leak.txt", "w").write("x") if False else None\n    return a + b\n');
      const result = await run('    import os\n    return None if os.path.exists("../leak.txt") else a + b\n');
      assert.equal(result.status, 'passed', result.output);
    });

    it('restarts a worker after a cancelled run', async () => {
      const controller = new AbortController();
      const pending = run('    while True:\n        pass\n', controller.signal);
      setTimeout(() => controller.abort(), 200);
      assert.equal((await pending).status, 'cancelled');
      assert.equal((await run('    return a + b\n')).status, 'passed');
    });

    if (sandbox === 'bubblewrap') {
      it('keeps the workspace and host file system out of reach', async () => {
        const marker = path.join(dir, 'secret.txt');
        writeFileSync(marker, 'private');
        const outside = path.join(dir, 'written-by-candidate.txt');
        const body =
          `    for attempt in (lambda: open(${JSON.stringify(marker)}).read(), lambda: open(${JSON.stringify(outside)}, "w").write("x"), lambda: open("/usr/evil", "w")):\n` +
          '        try:\n            attempt()\n            return None\n        except OSError:\n            pass\n    return a + b\n';
        const result = await run(body);
        assert.equal(result.status, 'passed', result.output);
        assert.ok(!existsSync(outside));
        assert.ok(!readdirSync(dir).includes('written-by-candidate.txt'));
      });
    }
  });
}

describe('warm verifier without a working bubblewrap', function () {
  this.timeout(60000);
  let dir: string;
  let task: Task;
  before(() => ({ dir, task } = makeWorkspace()));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const runWith = async (runningAsRoot: boolean): Promise<{ result: VerifierResult; description: string }> => {
    const verifier = new WarmVerifier({ sandbox: 'auto', timeoutMs: 5000, workers: 1, bubblewrapPath: '/nonexistent/bwrap', runningAsRoot });
    try {
      const result = await verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, '    return a + b\n') }, new AbortController().signal);
      return { result, description: verifier.description };
    } finally {
      await verifier.dispose();
    }
  };

  it('refuses to run candidates unsandboxed as root in auto mode, saying what to do', async () => {
    const { result, description } = await runWith(true);
    assert.equal(result.status, 'error');
    assert.match(result.reason ?? '', /no OS sandbox can be made here .* runs as root; install bubblewrap or set bestOfN.verify.sandbox to "none"/);
    assert.match(description, /no test runs/);
  });

  it('falls back for a normal user and says so in plain words on every result', async () => {
    const { result, description } = await runWith(false);
    assert.equal(result.status, 'passed', result.output);
    assert.equal(result.sandbox, 'none');
    assert.match(result.sandboxNote ?? '', /NO OS SANDBOX \(bwrap is not installed at \/nonexistent\/bwrap/);
    assert.match(description, /NO OS SANDBOX/);
  });
});
