import type { PanelState } from '../../src/protocol';
import { button, h } from '../dom';
import type { Notice } from '../store';
import type { PanelContext } from './context';

/** Workspace trust: it stops every run, so it stands at the top. */
export function renderTrust(state: PanelState, ctx: PanelContext): Node[] {
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
  return out;
}

/**
 * API key and sandbox status: they weaken or may stop a run, but once a run is on screen its
 * result matters more, so they stand below it (and in the empty state, above the fold anyway).
 */
export function renderEnvironment(state: PanelState, ctx: PanelContext): Node[] {
  const out: Node[] = [];
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
