import assert from 'assert';
import path from 'path';
import type { RunView } from '../../src/protocol';
import { controls, finished, panelState, run } from './fixtures';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, SCREENSHOTS, settle, text, texts } from './harness';

/**
 * An adaptive run on a vLLM-style profile: wave 1 without thinking fails, a repair of its
 * near miss fails too, wave 2 one step up passes and agrees, and sampling stops at 5 of 8.
 */
function adaptiveRun(): RunView {
  const fast = { fastMode: true };
  const low = { effort: 'low' as const, budgetTokens: 4096 };
  return run({
    status: 'finished',
    n: 8,
    reasoning: low,
    plan: { mode: 'adaptive', repair: true, ladder: [fast, { budgetTokens: 1024 }, low] },
    candidates: [
      finished(1, 1, 1, { wave: 1, reasoning: fast }),
      finished(2, 2, 0, { wave: 1, reasoning: fast }),
      finished(3, 3, 1, { wave: 1, reasoning: fast, origin: 'repair', repairOf: 1 }),
      finished(4, 0, 2, { wave: 2, reasoning: { budgetTokens: 1024 }, origin: 'sample' }),
      finished(5, 4, 2, { wave: 2, reasoning: { budgetTokens: 1024 } }),
    ],
    ranking: [4, 5, 1, 3, 2],
    choice: { candidateId: 4, reason: 'passes every test and agrees with #5' },
    stoppedBy: 'early-stop',
    totals: { samples: 5, promptTokens: 910, completionTokens: 360, reasoningTokens: 700, costUsd: 0.0021, wallMs: 9_800, verified: 2, duplicates: 0, cacheHits: 0 },
    progress: [
      { samples: 2, verified: 0 },
      { samples: 3, verified: 0 },
      { samples: 5, verified: 2 },
    ],
  });
}

