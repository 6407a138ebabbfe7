import type { CandidateView, RunView, SamplingPlanView } from '../../src/protocol';
import { button, h, replaceContent, warningIcon } from '../dom';
import { formatCount, plural, reasoningShort, riskLine, riskSummary, stateLabel } from '../format';
import type { CandidateGroup } from '../groups';
import { candidateGroups } from '../groups';
import { icon, stateIcon } from '../icons';
import { recommended } from '../store';

/** Behaviour groups shown before "Show more": enough for a real choice, few enough to fit a sidebar. */
const GROUPS_SHOWN = 6;
/** Lines of streamed text a row shows while a candidate is being sampled. */
const STREAM_TAIL_LINES = 3;

/** DOM id of a candidate's option, for `aria-activedescendant`. */
export function optionId(candidateId: number): string {
  return `candidate-${candidateId}`;
}

/**
 * Where a candidate came from: `wave 2 · effort low`, `wave 3 · thinking ≤4096 · repair of #3`, led by
 * its model in a mixed pool (`o3 · wave 1 · effort high`).
 * Without waves the engine's wave number only counts request rounds, so it is left out.
 */
export function originLabel(candidate: CandidateView, plan: SamplingPlanView): string {
  const parts = plan.mode === 'all' ? [reasoningShort(candidate.reasoning)] : [`wave ${candidate.wave}`, reasoningShort(candidate.reasoning)];
  if (candidate.model !== undefined) parts.unshift(candidate.model);
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

/** The last lines of what is streaming in: the code as it forms, else the reply so far. */
function streamTail(candidate: CandidateView): string {
  const text = candidate.code ?? candidate.content;
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(-STREAM_TAIL_LINES).join('\n');
}

function streamingBody(candidate: CandidateView): HTMLElement {
  const tokens = candidate.usage.reasoning;
  return h(
    'div',
    { class: 'stream', attrs: { 'data-role': 'stream' } },
    candidate.reasoningText &&
      h(
        'details',
        { class: 'stream-reasoning', attrs: { 'data-role': 'stream-reasoning' } },
        h('summary', {}, `Reasoning · ${tokens > 0 ? `${formatCount(tokens)} tokens` : `${formatCount(candidate.reasoningText.length)} characters so far`}`),
        h('pre', { class: 'code wrap' }, candidate.reasoningText),
      ),
    h('pre', { class: 'code stream-tail', attrs: { 'data-role': 'stream-tail' } }, streamTail(candidate) || 'Waiting for the first token…'),
  );
}

interface RowContext {
  run: RunView;
  selectedId: number | null;
  onPick: (id: number) => void;
}

function option(ctx: RowContext, candidate: CandidateView, extra: HTMLElement | null = null, showOrigin = true): HTMLElement {
  const { run } = ctx;
  const selected = candidate.id === ctx.selectedId;
  const chosen = recommended(run)?.id === candidate.id;
  const running = candidate.state === 'sampling' || candidate.state === 'queued' || candidate.state === 'verifying';
  return h(
    'div',
    {
      class: `candidate state-${candidate.state}${selected ? ' selected' : ''}${candidate.origin === 'repair' ? ' origin-repair' : ''}`,
      attrs: { role: 'option', id: optionId(candidate.id), 'aria-selected': selected ? 'true' : 'false', 'data-candidate-id': candidate.id },
      on: { click: (event) => (event.target instanceof Element && event.target.closest('summary') ? undefined : ctx.onPick(candidate.id)) },
    },
    h(
      'div',
      { class: 'candidate-line' },
      stateIcon(candidate.state),
      h('span', { class: 'candidate-id' }, `#${candidate.id}`),
      h('span', { class: `badge state state-${candidate.state}`, attrs: { 'data-role': 'state' } }, stateLabel(candidate)),
      chosen && h('span', { class: 'badge chosen' }, icon('star-full'), 'recommended'),
      riskBadge(candidate),
    ),
    extra,
    candidate.state === 'tampered' &&
      h('div', { class: 'candidate-reason', attrs: { 'data-role': 'tampered-reason' } }, `Rejected, never picked: ${candidate.verification?.reason ?? candidate.rejection ?? 'its test report cannot be genuine'}`),
    running ? streamingBody(candidate) : showOrigin && h('div', { class: 'candidate-origin muted', attrs: { 'data-role': 'origin' } }, originLabel(candidate, run.plan)),
  );
}

/**
 * The candidate list as behaviour groups: one row per group (its representative, how many
 * behave the same, its verdict and risk signs), members on demand; then what is in progress
 * (streaming), then what never got a verdict.
 */
export class GroupList {
  private expanded = new Set<string>();
  private showAllGroups = false;
  private runId = '';

  constructor(
    private readonly onPick: (id: number) => void,
    private readonly rerender: () => void,
  ) {}

  /** The option ids in display order, for arrow keys. */
  visibleIds(run: RunView): number[] {
    this.resetFor(run);
    return this.shownGroups(run).flatMap((g) => this.shownMembers(g).map((c) => c.id));
  }

  /** Opens the group holding `candidateId` so a selection from elsewhere (best partial) is visible. */
  reveal(run: RunView, candidateId: number): void {
    this.resetFor(run);
    const groups = candidateGroups(run);
    const index = groups.findIndex((g) => g.members.some((c) => c.id === candidateId));
    if (index < 0) return;
    if (groups[index].representative.id !== candidateId) this.expanded.add(groups[index].key);
    if (groups[index].kind === 'behaviour' && index >= GROUPS_SHOWN) this.showAllGroups = true;
  }

  update(list: HTMLElement, run: RunView, selectedId: number | null): void {
    this.resetFor(run);
    if (run.candidates.length === 0) {
      replaceContent(list, h('div', { class: 'muted list-empty' }, run.status === 'running' ? 'No samples yet.' : 'No candidates.'));
      return;
    }
    const ctx: RowContext = { run, selectedId, onPick: this.onPick };
    const all = candidateGroups(run);
    const shown = this.shownGroups(run);
    const behaviourCount = all.filter((g) => g.kind === 'behaviour').length;
    const hidden = all.length - shown.length;
    replaceContent(
      list,
      ...shown.map((g) => this.group(ctx, g, behaviourCount)),
      hidden > 0 &&
        button(`Show ${plural(hidden, 'more group')}`, () => {
          this.showAllGroups = true;
          this.rerender();
        }, { key: 'more-groups', class: 'link' }),
    );
  }

  private resetFor(run: RunView): void {
    if (run.runId === this.runId) return;
    this.runId = run.runId;
    this.expanded = new Set();
    this.showAllGroups = false;
  }

  private shownGroups(run: RunView): CandidateGroup[] {
    const all = candidateGroups(run);
    if (this.showAllGroups) return all;
    let behaviour = 0;
    return all.filter((g) => g.kind !== 'behaviour' || ++behaviour <= GROUPS_SHOWN);
  }

  private isOpen(group: CandidateGroup): boolean {
    // What is being sampled is always shown: that is where the text streams in.
    return group.kind === 'running' || this.expanded.has(group.key);
  }

  private shownMembers(group: CandidateGroup): CandidateView[] {
    if (this.isOpen(group)) return group.members;
    return group.kind === 'behaviour' ? [group.representative] : [];
  }

  private toggle(group: CandidateGroup): void {
    if (this.expanded.has(group.key)) this.expanded.delete(group.key);
    else this.expanded.add(group.key);
    this.rerender();
  }

  private group(ctx: RowContext, group: CandidateGroup, behaviourCount: number): HTMLElement {
    const open = this.isOpen(group);
    const labelId = `group-${group.key}-label`;
    const others = group.members.length - 1;
    const toggle = (label: string): HTMLElement =>
      button(label, () => this.toggle(group), { key: `toggle-${group.key}`, class: 'link group-toggle' });
    if (group.kind === 'behaviour') {
      const summary = h(
        'div',
        { class: 'group-summary muted', attrs: { 'data-role': 'group-summary' } },
        h('span', { attrs: { id: labelId } }, `Group ${group.group} of ${behaviourCount}`),
        ` · ${group.members.length === 1 ? 'no other candidate behaves this way' : `${plural(group.members.length, 'candidate')} behave this way`}`,
      );
      const members = open ? group.members.slice(1).map((c) => option(ctx, c)) : [];
      return h(
        'div',
        { class: `group group-behaviour${open ? ' open' : ''}`, attrs: { role: 'group', 'aria-labelledby': labelId, 'data-group': group.group ?? 0 } },
        // A group's row says what the group shares; where each member came from is in its own row.
        option(ctx, group.representative, summary, false),
        others > 0 && h('div', { class: 'group-actions' }, toggle(open ? 'Hide the others' : `Show ${plural(others, 'other')}`)),
        ...(members.length > 0 ? [h('div', { class: 'group-members' }, ...members)] : []),
      );
    }
    const title = group.kind === 'running' ? `In progress (${formatCount(group.members.length)})` : `Not ranked (${formatCount(group.members.length)})`;
    return h(
      'div',
      { class: `group group-${group.kind}${open ? ' open' : ''}`, attrs: { role: 'group', 'aria-labelledby': labelId, 'data-group': group.kind } },
      h(
        'div',
        { class: 'group-head' },
        h('span', { class: 'group-title', attrs: { id: labelId } }, title),
        group.kind === 'unranked' && toggle(open ? 'Hide' : 'Show'),
      ),
      ...(open ? [h('div', { class: 'group-members' }, ...group.members.map((c) => option(ctx, c)))] : []),
    );
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
