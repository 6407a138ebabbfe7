import assert from 'assert';
import path from 'path';
import type { ModelStatsView, RunView } from '../../src/protocol';
import { finished, panelState, run } from './fixtures';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, SCREENSHOTS, text, texts } from './harness';

const stats = (model: string, over: Partial<ModelStatsView>): ModelStatsView => ({
  model,
  provider: 'OpenAI',
  share: 4,
  samples: 4,
  tested: 4,
  passing: 0,
  inPickGroup: 0,
  promptTokens: 1200,
  completionTokens: 800,
  reasoningTokens: 0,
  costUsd: 0,
  latencyMs: 8000,
  picked: false,
  ...over,
});

/** 4 samples from a fast model and 4 from a reasoning one; the pick and its group come from the reasoning model. */
function pooledRun(): RunView {
  return run({
    status: 'finished',
    n: 8,
    candidates: [
      finished(1, 1, 1, { model: 'gpt-5-mini' }),
      finished(2, 2, 0, { model: 'o3' }),
      finished(3, 2, 1, { model: 'gpt-5-mini' }),
      finished(4, 3, 0, { model: 'o3' }),
    ],
    ranking: [2, 4, 1, 3],
    choice: { candidateId: 2, reason: 'passes every test and agrees with #4' },
    stoppedBy: 'completed',
    totals: { samples: 8, promptTokens: 2400, completionTokens: 3400, reasoningTokens: 1800, costUsd: 0.0312, wallMs: 21_000, verified: 2, duplicates: 0, cacheHits: 0 },
    models: [
      stats('gpt-5-mini', { passing: 1, costUsd: 0.0012, latencyMs: 6000 }),
      stats('o3', { passing: 2, inPickGroup: 3, completionTokens: 2600, reasoningTokens: 1800, costUsd: 0.03, latencyMs: 40_000, picked: true }),
    ],
  });
}

describe('panel: a run drawn from a mixed-model pool', () => {
  let panel: PanelPage | undefined;

  afterEach(async () => {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('shows per model its samples, pass rate, share of the pick\'s group, tokens, cost and time, and the pick\'s model', async () => {
    panel = await openPanel(panelState({ run: pooledRun() }));
    const { page } = panel;
    assert.strictEqual(await text(page, '[data-role="pick-model"]'), 'from o3');
    await page.click('summary:has-text("Run details")');
    const rows = await page.$$eval('[data-role="model-stats"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    assert.deepStrictEqual(rows, [
      ['gpt-5-mini · OpenAI · share 4', '4', '1 (25% of 4 tested)', '0', '2,000', '$0.0012', '1.5 s'],
      ['o3 · OpenAI · share 4 · pick', '4', '2 (50% of 4 tested)', '3', '3,800', '$0.030', '10.0 s'],
    ]);
    assert.deepStrictEqual(await page.$$eval('[data-role="model-stats"] tr[data-picked="true"]', (e) => e.map((x) => x.getAttribute('data-model'))), ['o3']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pool-run.png'), fullPage: true });
  });

  it('names each candidate\'s model beside its wave and reasoning', async () => {
    panel = await openPanel(panelState({ run: pooledRun() }));
    const origins = await texts(panel.page, '.candidate [data-role="origin"]');
    assert.deepStrictEqual([...origins].sort(), ['gpt-5-mini · wave 1 · effort low', 'gpt-5-mini · wave 1 · effort low', 'o3 · wave 1 · effort low', 'o3 · wave 1 · effort low']);
  });

  it('shows no model table or pick model for a one-model run', async () => {
    const single = pooledRun();
    delete single.models;
    single.candidates = single.candidates.map(({ model: _m, ...c }) => c);
    panel = await openPanel(panelState({ run: single }));
    const { page } = panel;
    await page.click('summary:has-text("Run details")');
    assert.strictEqual(await page.$('[data-role="model-stats"]'), null);
    assert.strictEqual(await page.$('[data-role="pick-model"]'), null);
  });
});
