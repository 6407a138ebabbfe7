import assert from 'assert';
import type { ControlsView } from '../../src/protocol';
import { emptyPanelState } from '../doubles/panelState';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, settle, text } from './harness';

// Built from the host-side empty state: these tests need no run, so no HumanEval fixtures.
const controls = (overrides: Partial<ControlsView>): ControlsView => ({ ...emptyPanelState().controls, ...overrides });

describe('panel: the current model line and its switch', () => {
  let panel: PanelPage | undefined;

  afterEach(async () => {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('shows provider and model, follows a settings change, and Switch Model asks the host to run Choose Model', async () => {
    panel = await openPanel({ ...emptyPanelState(), controls: controls({ providerLabel: 'OpenAI', model: 'gpt-4o-mini' }) });
    const { page, host } = panel;
    assert.strictEqual(await text(page, '[data-role="current-model-name"]'), 'OpenAI · gpt-4o-mini');

    await host.post({ type: 'controls/changed', controls: controls({ providerLabel: 'VS Code language model', model: 'scripted/scripted-coder' }) });
    await settle(page);
    assert.strictEqual(await text(page, '[data-role="current-model-name"]'), 'VS Code language model · scripted/scripted-coder');

    host.clear();
    await page.getByRole('button', { name: 'Switch Model', exact: true }).click();
    await host.waitFor((m) => m.type === 'command/execute');
    assert.deepStrictEqual(host.received, [{ type: 'command/execute', command: 'chooseModel' }]);
  });
});
