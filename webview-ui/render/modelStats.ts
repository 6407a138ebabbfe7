import type { ModelStatsView, RunView } from '../../src/protocol';
import { h } from '../dom';
import { formatCost, formatCount, formatMs } from '../format';

/**
 * Per model of a mixed pool: what it drew, how much of it passed every test, what it cost
 * and how long it took, and which one the pick came from — so the user can see whether the
 * dear model earned its place. Null for a one-model run.
 */
export function modelStatsTable(run: RunView): HTMLElement | null {
  const models = run.models;
  if (!models?.length) return null;
  const head = ['Model', 'Samples', 'Passing', 'In pick’s group', 'Tokens', 'Cost', 'Mean time'];
  return h(
    'table',
    { class: 'model-stats', attrs: { 'data-role': 'model-stats' } },
    h('caption', {}, 'Models in this run'),
    h('thead', {}, h('tr', {}, ...head.map((label) => h('th', { attrs: { scope: 'col' } }, label)))),
    h('tbody', {}, ...models.map(modelRow)),
  );
}

function modelRow(m: ModelStatsView): HTMLElement {
  const rate = m.tested > 0 ? ` (${Math.round((m.passing / m.tested) * 100)}% of ${formatCount(m.tested)} tested)` : '';
  const tokens = m.promptTokens + m.completionTokens;
  return h(
    'tr',
    { attrs: { 'data-model': m.model, ...(m.picked ? { 'data-picked': 'true' } : {}) } },
    h('th', { attrs: { scope: 'row' } }, m.model, h('span', { class: 'muted' }, ` · ${m.provider} · share ${m.share}`), m.picked ? h('strong', {}, ' · pick') : ''),
    h('td', {}, formatCount(m.samples)),
    h('td', {}, `${formatCount(m.passing)}${rate}`),
    h('td', {}, formatCount(m.inPickGroup)),
    h('td', { attrs: { title: `${formatCount(m.promptTokens)} prompt · ${formatCount(m.reasoningTokens)} reasoning · ${formatCount(m.completionTokens)} completion` } }, formatCount(tokens)),
    h('td', {}, formatCost(m.costUsd)),
    h('td', {}, m.samples > 0 ? formatMs(m.latencyMs / m.samples) : '—'),
  );
}
