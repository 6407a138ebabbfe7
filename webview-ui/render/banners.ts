import type { PanelState, RunView } from '../../src/protocol';
import { button, h } from '../dom';
import type { Notice } from '../store';
import type { PanelContext } from './context';

/** Workspace trust, API key and sandbox status: what stops or weakens a run before it starts. */
export function renderEnvironment(state: PanelState, ctx: PanelContext): Node[] {
  const out: Node[] = [];
  if (!state.workspaceTrusted) {
    out.push(
      h(
        'div',
        { class: 'banner error', attrs: { role: 'alert', 'data-banner': 'untrusted' } },
        h('strong', {}, 'Restricted Mode. '),
        'Best-of-N runs your tests, which executes code from this workspace, so it refuses to run until you trust the workspace.',
        ' ',
        button('Manage Workspace Trust', () => ctx.post({ type: 'command/execute', command: 'manageTrust' }), { key: 'manage-trust' }),
      ),
    );
  }
  if (!state.apiKeySet) {
    out.push(
      h(
        'div',
        { class: 'banner info', attrs: { 'data-banner': 'api-key' } },
        'No API key is stored. Local servers (vLLM, Ollama, LM Studio) may not need one.',
        ' ',
        button('Set API Key', () => ctx.post({ type: 'command/execute', command: 'setApiKey' }), { key: 'set-api-key' }),
      ),
    );
  }
  if (!state.bubblewrapStatus.available) {
    out.push(
      h(
        'div',
        { class: 'banner warning', attrs: { 'data-banner': 'sandbox' } },
        `Sandbox: bubblewrap is unavailable (${state.bubblewrapStatus.detail}). Candidates run in a temp copy with a scrubbed environment but no OS sandbox.`,
      ),
    );
  }
  return out;
}

/** The transient notice line. */
export function renderNotice(notice: Notice | null): Node[] {
  if (!notice) return [];
  return [h('div', { class: `banner ${notice.level}`, attrs: { 'data-banner': 'notice' } }, notice.message)];
}

/** Abstention, errors, verifier strength and budget notices of the run. */
export function renderRunBanners(run: RunView, ctx: PanelContext): Node[] {
  const out: Node[] = [];
  if (run.status === 'error' && run.error?.kind === 'tests-do-not-reach') {
    out.push(
      h(
        'div',
        { class: 'banner error', attrs: { role: 'alert', 'data-banner': 'run-error' } },
        h('strong', {}, 'The tests do not reach the code being replaced. '),
        run.error.message,
        ' Nothing was sampled and nothing will be written.',
      ),
    );
  } else if (run.status === 'error' && run.error) {
    out.push(h('div', { class: 'banner error', attrs: { role: 'alert', 'data-banner': 'run-error' } }, h('strong', {}, 'The run failed. '), `${run.error.message} (${run.error.kind})`));
  }
  if (run.abstention) {
    const best = run.abstention.bestPartialId;
    out.push(
      h(
        'div',
        { class: 'banner abstain', attrs: { role: 'alert', 'data-banner': 'abstain' } },
        h('strong', {}, 'Abstained: no candidate passed every test. '),
        'Nothing is recommended. ',
        run.abstention.reason,
        best !== undefined ? ' ' : '',
        best !== undefined ? button(`Show best partial (#${best})`, () => ctx.select(best), { key: 'best-partial' }) : null,
      ),
    );
  }
  const strength = run.verifierStrength;
  if (strength && strength.level !== 'strong') {
    out.push(
      h(
        'div',
        { class: `banner strength strength-${strength.level}`, attrs: { 'data-banner': 'strength' } },
        h('strong', {}, `Verifier strength: ${strength.level}. `),
        strength.note,
        ` (${strength.testsCount} test${strength.testsCount === 1 ? '' : 's'}; ${strength.candidatesPassing} of ${strength.candidatesVerified} tested candidates pass; ${strength.passingClusters} distinct passing behaviour${strength.passingClusters === 1 ? '' : 's'}.)`,
      ),
    );
  }
  // What the provider could not take is shown once for the run, not only per candidate.
  const notApplied = [...new Set(run.candidates.flatMap((c) => c.applied?.notApplied ?? []))];
  if (notApplied.length > 0) {
    out.push(h('div', { class: 'banner warning', attrs: { 'data-banner': 'not-applied' } }, h('strong', {}, 'Not applied by the provider: '), notApplied.join('; ')));
  }
  for (const notice of run.notices) {
    out.push(h('div', { class: 'banner info', attrs: { 'data-banner': 'budget' } }, notice));
  }
  return out;
}
