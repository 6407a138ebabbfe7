import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyToFile, type Task } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { CandidateProber } from '../../../src/engine/verify/probes/candidateProber';
import { needsProbes, ProbeFallbackVerifier, withBehaviour } from '../../../src/engine/verify/probes/probeFallbackVerifier';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { verifierForTask } from '../../../src/engine/verify/verifierForTask';
import { makeTask, requireSandbox, snapshot, waitFor } from './helpers';
import { makeNestedWorkspace } from './nestedWorkspace';
import { type ProbeProcess, probeProcesses, stillRunning, waitForProbe } from './probeProcesses';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const PROBES = ['grow(1)', 'grow(2)', 'grow(3)', 'grow(2) == 4'];
const signal = new AbortController().signal;

/** A candidate that passes the weak test (`grow(0) == 0`) and does `hostile` on every other input, i.e. only while probed. */
const probedOnly = (hostile: string): string => `    if x == 0:\n        return 0\n${hostile.replace(/^/gm, '    ')}\n    return twice(x)\n`;

describe('when probes run and how their answers join the verdict', () => {
  before(() => ensureLanguageLayer());

  const task = makeTask('/nonexistent', 'mod.py', 'python3 -m pytest', 'python');
  const verdict = (fields: Partial<VerifierResult>): VerifierResult => ({
    status: 'passed', tests: [{ name: 't', status: 'passed' }], passed: 1, failed: 0, total: 1, reportFormat: 'junit', exitCode: 0, durationMs: 10, output: 'ok', outputTruncated: false, sandbox: 'bubblewrap', ...fields,
  });
  const job = { task, candidateId: 1, fileText: '', probes: ['f(1)'] };

  it('probes only passing Python, JavaScript and TypeScript candidates that have probes and no behaviour yet', () => {
    assert.equal(needsProbes(job, verdict({})), true);
    assert.equal(needsProbes(job, verdict({ status: 'failed', passed: 0, failed: 1 })), false);
    assert.equal(needsProbes(job, verdict({ behaviour: '=1' })), false, 'the warm runner already answered');
    assert.equal(needsProbes({ ...job, probes: [] }, verdict({})), false);
    assert.equal(needsProbes({ ...job, task: { ...task, language: 'javascript' } }, verdict({})), true, 'the Node probe worker answers for JavaScript');
    assert.equal(needsProbes({ ...job, task: { ...task, language: 'typescript' } }, verdict({})), true);
    assert.equal(needsProbes({ ...job, task: { ...task, language: 'go' } }, verdict({})), false, 'no probe worker for Go');
  });

  it('keeps status, tests and output, and says when the probes ran with a weaker sandbox than the tests', () => {
    const before = verdict({});
    const merged = withBehaviour(before, { ok: true, behaviour: '=2', sandbox: 'bubblewrap', durationMs: 5 });
    assert.deepEqual(merged, { ...before, behaviour: '=2' });
    const weaker = withBehaviour(before, { ok: true, behaviour: '=2', sandbox: 'none', sandboxNote: 'no OS sandbox: reasons', durationMs: 5 });
    assert.equal(weaker.status, 'passed');
    assert.match(weaker.sandboxNote ?? '', /^Generated-test probes ran without an OS sandbox: no OS sandbox: reasons/);
  });
});

