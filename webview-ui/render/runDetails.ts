import type { BaselineView, ProgressPointView, RunView, TestSelectionView } from '../../src/protocol';
import { h, svg, warningIcon } from '../dom';
import { formatCost, formatCount, formatMs, plural, reasoningShort } from '../format';
import { stateIcon } from '../icons';
import { modelStatsTable } from './modelStats';
import { strengthBadge } from './pick';
import { endedByLabel, planLabel, samplingRows } from './sampling';

const WIDTH = 260;
const HEIGHT = 120;
const PAD = { left: 34, right: 10, top: 8, bottom: 32 };

/** Candidates passing every test against samples drawn, as a step line with labelled axes. */
export function progressChart(points: readonly ProgressPointView[], n: number): SVGSVGElement {
  const maxX = Math.max(1, n, ...points.map((p) => p.samples));
  const maxY = Math.max(1, ...points.map((p) => p.verified));
  const x = (v: number): number => PAD.left + (v / maxX) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number): number => HEIGHT - PAD.bottom - (v / maxY) * (HEIGHT - PAD.top - PAD.bottom);
  const last = points[points.length - 1];
  const description = last ? `${last.verified} passing every test after ${last.samples} of ${n} samples` : 'no samples yet';
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `Candidates passing every test against samples drawn: ${description}` });
  chart.appendChild(svg('title', {}, `Passing every test vs samples drawn: ${description}`));
  chart.appendChild(svg('path', { class: 'chart-axis', d: `M${x(0)},${y(maxY)} L${x(0)},${y(0)} L${x(maxX)},${y(0)}`, fill: 'none' }));
  // Tick values at both ends of each axis, and what each axis counts.
  chart.appendChild(svg('text', { class: 'chart-label', x: x(0) - 4, y: y(maxY) + 4, 'text-anchor': 'end' }, String(maxY)));
  chart.appendChild(svg('text', { class: 'chart-label', x: x(0) - 4, y: y(0) + 4, 'text-anchor': 'end' }, '0'));
  chart.appendChild(svg('text', { class: 'chart-label', x: x(0), y: y(0) + 12, 'text-anchor': 'middle' }, '0'));
  chart.appendChild(svg('text', { class: 'chart-label', x: x(maxX), y: y(0) + 12, 'text-anchor': 'end' }, String(maxX)));
  chart.appendChild(svg('text', { class: 'chart-label axis-title', x: (x(0) + x(maxX)) / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, 'samples drawn'));
  chart.appendChild(
    svg('text', { class: 'chart-label axis-title', x: 10, y: (y(0) + y(maxY)) / 2, 'text-anchor': 'middle', transform: `rotate(-90 10 ${(y(0) + y(maxY)) / 2})` }, 'passing'),
  );
  if (points.length > 0) {
    // Step line: the count holds until the next sample changes it.
    let d = `M${x(0)},${y(0)}`;
    let prev = 0;
    for (const p of points) {
      d += ` L${x(p.samples)},${y(prev)} L${x(p.samples)},${y(p.verified)}`;
      prev = p.verified;
    }
    chart.appendChild(svg('path', { class: 'chart-line', d, fill: 'none', 'data-points': points.length }));
  }
  return chart;
}

/** The one-line summary shown on the collapsed "Run details": the same numbers as inside. */
export function runSummary(run: RunView): string {
  const t = run.totals;
  return `${formatCount(t.samples)} of ${formatCount(run.n)} samples · ${formatCount(t.verified)} passing · ${formatMs(t.wallMs)}${t.costUsd > 0 ? ` · ${formatCost(t.costUsd)}` : ''}`;
}

/** What the tests did before sampling: tests found, failing before the run, whether they reach the target. */
export function baselineBlock(run: RunView): HTMLElement | null {
  const b: BaselineView | undefined = run.baseline;
  if (!b) return null;
  const failing = b.failingBefore.length ? `${plural(b.failingBefore.length, 'test')} failing before the run (left out of verdicts)` : 'none failing before the run';
  const witness =
    b.witness === 'reached'
      ? `reach the code being replaced (${plural(b.reachingCount, 'test')} hit the stub)`
      : b.witness === 'not-reached'
        ? 'do NOT reach the code being replaced'
        : 'may or may not reach the code (no per-test report to tell)';
  return h(
    'div',
    { class: `baseline witness-${b.witness}`, attrs: { 'data-role': 'baseline', 'data-witness': b.witness } },
    h('p', {}, b.witness !== 'reached' ? warningIcon() : null, h('strong', {}, 'Tests: '), `${plural(b.testCount, 'test')} found, ${failing}; they ${witness}.`, h('span', { class: 'muted' }, ` (${formatMs(b.durationMs)})`)),
    b.failingBefore.length > 0 && h('p', { class: 'muted', attrs: { 'data-role': 'failing-before' } }, `Failing before the run: ${b.failingBefore.slice(0, 8).join(', ')}${b.failingBefore.length > 8 ? ', …' : ''}`),
    b.explanation && h('p', { class: 'muted', attrs: { 'data-role': 'baseline-explanation' } }, b.explanation),
    b.selection ? selectionBlock(b.selection) : null,
  );
}

