import { h } from './dom';

/**
 * A codicon (the icon font VS Code itself uses, shipped with the panel). Decorative: the text
 * beside it always says the same, so screen readers skip it and a missing font loses nothing.
 */
export function icon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

/** The icon of a candidate state: pass, fail, in progress, or not tested. */
export function stateIcon(state: string): HTMLElement {
  switch (state) {
    case 'passed':
      return icon('pass', 'icon-passed');
    case 'failed':
    case 'error':
    case 'tampered':
      return icon('error', 'icon-failed');
    case 'timeout':
      return icon('watch', 'icon-failed');
    case 'sampling':
    case 'verifying':
      return icon('loading', 'codicon-modifier-spin');
    case 'queued':
      return icon('clock');
    default:
      return icon('circle-slash', 'icon-muted');
  }
}
