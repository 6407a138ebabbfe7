import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createVerifier, detectBubblewrap } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { copyFixture, makeJob, makeTask, MEDIAN_BODY, requireSandbox, sandboxDirsWith, SLUGIFY_BODY, snapshot, withBody } from './helpers';

const STUB_PY = 'raise NotImplementedError';
const STUB_JS = "throw new Error('not implemented');";

for (const mode of ['bubblewrap', 'none'] as const) {
  describe(`verifier (sandbox: ${mode})`, function () {
    this.timeout(45_000);
    let verifier: Verifier;
    let pyWs: string;
    let jsWs: string;
    const signal = new AbortController().signal;

    before(async function () {
      if (mode === 'bubblewrap') await requireSandbox(this);
      verifier = createVerifier({ sandbox: mode, timeoutMs: 15_000 });
      pyWs = await copyFixture('python-sample');
      jsWs = await copyFixture('js-sample');
    });
    after(async () => {
      await verifier?.dispose();
      for (const dir of [pyWs, jsWs]) if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    it('passes a correct candidate with per-test outcomes from pytest JUnit XML', async () => {
      const before = await snapshot(pyWs);
      const tag = `# run ${randomBytes(6).toString('hex')}`;
      const text = `${await withBody(pyWs, 'stats.py', STUB_PY, MEDIAN_BODY)}${tag}\n`;
      const result = await verifier.verify(makeJob(makeTask(pyWs, 'stats.py', 'python3 -m pytest -q', 'python'), text), signal);
      assert.equal(result.status, 'passed', result.reason ?? result.output);
      assert.equal(result.reportFormat, 'junit');
      assert.equal(result.sandbox, mode);
      assert.deepEqual(
        result.tests.map((t) => [t.name, t.status]),
        ['test_odd_count', 'test_even_count', 'test_single_value', 'test_input_not_modified', 'test_empty_raises'].map((n) => [
          `test_stats::${n}`,
          'passed',
        ]),
      );
      assert.equal(result.passed, 5);
      assert.equal(result.total, 5);
      // The must-fail canary ran (hidden from the tests above) and the plugin gave pytest's own status back.
      assert.equal(result.exitCode, 0);
      assert.deepEqual(result.integrity, { missingTests: [], canaries: 'ok', ignoredPreexisting: [] });
      assert.match(result.output, /5 passed/);
      // Accepting is the only way to write user files: the workspace is as it was.
      assert.deepEqual(await snapshot(pyWs), before);
      assert.deepEqual(await sandboxDirsWith(tag, 'stats.py'), []);
    });

    it('fails a wrong candidate and names the failing test with its message', async () => {
      // Wrong for even counts only: returns the upper middle value.
      const wrong = '    return sorted(values)[len(values) // 2]\n';
      const text = await withBody(pyWs, 'stats.py', STUB_PY, wrong);
      const result = await verifier.verify(makeJob(makeTask(pyWs, 'stats.py', 'python3 -m pytest -q', 'python'), text), signal);
      assert.equal(result.status, 'failed');
      const failing = result.tests.filter((t) => t.status !== 'passed').map((t) => t.name).sort();
      assert.deepEqual(failing, ['test_stats::test_empty_raises', 'test_stats::test_even_count']);
      const even = result.tests.find((t) => t.name === 'test_stats::test_even_count');
      assert.match(even?.message ?? '', /assert 3 == 2\.5/);
      assert.equal(result.passed, 3);
      assert.equal(result.failed, 2);
      assert.match(result.reason ?? '', /2 of 5 tests failed/);
    });

    it('reports a syntax error in the candidate as an error with the output, not a crash', async () => {
      const text = await withBody(pyWs, 'stats.py', STUB_PY, '    return (sorted(values)\n');
      const result = await verifier.verify(makeJob(makeTask(pyWs, 'stats.py', 'python3 -m pytest -q', 'python'), text), signal);
      assert.equal(result.status, 'error');
      assert.equal(result.passed, 0);
      assert.ok(result.tests.some((t) => t.status === 'error'), JSON.stringify(result.tests));
      assert.match(result.reason ?? '', /could not run/);
      assert.match(result.output, /SyntaxError|was never closed/);
    });

    it('passes and fails node --test candidates with JUnit outcomes', async () => {
      const good = await withBody(jsWs, 'slug.js', STUB_JS, SLUGIFY_BODY);
      const task = makeTask(jsWs, 'slug.js', 'node --test', 'javascript');
      const ok = await verifier.verify(makeJob(task, good), signal);
      assert.equal(ok.status, 'passed', ok.reason ?? ok.output);
      assert.equal(ok.reportFormat, 'junit');
      assert.equal(ok.total, 4);
      assert.ok(ok.tests.some((t) => t.name === 'strips accents' && t.status === 'passed'));
      // The spec reporter still writes readable output.
      assert.match(ok.output, /strips accents/);

      const noAccents = good.replace(".normalize('NFKD')", '');
      const bad = await verifier.verify(makeJob(task, noAccents), signal);
      assert.equal(bad.status, 'failed');
      assert.deepEqual(bad.tests.filter((t) => t.status === 'failed').map((t) => t.name), ['strips accents']);
      assert.match(bad.tests.find((t) => t.name === 'strips accents')?.message ?? '', /cr-me-br-l-e|creme-brulee/);
    });

    it('falls back to the exit code for a command it cannot ask for a report', async () => {
      const text = await withBody(pyWs, 'stats.py', STUB_PY, MEDIAN_BODY);
      const cmd = (expr: string): string => `python3 -c "from stats import median; assert ${expr}"`;
      const ok = await verifier.verify(makeJob(makeTask(pyWs, 'stats.py', cmd('median([1, 2, 3]) == 2'), 'python'), text), signal);
      assert.equal(ok.status, 'passed');
      assert.equal(ok.reportFormat, 'exit-code');
      const bad = await verifier.verify(makeJob(makeTask(pyWs, 'stats.py', cmd('median([1, 2]) == 2'), 'python'), text), signal);
      assert.equal(bad.status, 'failed');
      assert.equal(bad.exitCode, 1);
      assert.match(bad.output, /AssertionError/);
    });

    it('does not trust a candidate that exits 0 before pytest can write its report', async () => {
      const text = await withBody(pyWs, 'stats.py', STUB_PY, MEDIAN_BODY) + '\nimport os\nos._exit(0)\n';
      const result = await verifier.verify(makeJob(makeTask(pyWs, 'stats.py', 'python3 -m pytest -q', 'python'), text), signal);
      assert.equal(result.exitCode, 0);
      assert.equal(result.status, 'tampered');
      assert.match(result.reason ?? '', /exited 0 without writing its report/);
    });

    it('runs candidates concurrently in separate dirs', async () => {
      const good = await withBody(pyWs, 'stats.py', STUB_PY, MEDIAN_BODY);
      const bad = await withBody(pyWs, 'stats.py', STUB_PY, '    return 0\n');
      const task = makeTask(pyWs, 'stats.py', 'python3 -m pytest -q', 'python');
      const results = await Promise.all([good, bad, good].map((t) => verifier.verify(makeJob(task, t), signal)));
      assert.deepEqual(results.map((r) => r.status), ['passed', 'failed', 'passed']);
    });

    it('rejects a target path outside the workspace with a clear error', async () => {
      const result = await verifier.verify(makeJob(makeTask(pyWs, '../escape.py', 'true', 'python'), 'x = 1\n'), signal);
      assert.equal(result.status, 'error');
      assert.match(result.reason ?? '', /not a path inside the workspace/);
    });
  });
}

describe('verifier sandbox choice', () => {
  it('reports an error, not a silent fallback, when bubblewrap is required but missing', async () => {
    const verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 5000, bubblewrapPath: '/nonexistent/bwrap' });
    const ws = await copyFixture('python-sample');
    try {
      const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', 'true', 'python'), 'x = 1\n'), new AbortController().signal);
      assert.equal(result.status, 'error');
      assert.match(result.reason ?? '', /bubblewrap sandbox was required/);
      assert.match(verifier.description, /no test runs: the bubblewrap sandbox was required but cannot run/);
    } finally {
      await verifier.dispose();
      await fs.rm(ws, { recursive: true, force: true });
    }
  });

  it('falls back to a temp copy in auto mode for a normal user and says so in plain words', async () => {
    const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 5000, bubblewrapPath: '/nonexistent/bwrap', runningAsRoot: false });
    const ws = await copyFixture('python-sample');
    try {
      const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', 'true', 'python'), 'x = 1\n'), new AbortController().signal);
      assert.equal(result.status, 'passed');
      assert.equal(result.sandbox, 'none');
      assert.match(result.sandboxNote ?? '', /NO OS SANDBOX \(bwrap is not installed at \/nonexistent\/bwrap.*can read and write your files/);
      assert.match(verifier.description, /^temp copy, NO OS SANDBOX/);
    } finally {
      await verifier.dispose();
      await fs.rm(ws, { recursive: true, force: true });
    }
  });

  it('refuses to run unsandboxed in auto mode as root, with what to do', async () => {
    const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 5000, bubblewrapPath: '/nonexistent/bwrap', runningAsRoot: true });
    const ws = await copyFixture('python-sample');
    try {
      const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', 'true', 'python'), 'x = 1\n'), new AbortController().signal);
      assert.equal(result.status, 'error');
      assert.match(result.reason ?? '', /no OS sandbox can be made here .* runs as root; install bubblewrap or set bestOfN.verify.sandbox to "none"/);
      assert.match(verifier.description, /no test runs/);
    } finally {
      await verifier.dispose();
      await fs.rm(ws, { recursive: true, force: true });
    }
  });

  it('describes itself at once when bubblewrap was probed before', async function () {
    await requireSandbox(this);
    const status = await detectBubblewrap();
    const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 5000 });
    assert.equal(status.available, true, status.reason);
    assert.equal(verifier.description, 'bubblewrap sandbox');
    await verifier.dispose();
  });

  it('rejects a non-positive timeout', () => {
    assert.throws(() => createVerifier({ sandbox: 'none', timeoutMs: 0 }), /timeoutMs must be a positive number/);
  });
});
