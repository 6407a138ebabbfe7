import type { ProgressPointView, RunView } from '../../src/protocol';
import { h, svg } from '../dom';
import { formatCost, formatCount, formatMs } from '../format';
import { endedByLabel, samplingRows } from './sampling';

const WIDTH = 240;
const HEIGHT = 90;
const PAD = { left: 26, right: 8, top: 8, bottom: 18 };

/** Verified candidates against samples drawn, as a step line (SVG built with DOM APIs). */
export function progressChart(points: readonly ProgressPointView[], n: number): SVGSVGElement {
  const maxX = Math.max(1, n, ...points.map((p) => p.samples));
  const maxY = Math.max(1, ...points.map((p) => p.verified));
  const x = (v: number): number => PAD.left + (v / maxX) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number): number => HEIGHT - PAD.bottom - (v / maxY) * (HEIGHT - PAD.top - PAD.bottom);
  const last = points[points.length - 1];
  const description = last ? `${last.verified} verified after ${last.samples} of ${n} samples` : 'no samples yet';
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `Verified candidates against samples drawn: ${description}` });
  chart.appendChild(svg('title', {}, `Verified vs samples: ${description}`));
  const axis = `M${x(0)},${y(maxY)} L${x(0)},${y(0)} L${x(maxX)},${y(0)}`;
  chart.appendChild(svg('path', { class: 'chart-axis', d: axis, fill: 'none' }));
  chart.appendChild(svg('text', { class: 'chart-label', x: x(0) - 4, y: y(maxY) + 4, 'text-anchor': 'end' }, String(maxY)));
  chart.appendChild(svg('text', { class: 'chart-label', x: x(0) - 4, y: y(0) + 4, 'text-anchor': 'end' }, '0'));
  chart.appendChild(svg('text', { class: 'chart-label', x: x(maxX), y: HEIGHT - 4, 'text-anchor': 'end' }, `${maxX} samples`));
  if (points.length > 0) {
    // Step line: the verified count holds until the next sample changes it.
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

/** Samples, tokens, cost, wall time, what ended the run, and the chart. */
export function renderTotals(run: RunView): Node[] {
  const t = run.totals;
  const rows: [string, string, string?][] = [
    ['Samples', `${formatCount(t.samples)} of ${formatCount(run.n)}${t.duplicates ? ` (${t.duplicates} duplicate${t.duplicates === 1 ? '' : 's'})` : ''}`],
    ['Verified', formatCount(t.verified)],
    ['Tokens p / r / c', `${formatCount(t.promptTokens)} / ${formatCount(t.reasoningTokens)} / ${formatCount(t.completionTokens)}`],
    ['Cost', formatCost(t.costUsd)],
    ['Wall time', formatMs(t.wallMs)],
  ];
  if (run.stoppedBy) rows.push(['Ended by', endedByLabel(run, run.stoppedBy), 'ended-by']);
  for (const row of samplingRows(run)) rows.push([row.label, row.value, row.role]);
  if (t.cacheHits) rows.push(['Verifications reused', formatCount(t.cacheHits)]);
  return [
    h(
      'dl',
      { class: 'totals', attrs: { 'data-role': 'totals' } },
      ...rows.flatMap(([k, v, role]) => [h('dt', {}, k), h('dd', { attrs: { 'data-role': role } }, v)]),
    ),
    progressChart(run.progress, run.n),
  ];
}
