import assert from 'assert';
import path from 'path';
import type { Page } from 'playwright-core';
import type { MemoryItemView } from '../../src/protocol';
import { controls, finishedRun, panelState } from './fixtures';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, SCREENSHOTS, settle, text } from './harness';

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

const memoryItems: MemoryItemView[] = [
  { id: 'm1', kind: 'strategy', text: 'Sort the list first; then only neighbours need comparing.', timesUsed: 4, timesHelped: 3, pinned: false, tokens: 14 },
  { id: 'm2', kind: 'pitfall', text: 'A strict < is required: equal distance is not "closer".', timesUsed: 2, timesHelped: 1, pinned: true, tokens: 15 },
];

describe('panel: controls, keyboard, view state, memory', () => {
  let panel: PanelPage | undefined;

  afterEach(async () => {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('posts a typed controls/update for each CoT and sampling control', async () => {
    panel = await openPanel(panelState());
    const { page, host } = panel;
    await page.click('summary:has-text("Next run")');
    assert.deepStrictEqual(await page.$$eval('#control-reasoningEffort option', (o) => o.map((e) => (e as HTMLOptionElement).value)), ['default', 'low', 'medium', 'high']);
    assert.strictEqual(await page.inputValue('#control-reasoningEffort'), 'low');
    assert.strictEqual(await page.inputValue('#control-n'), '8');
    host.clear();
    await page.selectOption('#control-reasoningEffort', 'high');
    await page.fill('#control-reasoningBudget', '4096');
    await page.press('#control-reasoningBudget', 'Enter');
    await page.check('#control-fastMode');
    await page.fill('#control-n', '16');
    await page.press('#control-n', 'Tab');
    await page.fill('#control-earlyStop', '0');
    await page.press('#control-earlyStop', 'Tab');
    await page.fill('#control-temperature', '0.2');
    await page.press('#control-temperature', 'Tab');
    await host.waitFor((m) => m.type === 'controls/update' && m.key === 'temperature');
    assert.deepStrictEqual(host.received, [
      { type: 'controls/update', key: 'reasoningEffort', value: 'high' },
      { type: 'controls/update', key: 'reasoningBudget', value: 4096 },
      { type: 'controls/update', key: 'fastMode', value: true },
      { type: 'controls/update', key: 'n', value: 16 },
      { type: 'controls/update', key: 'earlyStop', value: 0 },
      { type: 'controls/update', key: 'temperature', value: 0.2 },
    ]);
  });

  it('offers concurrency, top-p and the token, cost and time budgets, and says where edits are saved', async () => {
    panel = await openPanel(panelState());
    const { page, host } = panel;
    await page.click('summary:has-text("Next run")');
    assert.deepStrictEqual(
      await Promise.all(['#control-concurrency', '#control-topP', '#control-maxTokens', '#control-maxCostUsd', '#control-maxWallSeconds'].map((id) => page.inputValue(id))),
      ['4', '0.95', '0', '0', '300'],
    );
    assert.match(await text(page, '[data-role="writes-to"]'), /saved to this workspace’s settings \(\.vscode\/settings\.json\)/);
    host.clear();
    for (const [id, value] of [['concurrency', '8'], ['topP', '0.9'], ['maxTokens', '200000'], ['maxCostUsd', '0.5'], ['maxWallSeconds', '120']]) {
      await page.fill(`#control-${id}`, value);
      await page.press(`#control-${id}`, 'Tab');
    }
    await page.fill('#control-topP', '1.5');
    await page.press('#control-topP', 'Tab');
    await host.waitFor((m) => m.type === 'controls/update' && m.key === 'maxWallSeconds');
    assert.deepStrictEqual(host.received, [
      { type: 'controls/update', key: 'concurrency', value: 8 },
      { type: 'controls/update', key: 'topP', value: 0.9 },
      { type: 'controls/update', key: 'maxTokens', value: 200000 },
      { type: 'controls/update', key: 'maxCostUsd', value: 0.5 },
      { type: 'controls/update', key: 'maxWallSeconds', value: 120 },
    ]);
    assert.strictEqual(await text(page, '#control-topP-error'), 'Top-p must be between 0 and 1.');
    await host.post({ type: 'controls/changed', controls: controls({ writesTo: 'user' }) });
    await settle(page);
    assert.match(await text(page, '[data-role="writes-to"]'), /No folder is open: changes are saved to your user settings/);
  });

  it('refuses bad numbers with a clear error, keeps the text, and posts nothing', async () => {
    panel = await openPanel(panelState());
    const { page, host } = panel;
    await page.click('summary:has-text("Next run")');
    host.clear();
    await page.fill('#control-n', '0');
    await page.press('#control-n', 'Tab');
    await page.fill('#control-temperature', '7');
    await page.press('#control-temperature', 'Tab');
    await page.fill('#control-reasoningBudget', '10.5');
    await page.press('#control-reasoningBudget', 'Tab');
    await settle(page);
    assert.strictEqual(await text(page, '#control-n-error'), 'Samples (N) must be between 1 and 100.');
    assert.strictEqual(await text(page, '#control-temperature-error'), 'Temperature must be between 0 and 2.');
    assert.strictEqual(await text(page, '#control-reasoningBudget-error'), 'Reasoning budget (tokens, 0 = none) must be a whole number.');
    assert.strictEqual(await page.getAttribute('#control-n', 'aria-invalid'), 'true');
    assert.strictEqual(await page.inputValue('#control-n'), '0', 'the typed text stays');
    assert.deepStrictEqual(host.received, []);
    await page.fill('#control-n', '12');
    await page.press('#control-n', 'Tab');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'controls/update'), { type: 'controls/update', key: 'n', value: 12 });
    assert.strictEqual(await text(page, '#control-n-error'), '');
  });

  it('reflects settings changed elsewhere and disables what the provider cannot take', async () => {
    panel = await openPanel(panelState());
    const { page, host } = panel;
    await page.click('summary:has-text("Next run")');
    await page.focus('#control-temperature');
    await page.fill('#control-temperature', '1.1');
    await host.post({
      type: 'controls/changed',
      controls: controls({ values: { reasoningEffort: 'medium', reasoningBudget: 0, fastMode: false, n: 32, earlyStop: 3, temperature: 0.5, waves: 'adaptive', waveSize: 0, repair: false, escalate: true, concurrency: 4, topP: 0.95, maxTokens: 0, maxCostUsd: 0, maxWallSeconds: 300 } }),
    });
    await settle(page);
    assert.strictEqual(await page.inputValue('#control-n'), '32');
    assert.strictEqual(await page.inputValue('#control-reasoningEffort'), 'medium');
    assert.strictEqual(await page.inputValue('#control-temperature'), '1.1', 'an edit in progress is not overwritten');
    await host.post({
      type: 'controls/changed',
      controls: controls({ providerLabel: 'OpenAI', allowedEfforts: [], supportsReasoningBudget: false, supportsFastMode: false, supportsSamplingParams: false }),
    });
    await settle(page);
    for (const id of ['#control-reasoningEffort', '#control-reasoningBudget', '#control-fastMode', '#control-temperature']) {
      assert.strictEqual(await page.isDisabled(id), true, `${id} disabled`);
    }
    assert.strictEqual(await page.isEnabled('#control-n'), true);
    assert.match(await text(page, '[data-control="reasoningEffort"]'), /OpenAI takes no reasoning_effort/);
  });

  it('is keyboard navigable: Tab to the list, arrows/Home/End select, Enter goes to the details', async () => {
    panel = await openPanel(panelState({ run: finishedRun() }));
    const { page, host } = panel;
    await page.focus('#candidate-list');
    assert.strictEqual(await page.getAttribute('#candidate-list', 'aria-activedescendant'), 'candidate-1');
    // Arrows move over what is shown: the groups' representatives, then a group's members once opened.
    await page.keyboard.press('ArrowDown');
    assert.strictEqual(await page.getAttribute('#candidate-list', 'aria-activedescendant'), 'candidate-2');
    assert.strictEqual(await page.getAttribute('#candidate-2', 'aria-selected'), 'true');
    assert.strictEqual(await focusedId(page), 'candidate-list', 'focus stays on the listbox');
    await page.keyboard.press('ArrowDown');
    assert.strictEqual(await page.getAttribute('#candidate-list', 'aria-activedescendant'), 'candidate-2', 'stops at the end');
    await page.click('button:has-text("Show 2 others")');
    await page.focus('#candidate-list');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    assert.strictEqual(await page.getAttribute('#candidate-list', 'aria-activedescendant'), 'candidate-3');
    await page.keyboard.press('End');
    assert.strictEqual(await page.getAttribute('#candidate-list', 'aria-activedescendant'), 'candidate-2');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    assert.strictEqual(await page.getAttribute('#candidate-list', 'aria-activedescendant'), 'candidate-1');
    await page.keyboard.press('Enter');
    assert.strictEqual(await focusedId(page), 'details-title');
    // From the details, Tab reaches Open Diff (the pick's Accept is in the card at the top); Enter posts it.
    host.clear();
    await page.keyboard.press('Tab');
    assert.strictEqual(await page.evaluate(() => document.activeElement?.textContent), 'Open Diff');
    await page.keyboard.press('Enter');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'candidate/openDiff'), { type: 'candidate/openDiff', runId: 'run-1', candidateId: 1 });
    await page.focus('[data-role="pick"] button:has-text("Accept")');
    await page.keyboard.press('Enter');
    assert.deepStrictEqual(await host.waitFor((m) => m.type === 'candidate/accept'), { type: 'candidate/accept', runId: 'run-1', candidateId: 1 });
    // Sections open and close from the keyboard; focus survives re-renders while the host streams updates.
    await page.focus('.section-reasoning summary');
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.$eval('.section-reasoning', (d) => (d as HTMLDetailsElement).open), true);
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, reasoning: ' More thoughts.' });
    await settle(page);
    assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focusKey), 'summary-reasoning');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keyboard-focus.png'), fullPage: true });
  });

  it('keeps the reader\'s place in streamed reasoning, and follows new text when at the bottom', async () => {
    const r = finishedRun();
    r.candidates[0] = { ...r.candidates[0], reasoningText: Array.from({ length: 200 }, (_, i) => `step ${i}`).join('\n') };
    panel = await openPanel(panelState({ run: r }), { savedViewState: { runId: 'run-1', selectedId: 1, open: { reasoning: true } } });
    const { page, host } = panel;
    const pre = '.section-reasoning pre';
    await page.$eval(pre, (e) => (e.scrollTop = 120));
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, reasoning: '\nstep 200' });
    await settle(page);
    assert.strictEqual(await page.$eval(pre, (e) => e.scrollTop), 120, 'a reader in the middle stays put');
    await page.$eval(pre, (e) => (e.scrollTop = e.scrollHeight));
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, reasoning: '\nstep 201\nstep 202' });
    await settle(page);
    const { top, height, client } = await page.$eval(pre, (e) => ({ top: e.scrollTop, height: e.scrollHeight, client: e.clientHeight }));
    assert.ok(top + client >= height - 2, `follows the tail (${top} + ${client} of ${height})`);
    assert.match(await page.$eval(pre, (e) => e.textContent ?? ''), /step 202$/);
  });

  it('saves the selection and open sections with setState and restores them in a new page', async () => {
    panel = await openPanel(panelState({ run: finishedRun() }));
    await panel.page.click('button:has-text("Show 2 others")');
    await panel.page.click('#candidate-3');
    await panel.page.click('summary:has-text("Test output")');
    await panel.page.click('.section-tests summary');
    await settle(panel.page);
    const saved = panel.host.savedViewStates[panel.host.savedViewStates.length - 1];
    assert.deepStrictEqual(saved, { runId: 'run-1', selectedId: 3, open: { output: true, tests: false } });
    await panel.close();

    panel = await openPanel(panelState({ run: finishedRun() }), { savedViewState: saved });
    const { page } = panel;
    assert.strictEqual(await page.getAttribute('#candidate-3', 'aria-selected'), 'true');
    assert.match(await text(page, '#details-title'), /Candidate #3/);
    assert.strictEqual(await page.$eval('.section-output', (d) => (d as HTMLDetailsElement).open), true);
    assert.strictEqual(await page.$eval('.section-tests', (d) => (d as HTMLDetailsElement).open), false);
    // A saved selection from another run does not apply: the host's choice is shown.
    await panel.host.post({ type: 'run/updated', run: { ...finishedRun(), runId: 'run-2' } });
    await settle(page);
    assert.strictEqual(await page.getAttribute('#candidate-1', 'aria-selected'), 'true');
  });

  it('memory items: pin, edit (surviving a host update), delete and clear post their messages', async () => {
    panel = await openPanel(panelState({ run: { ...finishedRun(), memoryItemIds: ['m2'] }, memory: memoryItems }));
    const { page, host } = panel;
    await page.click('summary:has-text("Memory")');
    assert.match(await text(page, '[data-memory-id="m2"]'), /pitfall.*pinned.*offered in this run.*used 2 · helped 1 · 15 tokens/);
    host.clear();
    await page.click('[data-memory-id="m1"] button:has-text("Pin")');
    await page.click('[data-memory-id="m2"] button:has-text("Unpin")');
    await page.click('[data-memory-id="m1"] button:has-text("Edit")');
    await page.fill('[data-memory-id="m1"] textarea', 'Sort first, then compare neighbours.');
    await host.post({ type: 'memory/changed', items: [{ ...memoryItems[0], timesUsed: 5 }, memoryItems[1]] });
    await settle(page);
    assert.strictEqual(await page.inputValue('[data-memory-id="m1"] textarea'), 'Sort first, then compare neighbours.', 'the draft survives');
    await page.click('[data-memory-id="m1"] button:has-text("Save")');
    await page.click('[data-memory-id="m2"] button:has-text("Delete")');
    await page.click('button:has-text("Clear memory")');
    await host.waitFor((m) => m.type === 'memory/clear');
    assert.deepStrictEqual(host.received, [
      { type: 'memory/pin', id: 'm1', pinned: true },
      { type: 'memory/pin', id: 'm2', pinned: false },
      { type: 'memory/edit', id: 'm1', text: 'Sort first, then compare neighbours.' },
      { type: 'memory/delete', id: 'm2' },
      { type: 'memory/clear' },
    ]);
  });

  it('follows the light, dark and high-contrast themes through VS Code variables', async () => {
    const colours: Record<string, string> = {};
    for (const theme of ['light', 'dark', 'highContrast'] as const) {
      panel = await openPanel(panelState({ run: finishedRun() }), { theme });
      colours[theme] = await panel.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await panel.page.screenshot({ path: path.join(SCREENSHOTS, `theme-${theme}.png`), fullPage: true });
      if (theme === 'highContrast') {
        assert.strictEqual(await panel.page.$eval('.badge.chosen', (e) => getComputedStyle(e).borderTopColor), 'rgb(111, 195, 223)', 'contrast border on badges');
      }
      await panel.close();
    }
    panel = undefined;
    assert.deepStrictEqual(colours, { light: 'rgb(248, 248, 248)', dark: 'rgb(24, 24, 24)', highContrast: 'rgb(0, 0, 0)' });
  });
});
