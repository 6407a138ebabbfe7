import type { PanelState, RunView } from '../../src/protocol';
import { button, h } from '../dom';
import { formatCount } from '../format';
import { icon } from '../icons';
import type { PanelContext } from './context';

/** What a running run is doing, in words, from the moment it was asked for. */
function phaseText(run: RunView): string {
  const phase = run.phase ?? { name: 'starting' as const };
  const progress = `${formatCount(run.totals.samples)} of ${formatCount(run.n)} samples drawn, ${formatCount(run.totals.verified)} passing`;
  const wave = phase.wave !== undefined ? ` wave ${phase.wave}` : '';
  switch (phase.name) {
    case 'starting':
      return 'starting…';
    case 'baseline':
      return 'running the tests on the current code…';
    case 'generating-tests':
      return 'writing extra tests with the model…';
    case 'sampling':
      return `sampling${wave}: ${progress}`;
    case 'verifying':
      return `testing${wave}: ${progress}`;
  }
}

/** The status line; it starts with the run's state so it reads well on its own. */
export function statusText(run: RunView): string {
  switch (run.status) {
    case 'running':
      return `Running — ${phaseText(run)}`;
    case 'finished':
      return run.choice ? `Finished — #${run.choice.candidateId} recommended` : 'Finished — nothing recommended';
    case 'cancelled':
      return 'Cancelled — nothing recommended';
    case 'error':
      return 'Failed';
  }
}

/** The run's title, status and run-level buttons; or the empty state before the first run. */
export function renderRunHeader(state: PanelState, ctx: PanelContext, stale: boolean): (Node | null)[] {
  const run = state.run;
  const solve = button('Solve with Best-of-N', () => ctx.startRun({ type: 'run/start' }), {
    class: run ? 'secondary' : 'primary',
    key: 'solve',
    disabled: !state.workspaceTrusted || stale,
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
    h(
      'p',
      { class: `run-status status-${run.status}`, attrs: { role: 'status', 'data-role': 'run-status', 'data-phase': running ? (run.phase?.name ?? 'starting') : run.status } },
      running ? icon('loading', 'codicon-modifier-spin') : null,
      statusText(run),
    ),
    h(
      'div',
      { class: 'actions' },
      running ? button('Cancel', () => ctx.post({ type: 'run/cancel', runId: run.runId }), { key: 'cancel' }) : null,
      !running ? button('Re-run', () => ctx.startRun({ type: 'run/rerun', runId: run.runId }), { key: 'rerun', disabled: !state.workspaceTrusted || stale }) : null,
      !running ? solve : null,
    ),
  ];
}