describe('panel: sampling waves, repair and reasoning escalation', () => {
  let panel: PanelPage | undefined;

  afterEach(async () => {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('shows each candidate\'s wave and reasoning setting, and which failing candidate a repair revises', async () => {
    panel = await openPanel(panelState({ run: adaptiveRun() }));
    const { page } = panel;
    // Without scores (the ranking not in yet) they sit in "Not ranked", opened for the selected pick.
    assert.deepStrictEqual(await texts(page, '.candidate [data-role="origin"]'), [
      'wave 1 · fast mode',
      'wave 1 · fast mode',
      'wave 1 · fast mode · repair of #1',
      'wave 2 · thinking ≤1024',
      'wave 2 · thinking ≤1024',
    ]);
    assert.deepStrictEqual(await page.$$eval('.candidate.origin-repair', (e) => e.map((x) => x.id)), ['candidate-3']);
    await page.click('#candidate-3');
    await page.click('summary:has-text("Request")');
    await settle(page);
    assert.match(await text(page, '.section-request p'), /^Wave 1 · asked for effort default, fast mode · a repair of #1, sent back with its failing tests/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waves-run.png'), fullPage: true });
  });

  it('sums up the run: waves drawn, escalations and repairs, and that agreement stopped it after 5 of 8 samples', async () => {
    panel = await openPanel(panelState({ run: adaptiveRun() }));
    const { page } = panel;
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="waves"]'), '2 drawn');
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="escalations"]'), '1: fast mode → thinking ≤1024 (ceiling effort low · thinking ≤4096)');
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="repairs"]'), '1');
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="ended-by"]'), 'stopped early after 5 of 8 samples: verified candidates agreed');
    assert.strictEqual(
      await text(page, '[data-role="run-plan"]'),
      'Sampling: adaptive waves (growing: 5, 5, 10, …) up to 8 · repair on · escalation fast mode → thinking ≤1024 → effort low · thinking ≤4096',
    );
    // The summary follows the run as it changes: a third wave at the ceiling is one more escalation.
    const next = adaptiveRun();
    next.candidates.push(finished(6, 5, 2, { wave: 3, reasoning: { effort: 'low', budgetTokens: 4096 } }));
    await panel.host.post({ type: 'run/updated', run: next });
    await settle(page);
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="waves"]'), '3 drawn');
    assert.match(await text(page, '[data-role="totals"] [data-role="escalations"]'), /^2: fast mode → thinking ≤1024 → effort low · thinking ≤4096/);
  });

  it('leaves waves, escalation and repairs out of a run that drew all N at once, and says nothing of stopping early when it did not', async () => {
    const r = run({
      status: 'finished',
      plan: { mode: 'all', repair: false, ladder: [{ effort: 'low' }] },
      candidates: [finished(1, 0, 2), finished(2, 1, 1)],
      ranking: [1, 2],
      choice: { candidateId: 1, reason: 'passes every test' },
      stoppedBy: 'completed',
      totals: { samples: 8, promptTokens: 1, completionTokens: 1, reasoningTokens: 0, costUsd: 0, wallMs: 10, verified: 1, duplicates: 0, cacheHits: 0 },
    });
    panel = await openPanel(panelState({ run: r }));
    const { page } = panel;
    for (const role of ['waves', 'escalations', 'repairs']) {
      assert.strictEqual(await page.$(`[data-role="totals"] [data-role="${role}"]`), null, `${role} row`);
    }
    assert.strictEqual(await text(page, '[data-role="run-plan"]'), 'Sampling: all 8 at once');
    await page.click('.group-unranked button:has-text("Show")');
    assert.deepStrictEqual(await texts(page, '.candidate [data-role="origin"]'), ['effort low', 'effort low'], 'no wave numbers without waves');
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="ended-by"]'), 'all samples drawn', 'no early stop claimed');
  });

  it('posts typed controls/update for waves mode, wave size, repair and escalation, and greys out what needs waves', async () => {
    const steps = controls({ values: { ...controls().values, reasoningEffort: 'high' }, escalationSteps: [{ effort: 'low' }, { effort: 'medium' }, { effort: 'high' }] });
    panel = await openPanel(panelState({ controls: steps }));
    const { page, host } = panel;
    await page.click('summary:has-text("Next run")');
    assert.strictEqual(await page.inputValue('#control-waves'), 'adaptive');
    assert.strictEqual(await page.inputValue('#control-waveSize'), '0');
    assert.strictEqual(await page.isChecked('#control-escalate'), true);
    assert.strictEqual(await page.isChecked('#control-repair'), false);
    assert.match(await text(page, '[data-control="escalate"]'), /Climbs effort low → effort medium → effort high\./);
    host.clear();
    await page.fill('#control-waveSize', '4');
    await page.press('#control-waveSize', 'Tab');
    await page.check('#control-repair');
    await page.uncheck('#control-escalate');
    await page.selectOption('#control-waves', 'all');
    await host.waitFor((m) => m.type === 'controls/update' && m.key === 'waves');
    assert.deepStrictEqual(host.received, [
      { type: 'controls/update', key: 'waveSize', value: 4 },
      { type: 'controls/update', key: 'repair', value: true },
      { type: 'controls/update', key: 'escalate', value: false },
      { type: 'controls/update', key: 'waves', value: 'all' },
    ]);
    // The host writes the settings and echoes them back; controls that act between waves go grey.
    await host.post({ type: 'controls/changed', controls: { ...steps, values: { ...steps.values, waves: 'all', waveSize: 4, repair: true, escalate: false } } });
    await settle(page);
    for (const id of ['#control-waveSize', '#control-repair', '#control-escalate']) assert.strictEqual(await page.isDisabled(id), true, `${id} disabled`);
    assert.strictEqual(await page.isChecked('#control-repair'), true, 'each checkbox shows its own setting');
    assert.strictEqual(await page.isChecked('#control-escalate'), false);
    assert.match(await text(page, '[data-role="waves-note"]'), /All N at once: wave size, repair and escalation act between waves/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waves-controls.png'), fullPage: true });
    await host.post({ type: 'controls/changed', controls: steps });
    await settle(page);
    for (const id of ['#control-waveSize', '#control-repair', '#control-escalate']) assert.strictEqual(await page.isEnabled(id), true, `${id} enabled again`);
  });

  it('refuses a wave size out of range with a clear error, keeps the text and posts nothing; says when there is nothing to climb', async () => {
    panel = await openPanel(panelState({ controls: controls({ escalationSteps: [{ effort: 'low' }] }) }));
    const { page, host } = panel;
    await page.click('summary:has-text("Next run")');
    assert.match(await text(page, '[data-control="escalate"]'), /Nothing to climb with these settings/);
    host.clear();
    await page.fill('#control-waveSize', '101');
    await page.press('#control-waveSize', 'Tab');
    await page.fill('#control-waveSize', '2.5');
    await page.press('#control-waveSize', 'Tab');
    await settle(page);
    assert.strictEqual(await text(page, '#control-waveSize-error'), 'Wave size (0 = growing: 5, 5, 10, …) must be a whole number.');
    assert.strictEqual(await page.inputValue('#control-waveSize'), '2.5');
    assert.deepStrictEqual(host.received, []);
  });
});
