import * as assert from 'node:assert/strict';
import type { BaselineSummary } from '../../../src/engine/events';
import type { Task } from '../../../src/engine/task';
import { accountForBaseline } from '../../../src/engine/verify/integrity/accounting';
import { planSelection, type SelectedBaselineRun } from '../../../src/engine/verify/selection/testSelection';
import type { TestOutcome, VerifierResult } from '../../../src/engine/verify/types';

const task = { testCommand: 'pytest -q', functionName: 'slugify', relatedTests: [] } as unknown as Task;
const outcome = (name: string, status: TestOutcome['status'] = 'passed'): TestOutcome => ({ name, status });
const result = (tests: TestOutcome[], fields: Partial<VerifierResult> = {}): VerifierResult => ({
  status: tests.every((t) => t.status !== 'failed') ? 'passed' : 'failed',
  tests,
  passed: tests.filter((t) => t.status === 'passed').length,
  failed: tests.filter((t) => t.status === 'failed').length,
  total: tests.length,
  reportFormat: 'junit',
  exitCode: 0,
  durationMs: 10,
  output: '',
  outputTruncated: false,
  sandbox: 'bubblewrap',
  ...fields,
});
const baseline = (testIds: string[], fields: Partial<BaselineSummary> = {}): BaselineSummary => ({ testIds, failingBefore: [], reaching: [], witness: 'reached', explanation: '', durationMs: 1, ...fields });
const run = (tests: TestOutcome[], fields: Partial<VerifierResult> = {}): SelectedBaselineRun => ({ ok: true, command: 'pytest -q t::a', tests: ['t.py::a'], result: result(tests, fields) });
const whole = ['t::a', 't::a', 't::b', 'u::c', 'u::d'];

describe('selection held to the baseline', () => {
  it('selects when every selected case is in the baseline (as a multiset), fewer than the whole, with every reaching test', () => {
    const plan = planSelection(task, run([outcome('t::a'), outcome('t::a'), outcome('t::b', 'failed')]), baseline(whole, { reaching: ['t::a'], failingBefore: ['t::b', 'u::c'] }));
    assert.equal(plan.selection.mode, 'selected');
    assert.deepEqual(plan.selection.cases, { selected: 3, whole: 5 });
    // Failing before the run: only the selected ones are left out of the selected verdicts.
    assert.deepEqual(plan.expected, { testIds: ['t::a', 't::a', 't::b'], failingBefore: ['t::b'] });
  });

  it('runs the whole command when the selection is not a true subset of the baseline, or misses a reaching test', () => {
    const reasonOf = (r: SelectedBaselineRun, b: BaselineSummary): string => {
      const plan = planSelection(task, r, b);
      assert.equal(plan.selection.mode, 'whole');
      assert.equal(plan.expected, undefined);
      return plan.selection.reason;
    };
    assert.match(reasonOf(run([outcome('t::a'), outcome('t::zzz')]), baseline(whole)), /1 test cases the whole run does not \(t::zzz\)/);
    assert.match(reasonOf(run([outcome('t::a'), outcome('t::a'), outcome('t::a')]), baseline(whole)), /the whole run does not \(t::a\)/);
    assert.match(reasonOf(run(whole.map((n) => outcome(n))), baseline(whole)), /the related tests are the whole suite/);
    assert.match(reasonOf(run([outcome('t::a')]), baseline(whole, { reaching: ['t::a', 'u::d'] })), /1 tests that reach the target are not among the related tests \(u::d\)/);
    assert.match(reasonOf(run([outcome('t::a', 'skipped')]), baseline(whole)), /ran no test case/);
    assert.match(reasonOf(run([outcome('t::a')], { reportFormat: 'warm-runner' }), baseline(whole)), /warm Python runner/);
    assert.match(reasonOf(run([outcome('t::a')]), baseline([])), /no per-test baseline/);
    assert.match(reasonOf({ ok: false, reason: 'no tests calling the target were found' }, baseline(whole)), /no tests calling the target/);
  });

  it('a selected candidate run that drops one selected case while the rest pass is tampered; extra skipped cases are fine', () => {
    const expected = { testIds: ['t::a', 't::b'], failingBefore: [] };
    const early = accountForBaseline(result([outcome('t::a')]), expected);
    assert.equal(early.status, 'tampered');
    assert.deepEqual(early.integrity?.missingTests, ['t::b']);
    const fine = accountForBaseline(result([outcome('t::a'), outcome('t::b'), outcome('u::c', 'skipped')]), expected);
    assert.equal(fine.status, 'passed');
  });
});
