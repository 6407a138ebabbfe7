import type { BaselineView, PanelState, RunView } from '../../src/protocol';
import { button, h, warningIcon } from '../dom';
import { formatMs } from '../format';
import type { PanelContext } from './context';
import { planLabel } from './sampling';

function statusText(run: RunView): string {
  switch (run.status) {
    case 'running':
      return `Running — ${run.totals.samples} of ${run.n} samples drawn, ${run.totals.verified} verified`;
    case 'finished':
      return run.choice ? `Finished — #${run.choice.candidateId} recommended` : 'Finished — nothing recommended';
    case 'cancelled':
      return 'Cancelled';
    case 'error':
      return 'Failed';
  }
}

function reasoningLabel(r: RunView['reasoning']): string {
  const parts = [r.effort !== undefined ? `effort ${r.effort}` : 'default effort'];
  if (r.budgetTokens !== undefined) parts.push(`reasoning budget ${r.budgetTokens}`);
  if (r.fastMode) parts.push('fast mode');
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What the tests did before sampling: tests found, failing before the run, whether they reach the target. */
function baselineBlock(run: RunView): HTMLElement | null {
  const b: BaselineView | undefined = run.baseline;
  if (!b) {
    // Before the first sample the tests run on the current code; say so rather than show nothing.
    return run.status === 'running' && run.candidates.length === 0
      ? h('p', { class: 'muted baseline', attrs: { 'data-role': 'baseline', 'data-witness': 'pending' } }, 'Tests: running them on the current code and with the target stubbed out…')
      : null;
  }
  const failing = b.failingBefore.length ? `${plural(b.failingBefore.length, 'test')} failing before the run (left out of verdicts)` : 'none failing before the run';
  const witness =
    b.witness === 'reached'
      ? `reach the code being replaced (${plural(b.reachingCount, 'test')} hit the stub)`
      : b.witness === 'not-reached'
        ? 'do NOT reach the code being replaced'
        : 'may or may not reach the code (no per-test report to tell)';
  return h(
    'div',
    { class: `baseline witness-${b.witness}`, attrs: { 'data-role': 'baseline', 'data-witness': b.witness, ...(b.witness === 'not-reached' ? { role: 'alert' } : {}) } },
    h('p', {}, b.witness !== 'reached' ? warningIcon() : null, h('strong', {}, 'Tests: '), `${plural(b.testCount, 'test')} found, ${failing}; they ${witness}.`, h('span', { class: 'muted' }, ` (${formatMs(b.durationMs)})`)),
    b.failingBefore.length > 0 && h('p', { class: 'muted', attrs: { 'data-role': 'failing-before' } }, `Failing before the run: ${b.failingBefore.slice(0, 8).join(', ')}${b.failingBefore.length > 8 ? ', …' : ''}`),
    b.explanation && h('p', { class: b.witness === 'not-reached' ? 'note warning' : 'muted', attrs: { 'data-role': 'baseline-explanation' } }, b.explanation),
  );
}

/** The run's title, status and run-level buttons; or the empty state before the first run. */
export function renderRunHeader(state: PanelState, ctx: PanelContext): (Node | null)[] {
  const run = state.run;
  const solve = button('Solve with Best-of-N', () => ctx.post({ type: 'run/start' }), {
    class: run ? 'secondary' : 'primary',
    key: 'solve',
    disabled: !state.workspaceTrusted,
    title: state.workspaceTrusted ? 'Solve the function at the cursor in the active editor' : 'Trust the workspace first: solving runs its tests',
  });
  if (!run) {
    return [
      h(
        'div',
        { class: 'empty', attrs: { 'data-role': 'empty-state' } },
        h('p', {}, 'No run yet. Put the cursor in a function that has unit tests, then solve it: Best-of-N samples candidates, runs your tests on each in a sandbox and shows what passed.'),
        h('div', { class: 'actions' }, solve),
      ),
    ];
  }
  const task = run.task;
  const name = task.functionName ?? (task.targetKind === 'selection' ? 'selection' : 'target');
  const running = run.status === 'running';
  return [
    h('h1', { class: 'run-title' }, name, h('span', { class: 'muted' }, ` · ${task.filePath}`)),
    // The baseline comes first: whether the tests can judge a candidate at all.
    baselineBlock(run),
    h('p', { class: 'run-status', attrs: { role: 'status', 'data-role': 'run-status' } }, statusText(run)),
    h('p', { class: 'muted' }, `Tests: `, h('code', {}, task.testCommand), ` · ${run.verifier}`),
    h('p', { class: 'muted', attrs: { 'data-role': 'run-reasoning' } }, `Asked for: ${reasoningLabel(run.reasoning)} · N ${run.n}`),
    h('p', { class: 'muted', attrs: { 'data-role': 'run-plan' } }, `Sampling: ${planLabel(run.plan, run.n)}`),
    h(
      'div',
      { class: 'actions' },
      running ? button('Cancel', () => ctx.post({ type: 'run/cancel', runId: run.runId }), { key: 'cancel' }) : null,
      !running ? button('Re-run', () => ctx.post({ type: 'run/rerun', runId: run.runId }), { key: 'rerun', disabled: !state.workspaceTrusted }) : null,
      !running ? solve : null,
    ),
  ];
}
