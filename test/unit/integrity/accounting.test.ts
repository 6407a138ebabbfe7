import { strict as assert } from 'node:assert';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { Task } from '../../../src/engine/task';
import { accountForBaseline, BaselineCheckedVerifier, missingIds } from '../../../src/engine/verify/integrity/accounting';
import { runBaseline } from '../../../src/engine/verify/integrity/baseline';
import { witnessFileText } from '../../../src/engine/verify/integrity/witness';
import type { TestOutcome, Verifier, VerifierResult, VerifyJob } from '../../../src/engine/verify/types';
import { FakeVerifier } from '../../doubles/fakeVerifier';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

function result(tests: TestOutcome[], overrides: Partial<VerifierResult> = {}): VerifierResult {
  const passed = tests.filter((t) => t.status === 'passed').length;
  const failed = tests.filter((t) => t.status === 'failed' || t.status === 'error').length;
  return {
    status: failed ? 'failed' : 'passed',
    tests,
    passed,
    failed,
    total: tests.length,
    reportFormat: 'junit',
    exitCode: 1,
    durationMs: 5,
    output: '',
    outputTruncated: false,
    sandbox: 'bubblewrap',
    integrity: { missingTests: [], canaries: 'ok', ignoredPreexisting: [] },
    ...overrides,
  };
}

const pass = (name: string): TestOutcome => ({ name, status: 'passed' });
const fail = (name: string): TestOutcome => ({ name, status: 'failed', message: 'boom' });

describe('accounting against the baseline', () => {
  before(() => ensureLanguageLayer());

  it('compares test ids as multisets: a parametrized id run twice must appear twice', () => {
    assert.deepEqual(missingIds(['t[a]', 't[a]', 'u'], ['t[a]', 'u']), ['t[a]']);
    assert.deepEqual(missingIds(['t[a]', 'u'], ['u', 't[a]', 'extra']), []);
  });

  it('never passes a report that lost baseline tests: tampered when the rest claim a pass, else failed', () => {
    const baseline = { testIds: ['a', 'b', 'c'], failingBefore: [] };
    // os._exit(0) after the first test, or node's lone file-level case: what is left "passes".
    const early = accountForBaseline(result([pass('a')]), baseline);
    assert.equal(early.status, 'tampered');
    assert.deepEqual(early.integrity?.missingTests, ['b', 'c']);
    assert.match(early.reason ?? '', /2 of the 3 tests the baseline ran are missing/);
    const fileLevel = accountForBaseline(result([pass('/ws/slug.test.js')]), baseline);
    assert.equal(fileLevel.status, 'tampered');
    const lostButFailing = accountForBaseline(result([fail('a'), pass('b')]), baseline);
    assert.equal(lostButFailing.status, 'failed');
    assert.deepEqual(lostButFailing.integrity?.missingTests, ['c']);
    // A run with no report at all while the baseline had tests (e.g. TAP suppressed, exit 0).
    assert.equal(accountForBaseline(result([], { reportFormat: 'exit-code', exitCode: 0 }), baseline).status, 'tampered');
  });

  it('leaves tests failing before the run out of the verdict, so one broken unrelated test does not fail every candidate', () => {
    const baseline = { testIds: ['a', 'b', 'broken'], failingBefore: ['broken'] };
    const r = accountForBaseline(result([pass('a'), pass('b'), fail('broken')]), baseline);
    assert.equal(r.status, 'passed');
    assert.equal(r.total, 2);
    assert.equal(r.failed, 0);
    assert.deepEqual(r.integrity, { missingTests: [], canaries: 'ok', ignoredPreexisting: ['broken'] });
    // A real failure elsewhere still fails; a crash exit does not become a pass.
    assert.equal(accountForBaseline(result([fail('a'), pass('b'), fail('broken')]), baseline).status, 'failed');
    assert.equal(accountForBaseline(result([pass('a'), pass('b'), fail('broken')], { exitCode: 3 }), baseline).status, 'failed');
    // Tampered and timed-out results keep their status.
    assert.equal(accountForBaseline(result([pass('a')], { status: 'tampered' }), baseline).status, 'tampered');
    assert.equal(accountForBaseline(result([], { status: 'timeout' }), baseline).status, 'timeout');
  });

  it('wraps any verifier and passes probes through', async () => {
    const inner = new FakeVerifier(() => ({ tests: { a: true } }));
    const checked = new BaselineCheckedVerifier(inner, { testIds: ['a', 'b'], failingBefore: [] });
    assert.equal(checked.description, inner.description);
    const task = taskForFunction({ workspaceRoot: '/nonexistent', filePath: 'm.py', fileText: 'def f():\n    pass\n', functionName: 'f', testCommand: 'pytest' });
    const r = await checked.verify({ task, candidateId: 1, fileText: task.fileText, probes: ['f()'] }, new AbortController().signal);
    assert.equal(r.status, 'tampered');
    assert.deepEqual(inner.jobs[0].probes, ['f()']);
  });
});

