import type { CandidateView, RunView, SamplingPlanView } from '../../src/protocol';
import { h, warningIcon } from '../dom';
import { formatCost, formatMs, reasoningShort, riskLine, riskSummary, stateLabel, tokenSummary } from '../format';

/** DOM id of a candidate's option, for `aria-activedescendant`. */
export function optionId(candidateId: number): string {
  return `candidate-${candidateId}`;
}

function rankOf(run: RunView, id: number): number | undefined {
  const index = run.ranking.indexOf(id);
  return index >= 0 ? index + 1 : undefined;
}

/**
 * Where a candidate came from: `wave 2 · effort low`, `wave 3 · thinking ≤4096 · repair of #3`.
 * Without waves the engine's wave number only counts request rounds, so it is left out.
 */
export function originLabel(candidate: CandidateView, plan: SamplingPlanView): string {
  const parts = plan.mode === 'all' ? [reasoningShort(candidate.reasoning)] : [`wave ${candidate.wave}`, reasoningShort(candidate.reasoning)];
  if (candidate.origin === 'repair' && candidate.repairOf !== undefined) parts.push(`repair of #${candidate.repairOf}`);
  return parts.join(' · ');
}

/** The risk badge: a warning icon and the kinds; each sign's detail on hover (and in the details). */
export function riskBadge(candidate: CandidateView): HTMLElement | null {
  const signs = candidate.riskSigns ?? [];
  if (signs.length === 0) return null;
  const summary = riskSummary(signs);
  return h(
    'span',
    { class: 'badge risk', attrs: { 'data-role': 'risk', title: signs.map(riskLine).join('\n'), 'aria-label': `Risk signs: ${summary}` } },
    warningIcon(),
    summary,
  );
}

function option(run: RunView, candidate: CandidateView, selected: boolean, onPick: (id: number) => void): HTMLElement {
  const rank = rankOf(run, candidate.id);
  const tampered = candidate.state === 'tampered';
  // A tampered report is never a pick, whatever a stale choice says.
  const chosen = run.choice?.candidateId === candidate.id && !tampered;
  const label = stateLabel(candidate);
  const meta = [`tokens ${tokenSummary(candidate)}`];
  if (candidate.latencyMs !== undefined) meta.push(formatMs(candidate.latencyMs));
  meta.push(formatCost(candidate.costUsd));
  return h(
    'div',
    {
      class: `candidate state-${candidate.state}${selected ? ' selected' : ''}${candidate.origin === 'repair' ? ' origin-repair' : ''}`,
      attrs: { role: 'option', id: optionId(candidate.id), 'aria-selected': selected ? 'true' : 'false', 'data-candidate-id': candidate.id },
      on: { click: () => onPick(candidate.id) },
    },
    h(
      'div',
      { class: 'candidate-line' },
      h('span', { class: 'candidate-id' }, `#${candidate.id}`),
      h('span', { class: `badge state state-${candidate.state}`, attrs: { 'data-role': 'state' } }, label),
      candidate.votes > 1 && h('span', { class: 'badge votes', attrs: { title: 'candidates with the same code' } }, `${candidate.votes} votes`),
      riskBadge(candidate),
      rank !== undefined && h('span', { class: 'badge rank' }, `rank ${rank}`),
      chosen && h('span', { class: 'badge chosen' }, '★ chosen'),
    ),
    tampered &&
      h(
        'div',
        { class: 'candidate-reason', attrs: { 'data-role': 'tampered-reason' } },
        `Rejected, never picked: ${candidate.verification?.reason ?? candidate.rejection ?? 'its test report cannot be genuine'}`,
      ),
    h('div', { class: 'candidate-origin', attrs: { 'data-role': 'origin' } }, originLabel(candidate, run.plan)),
    h('div', { class: 'candidate-meta', attrs: { 'data-role': 'meta' } }, meta.join(' · ')),
  );
}

/**
 * The options of the candidate listbox, rebuilt per candidate only when that candidate,
 * its rank or its selection changed: deltas stream into one candidate at a time.
 */
export class CandidateOptions {
  private readonly cache = new Map<number, { key: readonly unknown[]; element: HTMLElement }>();

  constructor(private readonly onPick: (id: number) => void) {}

  /** Brings `list`'s children up to date with `run`. */
  update(list: HTMLElement, run: RunView, selectedId: number | null): void {
    if (run.candidates.length === 0) {
      this.cache.clear();
      list.replaceChildren(h('div', { class: 'muted list-empty' }, run.status === 'running' ? 'Waiting for the first sample…' : 'No candidates.'));
      return;
    }
    const seen = new Set<number>();
    const elements = run.candidates.map((c) => {
      seen.add(c.id);
      const key = [c, c.id === selectedId, rankOf(run, c.id), run.choice?.candidateId === c.id];
      const cached = this.cache.get(c.id);
      if (cached && cached.key.every((value, i) => value === key[i])) return cached.element;
      const element = option(run, c, c.id === selectedId, this.onPick);
      this.cache.set(c.id, { key, element });
      return element;
    });
    for (const id of [...this.cache.keys()]) if (!seen.has(id)) this.cache.delete(id);
    const current = list.children;
    if (current.length === elements.length) {
      elements.forEach((element, i) => {
        if (current[i] !== element) current[i].replaceWith(element);
      });
    } else {
      list.replaceChildren(...elements);
    }
  }
}

/** The id the arrow/Home/End key moves to, or undefined for other keys. */
export function nextSelection(ids: readonly number[], current: number | null, key: string): number | undefined {
  if (ids.length === 0) return undefined;
  const index = current === null ? -1 : ids.indexOf(current);
  switch (key) {
    case 'ArrowDown':
      return ids[Math.min(ids.length - 1, index + 1)];
    case 'ArrowUp':
      return ids[Math.max(0, index <= 0 ? 0 : index - 1)];
    case 'Home':
      return ids[0];
    case 'End':
      return ids[ids.length - 1];
    default:
      return undefined;
  }
}