describe('generated-test probes on the general verifier (a unittest project the warm runner refuses)', function () {
  this.timeout(60000);
  let dir: string;
  let task: Task;

  before(() => ({ dir, task } = makeNestedWorkspace('probe-general-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('picks the general verifier with a probe worker, probes passing candidates importing their package, and stops the worker on dispose', async () => {
    const baseline = new Set((await probeProcesses()).map((p) => p.key));
    const choice = await verifierForTask(task, { sandbox: 'auto', timeoutMs: 20000 });
    let workers: ProbeProcess[] = [];
    try {
      assert.equal(choice.kind, 'general');
      assert.match(choice.probes ?? '', /probes of passing candidates run in a warm Python worker/);
      const verify = (body: string, probes: readonly string[] | null = PROBES): Promise<VerifierResult> =>
        choice.verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, body), ...(probes ? { probes } : {}) }, signal);
      const helper = await verify('    return twice(x)\n');
      assert.equal(helper.status, 'passed', helper.output);
      assert.equal(helper.reportFormat, 'junit', 'the verdict is still the real pytest run');
      assert.equal(helper.behaviour, '=2|=4|=6|=True');
      assert.equal((await verify('    return x + x\n')).behaviour, helper.behaviour, 'equal behaviour agrees');
      assert.equal((await verify('    return x * 3\n')).behaviour, '=3|=6|=9|=False');
      const failing = await verify('    return x - 1\n');
      assert.equal(failing.status, 'failed');
      assert.equal(failing.behaviour, undefined, 'failing candidates are not probed');
      assert.equal((await verify('    return x + x\n', null)).behaviour, undefined, 'no probes asked, none run');
      workers = (await probeProcesses()).filter((p) => !baseline.has(p.key));
      assert.ok(workers.length > 0, 'a probe worker runs between candidates');
    } finally {
      await choice.verifier.dispose();
    }
    assert.ok(await waitFor(async () => (await stillRunning(workers)).length === 0, 5000), 'the caller disposing the chosen verifier stops the probe worker');
  });

  it('probes an exit-code-only pass too (python -m unittest)', async () => {
    const unittest = makeNestedWorkspace('probe-unittest-', 'python3 -m unittest discover -s tests');
    const choice = await verifierForTask(unittest.task, { sandbox: 'auto', timeoutMs: 20000 });
    try {
      const result = await choice.verifier.verify({ task: unittest.task, candidateId: 1, fileText: applyToFile(unittest.task, '    return 2 * x\n'), probes: PROBES }, signal);
      assert.equal(result.status, 'passed', result.output);
      assert.equal(result.reportFormat, 'exit-code');
      assert.equal(result.behaviour, '=2|=4|=6|=True');
    } finally {
      await choice.verifier.dispose();
      rmSync(unittest.dir, { recursive: true, force: true });
    }
  });
});