/** Which tests each candidate ran, and whether the whole command confirmed the pick. */
function selectionBlock(s: TestSelectionView): HTMLElement {
  const ran =
    s.mode === 'selected'
      ? `Each candidate ran only the tests that exercise the target${s.cases ? ` (${plural(s.cases.selected, 'test case')} of ${formatCount(s.cases.whole)})` : ''}: `
      : 'Each candidate ran the whole test command: ';
  const confirmations = s.confirmations.map((c) =>
    h(
      'li',
      { attrs: { 'data-role': 'confirmation', 'data-status': c.status } },
      stateIcon(c.status),
      ` The whole command on #${c.candidateId}: ${c.status === 'passed' ? 'passed' : c.status} (${formatCount(c.passed)}/${formatCount(c.total)} tests).`,
    ),
  );
  return h(
    'div',
    { attrs: { 'data-role': 'test-selection', 'data-mode': s.mode } },
    h('p', {}, ran, h('code', {}, s.command)),
    h('p', { class: 'muted' }, s.reason),
    confirmations.length > 0 && h('ul', { class: 'plain' }, ...confirmations),
  );
}

/** Notes that hold for every candidate of the run, each shown once: the sandbox, knobs the provider dropped, budgets. */
function runNotes(run: RunView): Node[] {
  const sandboxNotes = [...new Set(run.candidates.map((c) => c.verification?.sandboxNote).filter((n): n is string => n !== undefined))];
  const notApplied = [...new Set(run.candidates.flatMap((c) => c.applied?.notApplied ?? []))];
  return [
    ...sandboxNotes.map((note) => h('p', { class: 'note warning', attrs: { 'data-role': 'sandbox-note' } }, warningIcon(), note)),
    ...(notApplied.length > 0 ? [h('p', { class: 'note warning', attrs: { 'data-banner': 'not-applied' } }, warningIcon(), h('strong', {}, 'Not applied by the provider: '), notApplied.join('; '))] : []),
    ...run.notices.map((notice) => h('p', { class: 'note', attrs: { 'data-banner': 'budget' } }, notice)),
  ];
}

/** Everything about the run but its answer: tests, sampling, totals in words, the chart, and run-wide notes. */
export function renderRunDetails(run: RunView): Node[] {
  const t = run.totals;
  const rows: [string, string, string?][] = [
    ['Samples', `${formatCount(t.samples)} of ${formatCount(run.n)}${t.duplicates ? ` (${plural(t.duplicates, 'duplicate')})` : ''}`, 'samples'],
    ['Passed every test', formatCount(t.verified), 'passing'],
    ['Tokens', `${formatCount(t.promptTokens)} prompt · ${formatCount(t.reasoningTokens)} reasoning · ${formatCount(t.completionTokens)} completion`, 'tokens'],
    ['Cost', formatCost(t.costUsd)],
    ['Wall time', formatMs(t.wallMs)],
  ];
  if (run.stoppedBy) rows.push(['Ended by', endedByLabel(run, run.stoppedBy), 'ended-by']);
  for (const row of samplingRows(run)) rows.push([row.label, row.value, row.role]);
  if (t.cacheHits) rows.push(['Test runs reused', formatCount(t.cacheHits)]);
  return [
    baselineBlock(run) ?? h('span', {}),
    h('p', { class: 'muted' }, 'Test command: ', h('code', {}, run.task.testCommand), run.verifier ? ` · ${run.verifier}` : ''),
    h('p', { class: 'muted', attrs: { 'data-role': 'run-reasoning' } }, `Asked for: ${reasoningShort(run.reasoning)} · N ${run.n}`),
    h('p', { class: 'muted', attrs: { 'data-role': 'run-plan' } }, `Sampling: ${planLabel(run.plan, run.n)}`),
    // A finished run shows the strength beside its answer; only a cancelled one shows it here.
    run.verifierStrength && run.status !== 'finished' ? h('div', { class: 'strength-row' }, 'Tests: ', strengthBadge(run.verifierStrength)) : h('span', {}),
    ...runNotes(run),
    h('dl', { class: 'totals', attrs: { 'data-role': 'totals' } }, ...rows.flatMap(([k, v, role]) => [h('dt', {}, k), h('dd', { attrs: { 'data-role': role } }, v)])),
    modelStatsTable(run) ?? h('span', {}),
    progressChart(run.progress, run.n),
  ];
}
