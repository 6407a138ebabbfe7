import assert from 'assert';
import path from 'path';
import { contrastFailures } from './contrast';
import { candidate, finished, finishedRun, panelState, run, sampleCode } from './fixtures';
import { groupedRun } from './groupedFixtures';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, settle, text, texts } from './harness';

const BENCH_SCREENSHOTS = path.resolve(__dirname, '../../bench/screenshots');
/** A narrow sidebar: what VS Code gives a view by default, and the fold a user sees without scrolling. */
const SIDEBAR = { width: 300, height: 600 };

describe('panel: the review view', () => {
  let panel: PanelPage | undefined;

  afterEach(async () => {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('at N = 100: one row per behaviour group, the pick and Accept above the fold of a narrow sidebar', async () => {
    const r = groupedRun(100);
    panel = await openPanel(panelState({ run: r, apiKeySet: false }), SIDEBAR);
    const { page } = panel;
    // Collapsed, 100 candidates are a handful of rows: the six best groups, then "show more".
    const rows = await page.$$eval('#candidate-list [role="option"]', (e) => e.length);
    assert.ok(rows <= 7, `${rows} rows for 100 candidates`);
    assert.deepStrictEqual(await texts(page, '.group-behaviour .group-summary span[id]'), ['Group 1 of 14', 'Group 2 of 14', 'Group 3 of 14', 'Group 4 of 14', 'Group 5 of 14', 'Group 6 of 14']);
    assert.match(await text(page, '#candidate-1 [data-role="group-summary"]'), /43 candidates behave this way/);
    assert.match(await text(page, '.group-behaviour[data-group="3"] [data-role="risk"]'), /subprocess/);
    // The pick, its reason in one sentence and Accept are on screen without scrolling.
    const accept = await page.locator('[data-role="pick"] button', { hasText: /^Accept$/ }).boundingBox();
    assert.ok(accept && accept.y + accept.height <= SIDEBAR.height, `Accept at y=${accept?.y}`);
    assert.strictEqual(await text(page, '[data-role="pick-reason"]'), 'Passes every test and 43 samples behave the same, the largest agreeing group.');
    assert.strictEqual(await text(page, '[data-role="strength"] summary'), 'weak tests');
    // The API key banner and the run's details wait below the results.
    const banner = await page.locator('[data-banner="api-key"]').boundingBox();
    const list = await page.locator('#candidate-list').boundingBox();
    assert.ok(banner && list && banner.y > list.y, 'the API key banner is below the candidates');
    assert.strictEqual(await page.isVisible('[data-role="totals"]'), false, 'totals are collapsed');
    // Members and the long tail on demand.
    await page.click('.group-behaviour[data-group="1"] button:has-text("Show 42 others")');
    assert.strictEqual(await page.$$eval('.group-behaviour[data-group="1"] [role="option"]', (e) => e.length), 43);
    await page.click('button:has-text("Show 8 more groups")');
    assert.strictEqual(await page.$$eval('.group-behaviour', (e) => e.length), 14);
    // Nothing runs off the right edge.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
  });

  it('keeps code, diffs and test names inside a narrow sidebar; names wrap between words', async () => {
    const r = finishedRun();
    const longName = 'tests/unit/test_solution_module.py::TestHasCloseElements::test_docstring_example_with_a_very_long_descriptive_name';
    r.candidates[1] = {
      ...r.candidates[1],
      code: `${sampleCode(1)}    return any(abs(numbers[i] - numbers[j]) < threshold for i in range(len(numbers)) for j in range(i + 1, len(numbers)))  # a very long line\n`,
      verification: { ...r.candidates[1].verification!, tests: [{ name: longName, status: 'failed', message: 'AssertionError: assert has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3) == True' }, { name: 'test_ok', status: 'passed' }] },
    };
    panel = await openPanel(panelState({ run: r }), SIDEBAR);
    const { page } = panel;
    await page.click('#candidate-2');
    await page.click('summary:has-text("Code")');
    await settle(page);
    const clipped = await page.$$eval('pre.code, .diff-body', (els) => els.filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1).length);
    assert.strictEqual(clipped, 0, 'a code block scrolls or cuts off on the right');
    // Each word of the name (the parts between break opportunities) sits on one line.
    const brokenWords = await page.$eval('.test-name', (el) =>
      [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .filter((n) => {
          const range = document.createRange();
          range.selectNodeContents(n);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
        })
        .map((n) => n.textContent),
    );
    assert.deepStrictEqual(brokenWords, []);
    const lines = await page.$eval('.test-name', (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    assert.ok(lines > 1, 'the long name does wrap');
    // The failing test comes first, with its message.
    assert.deepStrictEqual(await page.$$eval('ul.tests li', (els) => els.map((e) => e.getAttribute('data-test-status'))), ['failed', 'passed']);
  });

  it('streams each candidate into its row, reasoning collapsed with its size, and says the phase', async () => {
    panel = await openPanel(panelState({ run: run({ phase: { name: 'sampling', wave: 2 }, candidates: [candidate(1), candidate(2)] }) }), SIDEBAR);
    const { page, host } = panel;
    assert.match(await text(page, '[data-role="run-status"]'), /^Running — sampling wave 2: 0 of 8 samples drawn, 0 passing$/);
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 2, reasoning: 'Sort, then compare neighbours.' });
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 2, content: '```python\ndef has_close_elements(numbers, threshold):\n    ordered = sorted(numbers)\n' });
    await host.post({ type: 'candidate/delta', runId: 'run-1', candidateId: 1, content: 'def has_close' });
    await settle(page);
    assert.strictEqual(await text(page, '#candidate-1 [data-role="stream-tail"]'), 'def has_close');
    assert.strictEqual(await text(page, '#candidate-2 [data-role="stream-tail"]'), '```python\ndef has_close_elements(numbers, threshold):\n    ordered = sorted(numbers)');
    assert.strictEqual(await page.isVisible('#candidate-2 [data-role="stream-reasoning"] pre'), false, 'reasoning is collapsed');
    await host.post({ type: 'candidate/updated', runId: 'run-1', candidate: candidate(2, { content: 'x', reasoningText: 'Sort, then compare neighbours.', usage: { prompt: 182, completion: 90, reasoning: 37, estimated: false } }) });
    await settle(page);
    assert.strictEqual(await text(page, '#candidate-2 [data-role="stream-reasoning"] summary'), 'Reasoning · 37 tokens');
    await page.click('#candidate-2 [data-role="stream-reasoning"] summary');
    assert.strictEqual(await text(page, '#candidate-2 [data-role="stream-reasoning"] pre'), 'Sort, then compare neighbours.');
    await host.post({ type: 'run/updated', run: run({ phase: { name: 'verifying', wave: 2 }, candidates: [finished(1, 0, 2, { score: { testsPassed: 2, testsTotal: 2, agreement: 1, tokens: -60, rank: 1, group: 1, groupSize: 1, explanation: 'passed' } }), candidate(2, { state: 'verifying', code: sampleCode(1) })], totals: { samples: 2, promptTokens: 364, completionTokens: 160, reasoningTokens: 37, costUsd: 0, wallMs: 900, verified: 1, duplicates: 0, cacheHits: 0 } }) });
    await settle(page);
    // One source for "passing": the header and the run details say the same number.
    assert.match(await text(page, '[data-role="run-status"]'), /^Running — testing wave 2: 2 of 8 samples drawn, 1 passing$/);
    assert.strictEqual(await text(page, '[data-role="totals"] [data-role="passing"]'), '1');
    assert.match(await text(page, '[data-role="run-summary"]'), /· 1 passing ·/);
  });

  it('marks the result on screen old the moment a new run is asked for, and clears it when the run starts', async () => {
    panel = await openPanel(panelState({ run: finishedRun() }), SIDEBAR);
    const { page, host } = panel;
    assert.strictEqual(await page.isEnabled('[data-role="pick"] button:has-text("Accept")'), true);
    await page.click('button:has-text("Re-run")');
    await host.waitFor((m) => m.type === 'run/rerun');
    await settle(page);
    // Before the host answers: still readable, but no live Accept and no second Re-run.
    assert.match(await text(page, '[data-banner="stale"]'), /Old result: a new run is starting/);
    assert.strictEqual(await page.isDisabled('[data-role="pick"] button:has-text("Accept")'), true);
    assert.strictEqual(await page.isDisabled('button:has-text("Re-run")'), true);
    // The host's pending run replaces it at once.
    await host.post({ type: 'run/updated', run: run({ runId: 'pending-1', pending: true, phase: { name: 'starting' }, verifier: '' }) });
    await settle(page);
    assert.strictEqual(await page.$('[data-role="pick"]'), null);
    assert.strictEqual(await page.$('[data-banner="stale"]'), null);
    assert.strictEqual(await text(page, '[data-role="run-status"]'), 'Running — starting…');
    assert.strictEqual(await text(page, '#candidate-list'), 'No samples yet.');
    assert.strictEqual(await page.locator('button', { hasText: /^Accept/ }).count(), 0);
  });

  it('shows a cancelled run with no pick and no Accept, even if the host still names one', async () => {
    const cancelled = { ...finishedRun(), status: 'cancelled' as const, stoppedBy: 'cancelled' as const };
    panel = await openPanel(panelState({ run: cancelled }), SIDEBAR);
    const { page } = panel;
    assert.strictEqual(await page.$('.badge.chosen'), null);
    assert.strictEqual(await page.$('[data-role="pick"]'), null);
    assert.strictEqual(await page.locator('button', { hasText: /^Accept$/ }).count(), 0);
    assert.match(await text(page, '[data-banner="cancelled"]'), /^Cancelled: nothing recommended\. 5 candidates had been tested/);
    assert.strictEqual(await text(page, '[data-role="run-status"]'), 'Cancelled — nothing recommended');
    assert.doesNotMatch(await text(page, '[data-role="explanation"]'), /Chosen/);
  });

  it('shows the sandbox note once for the run, not in every candidate', async () => {
    const r = finishedRun();
    const note = 'bubblewrap is unavailable: candidates ran in a temp copy without an OS sandbox';
    r.candidates = r.candidates.map((c) => (c.verification ? { ...c, verification: { ...c.verification, sandbox: 'none' as const, sandboxNote: note } } : c));
    panel = await openPanel(panelState({ run: r }), SIDEBAR);
    const { page } = panel;
    await page.click('summary:has-text("Test output")');
    assert.strictEqual(await page.$$eval('[data-role="sandbox-note"]', (e) => e.length), 1);
    assert.doesNotMatch(await text(page, '.section-output'), /bubblewrap is unavailable/);
  });

  it('opens the Memory section when the host asks (Show Cheatsheet)', async () => {
    panel = await openPanel(panelState({ run: groupedRun(60), memory: [{ id: 'm1', kind: 'snippet', text: 'Sort first, then compare neighbours.', timesUsed: 2, timesHelped: 2, pinned: false, tokens: 9 }] }), SIDEBAR);
    const { page, host } = panel;
    assert.strictEqual(await page.$eval('.section-memory', (d) => (d as HTMLDetailsElement).open), false);
    await host.post({ type: 'panel/reveal', section: 'memory' });
    await settle(page);
    assert.strictEqual(await page.$eval('.section-memory', (d) => (d as HTMLDetailsElement).open), true);
    const box = await page.locator('.section-memory summary').boundingBox();
    assert.ok(box && box.y >= 0 && box.y < SIDEBAR.height, 'scrolled into view');
    assert.strictEqual(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focusKey), 'summary-memory');
  });

  for (const theme of ['light', 'dark', 'highContrast'] as const) {
    it(`meets WCAG AA text contrast in the ${theme} theme (rendered colours)`, async () => {
      const r = groupedRun(20);
      panel = await openPanel(panelState({ run: r, apiKeySet: false, bubblewrapStatus: { available: false, detail: 'bwrap not found' } }), { theme, width: 360 });
      const { page } = panel;
      // Open everything a reviewer opens: a group, run details, a failing candidate's tests and output, controls.
      await page.click('.group-behaviour[data-group="1"] button.group-toggle');
      await page.click('summary:has-text("Run details")');
      await page.click('[data-role="pick"] [data-role="strength"] summary');
      await page.click('summary:has-text("Next run")');
      await page.click('.group-behaviour[data-group="2"] [role="option"]');
      await page.click('summary:has-text("Test output")');
      await settle(page);
      const { checked, failures } = await contrastFailures(page);
      assert.ok(checked > 80, `only ${checked} texts checked`);
      assert.deepStrictEqual(failures, [], `${theme}: texts below 4.5:1`);
      // The check itself can fail: text in the theme's warning colour on the light background is below AA.
      if (theme === 'light') {
        await page.$eval('[data-role="pick-reason"]', (el) => ((el as HTMLElement).style.color = 'var(--vscode-editorWarning-foreground)'));
        const after = await contrastFailures(page);
        assert.deepStrictEqual(after.failures.map((f) => f.text), [(await text(page, '[data-role="pick-reason"]')).slice(0, 60)]);
      }
    });
  }

  for (const n of [8, 60]) {
    it(`saves screenshots of the grouped view at N = ${n} in the light and dark themes`, async () => {
      for (const theme of ['light', 'dark'] as const) {
        panel = await openPanel(panelState({ run: groupedRun(n) }), { ...SIDEBAR, theme });
        await panel.page.screenshot({ path: path.join(BENCH_SCREENSHOTS, `grouped-n${n}-${theme}.png`) });
        assert.ok(await panel.page.isVisible('[data-role="pick"]'));
        await closeHealthyPanel(panel);
        panel = undefined;
      }
    });
  }
});
