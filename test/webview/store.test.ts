import assert from 'assert';
import { formatCost, formatMs, stateLabel } from '../../webview-ui/format';
import { nextSelection } from '../../webview-ui/render/candidateList';
import { parseNumberField } from '../../webview-ui/render/controls';
import { applyHostMessage, defaultSelection, isVerified, jsonEqual } from '../../webview-ui/store';
import { isOpen, parseViewState } from '../../webview-ui/viewState';
import { candidate, finished, finishedRun, panelState, run } from './fixtures';

describe('webview store (pure parts)', () => {
  it('ignores deltas before the first snapshot, then applies them to the current run only', () => {
    const delta = { type: 'candidate/delta', runId: 'run-1', candidateId: 1, content: 'x' } as const;
    assert.deepStrictEqual(applyHostMessage(null, delta), { state: null });
    const state = panelState({ run: run({ candidates: [candidate(1, { content: 'ab' })] }) });
    const next = applyHostMessage(state, delta).state!;
    assert.strictEqual(next.run!.candidates[0].content, 'abx');
    assert.strictEqual(state.run!.candidates[0].content, 'ab', 'the previous state is not mutated');
    assert.strictEqual(next.controls, state.controls, 'untouched parts keep their identity');
    assert.strictEqual(applyHostMessage(state, { ...delta, runId: 'other' }).state, state, 'other runs are dropped');
    assert.strictEqual(applyHostMessage(state, { ...delta, candidateId: 9 }).state, state, 'unknown candidates are dropped');
  });

  it('clears a candidate\'s streamed text on a reset delta (a retried request), then appends', () => {
    const state = panelState({ run: run({ candidates: [candidate(1, { content: 'half an ans', reasoningText: 'half a tho' })] }) });
    const next = applyHostMessage(state, { type: 'candidate/delta', runId: 'run-1', candidateId: 1, reset: true }).state!;
    assert.deepStrictEqual([next.run!.candidates[0].content, next.run!.candidates[0].reasoningText], ['', '']);
    const again = applyHostMessage(next, { type: 'candidate/delta', runId: 'run-1', candidateId: 1, content: 'an', reset: true }).state!;
    assert.strictEqual(again.run!.candidates[0].content, 'an', 'text sent with the reset follows it');
  });

  it('upserts candidates in id order and passes notices through', () => {
    let state = panelState({ run: run({ candidates: [candidate(1), candidate(3)] }) });
    state = applyHostMessage(state, { type: 'candidate/updated', runId: 'run-1', candidate: candidate(2) }).state!;
    state = applyHostMessage(state, { type: 'candidate/updated', runId: 'run-1', candidate: finished(3, 0, 2) }).state!;
    assert.deepStrictEqual(state.run!.candidates.map((c) => [c.id, c.state]), [[1, 'sampling'], [2, 'sampling'], [3, 'passed']]);
    const { state: same, notice } = applyHostMessage(state, { type: 'notice/show', level: 'info', message: 'hi' });
    assert.strictEqual(same, state);
    assert.deepStrictEqual(notice, { level: 'info', message: 'hi' });
  });

  it('calls a candidate verified only when it passed with code', () => {
    assert.strictEqual(isVerified(finished(1, 0, 2)), true);
    assert.strictEqual(isVerified(finished(1, 0, 1)), false);
    assert.strictEqual(isVerified({ ...finished(1, 0, 2), code: undefined }), false);
    assert.strictEqual(isVerified(candidate(1, { state: 'passed' })), false, 'no verification result');
  });

  it('selects the choice, else the best ranked, else the first', () => {
    const r = finishedRun();
    assert.strictEqual(defaultSelection(r), 1);
    assert.strictEqual(defaultSelection({ ...r, choice: null, ranking: [3, 1] }), 3);
    assert.strictEqual(defaultSelection({ ...r, choice: null, ranking: [] }), 1);
    assert.strictEqual(defaultSelection(run()), null);
  });

  it('moves the list selection with arrows, Home and End, clamped at the ends', () => {
    const ids = [1, 2, 5];
    assert.strictEqual(nextSelection(ids, null, 'ArrowDown'), 1);
    assert.strictEqual(nextSelection(ids, 2, 'ArrowDown'), 5);
    assert.strictEqual(nextSelection(ids, 5, 'ArrowDown'), 5);
    assert.strictEqual(nextSelection(ids, 1, 'ArrowUp'), 1);
    assert.strictEqual(nextSelection(ids, 5, 'Home'), 1);
    assert.strictEqual(nextSelection(ids, 1, 'End'), 5);
    assert.strictEqual(nextSelection(ids, 1, 'a'), undefined);
    assert.strictEqual(nextSelection([], null, 'ArrowDown'), undefined);
  });

  it('reads saved view state defensively', () => {
    assert.deepStrictEqual(parseViewState(undefined), { runId: null, selectedId: null, open: {} });
    assert.deepStrictEqual(parseViewState({ runId: 7, selectedId: '2', open: { tests: 'yes', output: true, bogus: true } }), { runId: null, selectedId: null, open: { output: true } });
    const view = parseViewState({ runId: 'r', selectedId: 2, open: { diff: false } });
    assert.strictEqual(isOpen(view, 'diff'), false);
    assert.strictEqual(isOpen(view, 'tests'), true, 'default');
  });

  it('parses number fields with the reasons a value is refused', () => {
    const range = { min: 1, max: 100, step: 1 };
    assert.deepStrictEqual(parseNumberField('n', ' 12 ', range), { value: 12 });
    assert.deepStrictEqual(parseNumberField('n', '', range), { error: 'Samples (N) must be a number.' });
    assert.deepStrictEqual(parseNumberField('n', '2.5', range), { error: 'Samples (N) must be a whole number.' });
    assert.deepStrictEqual(parseNumberField('n', '101', range), { error: 'Samples (N) must be between 1 and 100.' });
    assert.deepStrictEqual(parseNumberField('temperature', '0.35', { min: 0, max: 2, step: 0.1 }), { value: 0.35 });
  });

  it('formats durations, costs and states for people', () => {
    assert.deepStrictEqual([formatMs(850), formatMs(2340), formatMs(65_000)], ['850 ms', '2.3 s', '1 m 05 s']);
    assert.deepStrictEqual([formatCost(0), formatCost(0.00042), formatCost(0.0123), formatCost(12.5)], ['$0', '$0.00042', '$0.012', '$12.50']);
    assert.strictEqual(stateLabel(candidate(4, { state: 'duplicate', duplicateOf: 2 })), 'duplicate of #2');
    assert.strictEqual(stateLabel(finished(1, 0, 1)), 'failed 1/2');
  });
});