describe('witness stub', () => {
  before(() => ensureLanguageLayer());

  it('Python: the body raises the nonce, signature and docstring kept, for body and function targets', () => {
    const text = 'import os\n\n\ndef f(a, b=1):\n    """Doc."""\n    x = a\n    return x + b\n\n\ndef g():\n    return 2\n';
    for (const targetKind of ['body', 'function'] as const) {
      const task = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: text, functionName: 'f', testCommand: 'pytest', targetKind });
      assert.equal(
        witnessFileText(task, 'n0nce'),
        'import os\n\n\ndef f(a, b=1):\n    """Doc."""\n    raise RuntimeError("best-of-n witness n0nce")\n\n\ndef g():\n    return 2\n',
      );
    }
    const empty = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: 'def f():\n    """Doc."""\n', functionName: 'f', testCommand: 'pytest', targetKind: 'body' });
    assert.equal(witnessFileText(empty, 'n'), 'def f():\n    """Doc."""\n    raise RuntimeError("best-of-n witness n")\n');
    const inline = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: 'def f(): return 1\n', functionName: 'f', testCommand: 'pytest' });
    assert.equal(witnessFileText(inline, 'n'), 'def f(): raise RuntimeError("best-of-n witness n")\n');
  });

  it('JavaScript/TypeScript: a throw first, the body kept (strict compilers see every parameter used)', () => {
    const block = 'export function parse(s: string): number {\n  const n = Number(s);\n  return n;\n}\n';
    const t1 = taskForFunction({ workspaceRoot: '/w', filePath: 'd.ts', fileText: block, functionName: 'parse', testCommand: 'jest' });
    assert.equal(witnessFileText(t1, 'n'), 'export function parse(s: string): number {\n  if (globalThis) throw new Error("best-of-n witness n");\n  const n = Number(s);\n  return n;\n}\n');
    const arrow = 'const twice = (x) => x * 2;\n';
    const t2 = taskForFunction({ workspaceRoot: '/w', filePath: 'd.js', fileText: arrow, functionName: 'twice', testCommand: 'node --test' });
    assert.equal(witnessFileText(t2, 'n'), 'const twice = (x) => (globalThis ? (() => { throw new Error("best-of-n witness n"); })() : (x * 2));\n');
  });
});

/** Judges by file text: `reach` tests show the stub's error when the witness stub is in place. */
function ruleVerifier(rule: (fileText: string) => { tests: TestOutcome[]; reportFormat?: VerifierResult['reportFormat']; output?: string }): Verifier & { jobs: VerifyJob[] } {
  const jobs: VerifyJob[] = [];
  return {
    jobs,
    description: 'rule',
    verify: async (job) => {
      jobs.push(job);
      const { tests, reportFormat, output } = rule(job.fileText);
      return result(tests, { ...(reportFormat ? { reportFormat } : {}), output: output ?? '' });
    },
    dispose: async () => undefined,
  };
}

describe('runBaseline decisions', () => {
  const text = 'def f(x):\n    """Doc."""\n    raise NotImplementedError\n';
  let task: Task;
  before(async () => {
    await ensureLanguageLayer();
    task = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: text, functionName: 'f', testCommand: 'pytest', targetKind: 'body' });
  });
  const stubError = (fileText: string): string | undefined => /best-of-n witness [0-9a-f]+/.exec(fileText)?.[0];

  it('runs the baseline (job 0) and the witness (job -1); the nonce tells reaching tests from ones failing for their own reasons', async () => {
    const verifier = ruleVerifier((fileText) => {
      const error = stubError(fileText) ?? 'NotImplementedError';
      return { tests: [{ name: 't::uses_f', status: 'failed', message: `RuntimeError: ${error}` }, { name: 't::other', status: 'passed' }, { name: 't::broken', status: 'failed', message: 'assert 1 == 2' }] };
    });
    const { summary, stop } = await runBaseline(task, verifier, new AbortController().signal);
    assert.equal(stop, undefined);
    assert.equal(verifier.jobs.length, 2);
    assert.deepEqual(verifier.jobs.map((j) => j.candidateId), [0, -1]);
    assert.equal(summary.witness, 'reached');
    assert.deepEqual(summary.reaching, ['t::uses_f']);
    assert.deepEqual(summary.failingBefore, ['t::broken']);
    assert.deepEqual(summary.testIds, ['t::uses_f', 't::other', 't::broken']);
  });

  it('stops when no outcome shows the nonce, and does not block a runner without per-test results', async () => {
    const blind = ruleVerifier(() => ({ tests: [{ name: 't::a', status: 'passed' }] }));
    const blocked = await runBaseline(task, blind, new AbortController().signal);
    assert.equal(blocked.summary.witness, 'not-reached');
    assert.equal(blocked.stop?.kind, 'tests-do-not-reach');
    assert.match(blocked.stop?.message ?? '', /The tests never ran f in m\.py/);
    const exitOnly = ruleVerifier(() => ({ tests: [], reportFormat: 'exit-code' }));
    const unknown = await runBaseline(task, exitOnly, new AbortController().signal);
    assert.equal(unknown.summary.witness, 'unknown');
    assert.equal(unknown.stop, undefined);
    // A test passing before and failing with the stub reached it, even if its message hides the error.
    const flips = ruleVerifier((fileText) => ({ tests: [{ name: 't::a', status: stubError(fileText) ? 'failed' : 'passed', message: 'something went wrong' }] }));
    assert.equal((await runBaseline(task, flips, new AbortController().signal)).summary.witness, 'reached');
  });
});
