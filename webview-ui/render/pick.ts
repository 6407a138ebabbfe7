import type { CandidateView, RunView, VerifierStrengthView } from '../../src/protocol';
import { button, h } from '../dom';
import { plural } from '../format';
import { icon } from '../icons';
import { isVerified, recommended } from '../store';
import type { PanelContext } from './context';
import { heldByDocument } from './held';

const STRENGTH_WORDS: Record<VerifierStrengthView['level'], string> = {
  strong: 'strong tests',
  moderate: 'moderate tests',
  weak: 'weak tests',
};

/** The first sentence of a reason: the card says why in one line, the details say the rest. */
export function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return (match ? match[0] : text).trim();
}

/** A short badge for how much the tests can tell; the note and its numbers open on demand. */
export function strengthBadge(strength: VerifierStrengthView): HTMLElement {
  return h(
    'details',
    { class: `strength strength-${strength.level}`, attrs: { 'data-role': 'strength' } },
    h('summary', { attrs: { 'data-focus-key': 'strength' } }, h('span', { class: `badge strength-badge` }, strength.level === 'strong' ? icon('verified') : icon('warning'), STRENGTH_WORDS[strength.level])),
    h(
      'div',
      { class: 'strength-detail', attrs: { 'data-banner': 'strength' } },
      h('p', {}, strength.note),
      h(
        'p',
        { class: 'muted' },
        `${plural(strength.testsCount, 'local test')}; ${strength.candidatesPassing} of ${plural(strength.candidatesVerified, 'tested candidate')} passed every test; ${plural(strength.passingClusters, 'distinct passing behaviour')}.`,
      ),
    ),
  );
}

function acceptButton(run: RunView, candidate: CandidateView, ctx: PanelContext, stale: boolean): HTMLElement {
  const held = heldByDocument(run, candidate);
  const enabled = !stale && !held && isVerified(candidate);
  return button('Accept', () => ctx.post({ type: 'candidate/accept', runId: run.runId, candidateId: candidate.id }), {
    class: 'primary',
    key: 'accept',
    disabled: !enabled,
    title: stale
      ? 'A new run is starting: this result is out of date'
      : held
        ? 'The document already holds this candidate'
        : candidate.riskSigns?.length
          ? 'Asks you to confirm its risk signs, then replaces the target (one undo step)'
          : 'Replace the target with this candidate (one undo step)',
  });
}

/**
 * The answer, above everything else: the pick with Accept, the reason in one sentence and the
 * tests' strength; or why there is none (abstained, cancelled, failed). `stale` marks a result
 * a new run is about to replace: it stays readable but cannot be accepted.
 */
export function renderPick(run: RunView, ctx: PanelContext, stale: boolean): Node[] {
  const out: Node[] = [];
  if (stale) {
    out.push(h('p', { class: 'banner info', attrs: { role: 'status', 'data-banner': 'stale' } }, icon('history'), 'Old result: a new run is starting.'));
  }
  const candidate = recommended(run);
  if (candidate && run.choice) {
    const choice = run.choice;
    const held = heldByDocument(run, candidate);
    out.push(
      h(
        'div',
        { class: 'pick', attrs: { 'data-role': 'pick' } },
        h(
          'div',
          { class: 'pick-line' },
          h('strong', { class: 'pick-title' }, icon('star-full', 'icon-passed'), `Recommended: #${candidate.id}`),
          candidate.model !== undefined && h('span', { class: 'muted', attrs: { 'data-role': 'pick-model' } }, `from ${candidate.model}`),
          run.verifierStrength && strengthBadge(run.verifierStrength),
        ),
        h('p', { class: 'pick-reason', attrs: { 'data-role': 'pick-reason' } }, firstSentence(choice.reason)),
        h(
          'div',
          { class: 'actions' },
          acceptButton(run, candidate, ctx, stale),
          button('Open Diff', () => ctx.post({ type: 'candidate/openDiff', runId: run.runId, candidateId: candidate.id }), { key: 'pick-open-diff', disabled: candidate.code === undefined }),
        ),
        held && h('p', { class: 'note', attrs: { role: 'status', 'data-role': 'held' } }, 'The document holds this candidate now.'),
      ),
    );
  } else if (run.abstention) {
    const best = run.abstention.bestPartialId;
    out.push(
      h(
        'div',
        { class: 'pick banner abstain', attrs: { role: 'alert', 'data-banner': 'abstain' } },
        h('strong', {}, 'Nothing recommended: no candidate passed every test. '),
        firstSentence(run.abstention.reason),
        run.verifierStrength && strengthBadge(run.verifierStrength),
        best !== undefined && h('div', { class: 'actions' }, button(`Show best partial (#${best})`, () => ctx.select(best), { key: 'best-partial' })),
      ),
    );
  } else if (run.status === 'cancelled') {
    const tested = run.candidates.filter((c) => c.verification && c.verification.status !== 'cancelled' && c.duplicateOf === undefined).length;
    out.push(
      h(
        'div',
        { class: 'pick banner', attrs: { role: 'status', 'data-banner': 'cancelled' } },
        h('strong', {}, 'Cancelled: nothing recommended. '),
        tested > 0 ? `${plural(tested, 'candidate')} had been tested; their results are below, and any of them can still be accepted on its own.` : 'No candidate had been tested.',
      ),
    );
  } else if (run.status === 'error' && run.error) {
    const unreachable = run.error.kind === 'tests-do-not-reach';
    out.push(
      h(
        'div',
        { class: 'banner error', attrs: { role: 'alert', 'data-banner': 'run-error' } },
        h('strong', {}, unreachable ? 'The tests do not reach the code being replaced. ' : 'The run failed. '),
        unreachable ? `${run.error.message} Nothing was sampled and nothing will be written.` : `${run.error.message} (${run.error.kind})`,
      ),
    );
  }
  return out;
}