describe('webview store: run updates keep unchanged parts', () => {
  it('reuses candidates, totals and ranking that did not change, so renders can be skipped', () => {
    const first = finishedRun();
    const state = panelState({ run: first });
    const next = structuredClone(first);
    next.candidates[1] = { ...next.candidates[1], latencyMs: 9999 };
    const updated = applyHostMessage(state, { type: 'run/updated', run: next }).state!.run!;
    assert.strictEqual(updated.candidates[0], first.candidates[0]);
    assert.notStrictEqual(updated.candidates[1], first.candidates[1]);
    assert.strictEqual(updated.candidates[1].latencyMs, 9999);
    assert.strictEqual(updated.totals, first.totals);
    assert.strictEqual(updated.ranking, first.ranking);
    const again = applyHostMessage(panelState({ run: updated }), { type: 'run/updated', run: structuredClone(updated) }).state!.run!;
    assert.strictEqual(again.candidates, updated.candidates, 'an identical update keeps the whole list');
    const otherRun = applyHostMessage(state, { type: 'run/updated', run: { ...structuredClone(first), runId: 'run-2' } }).state!.run!;
    assert.notStrictEqual(otherRun.candidates[0], first.candidates[0], 'a new run shares nothing');
  });

  it('compares JSON values structurally', () => {
    assert.ok(jsonEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }));
    assert.ok(!jsonEqual({ a: [1] }, { a: [1, 2] }));
    assert.ok(!jsonEqual({ a: undefined }, { b: undefined }));
    assert.ok(!jsonEqual([1], { 0: 1 }));
    assert.ok(!jsonEqual(null, {}));
  });
});