for (const mode of ['bubblewrap', 'none'] as const) {
  describe(`hostile candidates while probed (sandbox: ${mode})`, function () {
    this.timeout(60000);
    let dir: string;
    let task: Task;
    let verifier: ProbeFallbackVerifier;
    const verify = (body: string, probes: readonly string[] = PROBES): Promise<VerifierResult> =>
      verifier.verify({ task, candidateId: 7, fileText: applyToFile(task, body), probes }, signal);

    before(async function () {
      if (mode === 'bubblewrap') await requireSandbox(this);
      ({ dir, task } = makeNestedWorkspace('probe-hostile-'));
      verifier = new ProbeFallbackVerifier(createVerifier({ sandbox: mode, timeoutMs: 20000 }), new CandidateProber({ sandbox: mode, timeoutMs: 2500 }));
    });
    after(async () => {
      await verifier?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** The verdict must be the user's tests' alone: passed, 1/1, whatever the probes did. */
    const assertVerdictKept = (result: VerifierResult): void => {
      assert.equal(result.status, 'passed', result.output);
      assert.deepEqual([result.passed, result.total], [1, 1]);
    };

    it('cuts off an endless loop in one probe call and keeps the verdict', async () => {
      const result = await verify(probedOnly('if x == 1:\n    while True:\n        pass'));
      assertVerdictKept(result);
      assert.equal(result.behaviour, '!timeout|=4|=6|=True');
    });

    it('stops a candidate that outlasts the probe limit (sleeping, swallowing the alarm) and keeps the verdict', async () => {
      const result = await verify(probedOnly('import time\nwhile True:\n    try:\n        time.sleep(60)\n    except BaseException:\n        pass'));
      assertVerdictKept(result);
      assert.equal(result.behaviour, '!probes-timeout');
    });

    it('marks a candidate that kills its own probe process, keeps the verdict, and probes the next one normally', async () => {
      const result = await verify(probedOnly('import os\nos._exit(0)'));
      assertVerdictKept(result);
      assert.equal(result.behaviour, '!probes-failed');
      assert.equal((await verify('    return twice(x)\n')).behaviour, '=2|=4|=6|=True');
    });

    it('cannot start processes or signal the probe worker', async () => {
      const body = probedOnly(
        'import os, signal, subprocess\nfor attempt in (lambda: subprocess.run(["true"]), lambda: os.kill(os.getppid(), signal.SIGKILL), os.fork):\n' +
          '    try:\n        attempt()\n        return -1\n    except OSError:\n        pass',
      );
      const result = await verify(body);
      assertVerdictKept(result);
      assert.equal(result.behaviour, '=2|=4|=6|=True', 'every attempt failed, so the candidate answered normally');
    });

    it("gives the probed candidate no API key from the extension's environment", async () => {
      const secret = `sk-probe-${process.pid}-${Date.now()}`;
      const saved = process.env.OPENAI_API_KEY;
      process.env.OPENAI_API_KEY = secret;
      try {
        // A fresh prober starts its worker now, while the key is in this process's environment.
        const fresh = new ProbeFallbackVerifier(createVerifier({ sandbox: mode, timeoutMs: 20000 }), new CandidateProber({ sandbox: mode, timeoutMs: 5000 }));
        try {
          const body = probedOnly(`import os\nif any(${JSON.stringify(secret)} in v for v in os.environ.values()) or 'OPENAI_API_KEY' in os.environ:\n    return -1`);
          const result = await fresh.verify({ task, candidateId: 9, fileText: applyToFile(task, body), probes: PROBES }, signal);
          assertVerdictKept(result);
          assert.equal(result.behaviour, '=2|=4|=6|=True');
        } finally {
          await fresh.dispose();
        }
      } finally {
        if (saved === undefined) delete process.env.OPENAI_API_KEY;
        else process.env.OPENAI_API_KEY = saved;
      }
    });

    if (mode === 'bubblewrap') {
      it("writes nothing outside, sees none of the user's files, and has no network, not even 127.0.0.1", async () => {
        let connections = 0;
        const server = net.createServer((socket) => {
          connections++;
          socket.destroy();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as net.AddressInfo).port;
        const before = await snapshot(dir);
        const inWorkspace = [path.join(dir, 'growth', 'pwned.py'), path.join(dir, 'pwned.txt')];
        // The sandbox has a /tmp of its own: a write there may succeed but must not reach the host's.
        const hostTmp = path.join(tmpdir(), `probe-pwned-${process.pid}.txt`);
        const helpers = path.join(dir, 'growth', 'helpers.py');
        try {
          // Each escape that works makes the answer negative: the behaviour shows what got through.
          const body = probedOnly(
            'import socket\n' +
              `try:\n    open(${JSON.stringify(hostTmp)}, "w").write("x")\nexcept OSError:\n    pass\n` +
              `for code, attempt in ((1, lambda: open(${JSON.stringify(inWorkspace[0])}, "w").write("x")), (2, lambda: open(${JSON.stringify(inWorkspace[1])}, "w").write("x")),\n` +
              `                      (3, lambda: open(${JSON.stringify(helpers)}).read()), (4, lambda: socket.create_connection(("127.0.0.1", ${port}), timeout=1))):\n` +
              '    try:\n        attempt()\n        return -code\n    except OSError:\n        pass',
          );
          const result = await verify(body);
          assertVerdictKept(result);
          assert.equal(result.sandbox, 'bubblewrap');
          assert.equal(result.behaviour, '=2|=4|=6|=True');
          for (const file of [...inWorkspace, hostTmp]) assert.equal(existsSync(file), false, `${file} was written`);
          assert.equal(connections, 0);
          assert.deepEqual(await snapshot(dir), before, "the user's files are untouched");
        } finally {
          await new Promise((resolve) => server.close(resolve));
        }
      });
    }

    it('leaves no probe worker or candidate process behind once disposed mid-probe', async () => {
      const baseline = new Set((await probeProcesses()).map((p) => p.key));
      const own = new ProbeFallbackVerifier(createVerifier({ sandbox: mode, timeoutMs: 20000 }), new CandidateProber({ sandbox: mode, timeoutMs: 15000 }));
      // The candidate would never finish its probes on its own: only dispose can end them.
      const sleeper = probedOnly('import time\nwhile True:\n    try:\n        time.sleep(60)\n    except BaseException:\n        pass');
      const running = own.verify({ task, candidateId: 8, fileText: applyToFile(task, sleeper), probes: PROBES }, signal);
      // A worker and the candidate it forked: the probe is under way.
      const { family: started, forked } = await waitForProbe(baseline, 15000);
      assert.ok(forked, `no candidate process forked by a probe worker among ${started.map((p) => p.comm).join(', ')}`);
      await own.dispose();
      const result = await running;
      assert.equal(result.status, 'passed', 'the verdict came before the probes and stays');
      assert.equal(result.behaviour, undefined, 'cancelled probes give no behaviour');
      const alive = async (): Promise<string[]> => (await stillRunning(started)).map((p) => `${p.pid} ${p.comm}`);
      const deadline = Date.now() + 5000;
      while ((await alive()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(await alive(), []);
    });
  });
}
