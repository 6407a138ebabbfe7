import * as assert from 'node:assert/strict';
import type { BaselineSummary } from '../../../src/engine/events';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { openRun, reduceRun } from '../../../src/vscode/runView';
import { makeCandidate, makeResult, startedEvent, stubTask } from '../../doubles/scriptedSolve';

const task = stubTask();
const started = startedEvent(2);
const baseline: BaselineSummary = { testIds: ['a', 'b', 'c'], failingBefore: ['c'], reaching: ['a', 'b'], witness: 'reached', explanation: 'Two tests reach f.', durationMs: 900 };

function verdict(status: VerifierResult['status'], extra: Partial<VerifierResult> = {}): VerifierResult {
  return { status, tests: [], passed: 2, failed: 0, total: 2, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap', ...extra };
}

describe('run view: trust states', () => {
  it('shows the baseline as soon as run/baseline arrives, and keeps it through the end', () => {
    let run = openRun(started, task, { reasoning: {} });
    assert.equal(run.baseline, undefined);
    run = reduceRun(run, { type: 'run/baseline', runId: 'r', baseline }, 1);
    assert.deepEqual(run.baseline, { testCount: 3, failingBefore: ['c'], reachingCount: 2, witness: 'reached', explanation: 'Two tests reach f.', durationMs: 900 });
    run = reduceRun(run, { type: 'run/finished', runId: 'r', result: makeResult('r', []) }, 2);
    assert.equal(run.baseline?.testCount, 3);
    assert.ok(parseHostMessage({ type: 'run/updated', run }), 'the view passes the webview validator');
  });

  it('says which tests each candidate ran, and adds the whole command\'s run on the pick when the run ends', () => {
    const selection = { mode: 'selected' as const, command: 'pytest tests/test_a.py::test_a', tests: ['tests/test_a.py::test_a'], cases: { selected: 1, whole: 3 }, reason: 'one of three tests calls f', confirmations: [] };
    let run = openRun(started, task, { reasoning: {} });
    run = reduceRun(run, { type: 'run/baseline', runId: 'r', baseline: { ...baseline, selection } }, 1);
    assert.deepEqual(run.baseline?.selection, { mode: 'selected', command: 'pytest tests/test_a.py::test_a', cases: { selected: 1, whole: 3 }, reason: 'one of three tests calls f', confirmations: [] });
    const confirmed = { ...selection, confirmations: [{ candidateId: 4, status: 'failed' as const, passed: 2, total: 3, durationMs: 5 }, { candidateId: 2, status: 'passed' as const, passed: 3, total: 3, durationMs: 5 }] };
    run = reduceRun(run, { type: 'run/finished', runId: 'r', result: { ...makeResult('r', []), baseline: { ...baseline, selection }, testSelection: confirmed } }, 2);
    assert.deepEqual(run.baseline?.selection?.confirmations, [{ candidateId: 4, status: 'failed', passed: 2, total: 3 }, { candidateId: 2, status: 'passed', passed: 3, total: 3 }]);
    assert.ok(parseHostMessage({ type: 'run/updated', run }), 'the view passes the webview validator');
    const bad = { ...run, baseline: { ...run.baseline!, selection: { ...run.baseline!.selection!, mode: 'some' } } };
    assert.equal(parseHostMessage({ type: 'run/updated', run: bad }), undefined);
  });

  it('maps risk signs and a tampered verdict with its reason; the validator accepts both', () => {
    let run = openRun(started, task, { reasoning: {} });
    const risky = makeCandidate(1, { state: 'passed', code: 'x', verification: verdict('passed'), riskSigns: [{ source: 'static', kind: 'environment', detail: 'os.environ at line 2 of the candidate' }] });
    const tampered = makeCandidate(2, { state: 'tampered', code: 'y', verification: verdict('tampered', { integrity: { missingTests: [], canaries: 'forged', ignoredPreexisting: [] } }) });
    run = reduceRun(run, { type: 'candidate/updated', runId: 'r', candidate: risky }, 1);
    run = reduceRun(run, { type: 'candidate/updated', runId: 'r', candidate: tampered }, 1);
    assert.deepEqual(run.candidates[0].riskSigns, [{ source: 'static', kind: 'environment', label: 'env', detail: 'os.environ at line 2 of the candidate' }]);
    assert.equal(run.candidates[1].state, 'tampered');
    assert.match(run.candidates[1].verification?.reason ?? '', /canary test came out wrong/);
    assert.ok(parseHostMessage({ type: 'run/updated', run }));
    assert.equal(parseHostMessage({ type: 'run/updated', run: { ...run, candidates: [{ ...run.candidates[0], riskSigns: [{ source: 'static', kind: 'bogus', label: 'x', detail: 'x' }] }] } }), undefined);
  });
});
