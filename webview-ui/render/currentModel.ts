import type { ControlsView } from '../../src/protocol';
import { button, h } from '../dom';
import type { PanelContext } from './context';

/**
 * The model the next run uses, in one line near the top, with a switch that runs
 * Best-of-N: Choose Model. Read from the controls, which the host re-sends on every
 * settings change, so the line follows whatever chose the model.
 */
export function renderCurrentModel(controls: ControlsView, ctx: PanelContext): Node[] {
  return [
    h(
      'div',
      { class: 'current-model', attrs: { 'data-role': 'current-model' } },
      h('span', { class: 'muted' }, 'Model: '),
      h('span', { attrs: { 'data-role': 'current-model-name', title: `${controls.providerLabel}: ${controls.model}` } }, `${controls.providerLabel} · ${controls.model}`),
      ' ',
      button('Switch Model', () => ctx.post({ type: 'command/execute', command: 'chooseModel' }), {
        class: 'secondary',
        key: 'choose-model',
        title: 'Best-of-N: Choose Model — pick the provider and model for the next runs',
      }),
    ),
  ];
}
