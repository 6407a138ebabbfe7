import type { CandidateView, RunView } from '../../src/protocol';
import type { Child } from '../dom';
import { button, h, warningIcon } from '../dom';
import { formatCount, riskLine, riskSummary, stateLabel, tokenSummary } from '../format';
import { isVerified, recommended } from '../store';
import { heldByDocument } from './held';
import type { PanelContext } from './context';
import { codeView, diffView, outputView, requestView, testsView } from './detailViews';
import { section } from './section';

function rankingExplanation(run: RunView, candidate: CandidateView): string {
  if (candidate.state === 'duplicate' && candidate.duplicateOf !== undefined) {
    return `Same code as #${candidate.duplicateOf}: tested once, counted as a vote for it.`;
  }
  const parts: string[] = [];
  const chosen = run.choice && recommended(run)?.id === candidate.id ? run.choice.reason : undefined;
  if (chosen !== undefined) parts.push(`Chosen: ${chosen}`);
  if (candidate.score && chosen?.includes(candidate.score.explanation)) {
    // The choice's reason already quotes the ranking sentence.
  } else if (candidate.score) {
    const s = candidate.score;
    // The engine's sentence may already lead with the rank; do not say it twice.
    parts.push(/^rank/i.test(s.explanation) ? s.explanation : `Rank ${s.rank} of ${run.ranking.length}: ${s.explanation}`);
  } else if (candidate.rejection) {
    parts.push(`Not ranked: ${candidate.rejection}`);
  } else {
    parts.push('Not ranked yet.');
  }
  return parts.join(' ');
}

function actions(run: RunView, candidate: CandidateView, ctx: PanelContext, stale: boolean): HTMLElement {
  const held = heldByDocument(run, candidate);
  const verified = isVerified(candidate) && !held && !stale;
  // The pick's Accept sits in the card at the top; a second one here would be the same button twice.
  const isPick = recommended(run)?.id === candidate.id;
  const hasCode = candidate.code !== undefined;
  const unfinished = candidate.state === 'sampling' || candidate.state === 'queued' || candidate.state === 'verifying';
  const accept = (): void => ctx.post({ type: 'candidate/accept', runId: run.runId, candidateId: candidate.id });
  return h(
    'div',
    { class: 'actions' },
    !isPick && button(`Accept #${candidate.id}`, accept, {
      class: 'primary',
      disabled: !verified,
      key: 'accept-selected',
      title: held
        ? 'The document already holds this candidate'
        : verified
          ? candidate.riskSigns?.length
            ? `Replace the target with this candidate after confirming its risk signs (${riskSummary(candidate.riskSigns)})`
            : 'Replace the target with this candidate (one undo step)'
          : 'Only a candidate that passed every test can be accepted directly',
    }),
    hasCode && !stale && !held && !isVerified(candidate) && !unfinished && candidate.state !== 'duplicate' && candidate.state !== 'tampered'
      ? button('Accept unverified…', accept, { key: 'accept-unverified', title: 'Asks for confirmation: this candidate did not pass every test' })
      : null,
    button('Open Diff', () => ctx.post({ type: 'candidate/openDiff', runId: run.runId, candidateId: candidate.id }), {
      disabled: !hasCode,
      key: 'open-diff',
    }),
  );
}

/** The candidate's risk signs, each with its detail: what a reviewer must see before accepting. */
function riskView(candidate: CandidateView): HTMLElement | null {
  const signs = candidate.riskSigns ?? [];
  if (signs.length === 0) return null;
  return h(
    'div',
    { class: 'note warning risk-signs', attrs: { 'data-role': 'risk-signs' } },
    h('p', {}, warningIcon(), h('strong', {}, ` Risk signs: ${riskSummary(signs)}. `), 'Ranked below clean candidates; Accept asks before applying it.'),
    h('ul', {}, ...signs.map((s) => h('li', {}, riskLine(s)))),
  );
}

/** Everything about the selected candidate. */
export function renderDetails(run: RunView, candidate: CandidateView, ctx: PanelContext, stale = false): Child[] {
  const base = run.currentTargetText ?? run.targetText;
  const v = candidate.verification;
  const reasoningTokens = candidate.usage.reasoning;
  return [
    h('h2', { class: 'details-title', attrs: { tabindex: -1, id: 'details-title', 'data-focus-key': 'details-title' } }, `Candidate #${candidate.id} — ${stateLabel(candidate)}`),
    h('p', { class: 'muted', attrs: { 'data-role': 'tokens' } }, tokenSummary(candidate)),
    h('p', { class: 'explanation', attrs: { 'data-role': 'explanation' } }, rankingExplanation(run, candidate)),
    candidate.state === 'tampered' &&
      h(
        'p',
        { class: 'note error', attrs: { role: 'status', 'data-role': 'tampered' } },
        h('strong', {}, 'Tampered: '),
        `${v?.reason ?? candidate.rejection ?? 'its test report cannot be genuine'}. Rejected and never picked; it cannot be accepted.`,
      ),
    riskView(candidate),
    candidate.rejection && candidate.score && h('p', { class: 'note' }, candidate.rejection),
    actions(run, candidate, ctx, stale),
    heldByDocument(run, candidate)
      ? h('p', { class: 'note', attrs: { role: 'status', 'data-role': 'held' } }, 'The document holds this candidate now.')
      : run.currentTargetText !== undefined &&
          h(
            'p',
            { class: 'note warning', attrs: { role: 'status', 'data-role': 'document-changed' } },
            'The document changed since this run started. The diff is against the current text; Accept will ask before applying to it.',
          ),
    candidate.code !== undefined
      ? section(ctx, 'diff', ['Diff'], diffView(base, candidate.code))
      : h('p', { class: 'muted' }, candidate.state === 'sampling' ? 'Code appears when sampling finishes.' : 'No code was extracted.'),
    section(ctx, 'code', [candidate.code !== undefined ? 'Code' : 'Model output'], codeView(candidate.code ?? candidate.content, 'Candidate code')),
    section(
      ctx,
      'reasoning',
      ['Reasoning', h('span', { class: 'muted' }, ` · ${formatCount(reasoningTokens)} tokens${candidate.usage.estimated ? ' (estimated)' : ''}`)],
      candidate.reasoningText ? codeView(candidate.reasoningText, 'Reasoning', true) : h('p', { class: 'muted' }, 'No reasoning text was returned.'),
    ),
    v && section(ctx, 'tests', ['Tests', h('span', { class: 'muted' }, v.total > 0 ? ` · ${v.passed} of ${v.total} passed` : '')], testsView(v)),
    v && section(ctx, 'output', ['Test output'], outputView(v)),
    section(ctx, 'request', ['Request'], requestView(candidate)),
  ];
}
