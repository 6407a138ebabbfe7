import assert from 'assert';
import path from 'path';
import type { BaselineView } from '../../src/protocol';
import { candidate, finished, panelState, run, verification } from './fixtures';
import type { PanelPage } from './harness';
import { closeHealthyPanel, openPanel, SCREENSHOTS, settle, text, texts } from './harness';

const BASELINE: BaselineView = {
  testCount: 12,
  failingBefore: ['tests/test_size.py::test_locale'],
  reachingCount: 9,
  witness: 'reached',
  explanation: '9 of 11 tests reached has_close_elements (the stub error showed).',
  durationMs: 2300,
};

const RISKY = finished(2, 1, 2, {
  riskSigns: [
    { source: 'static', kind: 'subprocess', label: 'subprocess', detail: 'subprocess.run() at line 3 of the candidate' },
    { source: 'static', kind: 'environment', label: 'env', detail: 'os.environ at line 4 of the candidate' },
    { source: 'sandbox', kind: 'write-outside', label: 'wrote outside copy', detail: 'wrote /tmp/.env-copy outside its copy' },
  ],
  score: { testsPassed: 2, testsTotal: 2, agreement: 1, tokens: -300, rank: 2, explanation: 'passed 2/2 tests; risk signs rank it below clean candidates' },
});
const TAMPERED = candidate(3, {
  state: 'tampered',
  code: 'def has_close_elements(numbers, threshold):\n    import os\n    os._exit(0)',
  verification: verification(2, { status: 'tampered', reason: 'the must-fail canary passed' }),
  score: { testsPassed: 2, testsTotal: 2, agreement: 1, tokens: -100, rank: 3, explanation: 'tampered' },
});

function trustRun() {
  return run({
    status: 'finished',
    baseline: BASELINE,
    candidates: [finished(1, 0, 2, { score: { testsPassed: 2, testsTotal: 2, agreement: 1, tokens: -300, rank: 1, explanation: 'passed 2/2 tests' } }), RISKY, TAMPERED],
    ranking: [1, 2, 3],
    // A stale or wrong choice of a tampered candidate must still never show as a pick.
    choice: { candidateId: 1, reason: 'passed every test' },
    stoppedBy: 'completed',
  });
}

describe('panel: trust states', () => {
  let panel: PanelPage | undefined;

  afterEach(async function () {
    if (panel) {
      await closeHealthyPanel(panel);
      panel = undefined;
    }
  });

  it('shows a risk badge with a warning icon, each sign on hover and in the details', async () => {
    panel = await openPanel(panelState({ run: trustRun() }));
    const { page } = panel;
    assert.strictEqual(await page.$('#candidate-1 [data-role="risk"]'), null, 'a clean candidate has no badge');
    assert.strictEqual(await text(page, '#candidate-2 [data-role="risk"]'), 'subprocess, env, wrote outside copy');
    assert.strictEqual(await page.$eval('#candidate-2 [data-role="risk"] .codicon', (el) => el.getAttribute('class')), 'codicon codicon-warning');
    const title = (await page.getAttribute('#candidate-2 [data-role="risk"]', 'title')) ?? '';
    assert.deepStrictEqual(title.split('\n'), [
      'subprocess: subprocess.run() at line 3 of the candidate (seen in its code)',
      'env: os.environ at line 4 of the candidate (seen in its code)',
      'wrote outside copy: wrote /tmp/.env-copy outside its copy (seen by the sandbox)',
    ]);
    // Its icon and border take the theme's warning colour, not a fixed one; its text stays in the readable foreground.
    const colours = await page.$eval('#candidate-2 [data-role="risk"]', (el) => {
      document.documentElement.style.setProperty('--vscode-editorWarning-foreground', 'rgb(1, 2, 3)');
      return [getComputedStyle(el.querySelector('.codicon')!).color, getComputedStyle(el).borderTopColor, getComputedStyle(el).color];
    });
    assert.deepStrictEqual(colours.slice(0, 2), ['rgb(1, 2, 3)', 'rgb(1, 2, 3)']);
    assert.notStrictEqual(colours[2], 'rgb(1, 2, 3)');
    await page.click('#candidate-2');
    await settle(page);
    assert.deepStrictEqual(await texts(page, '[data-role="risk-signs"] li'), title.split('\n'));
    assert.match(await text(page, '[data-role="risk-signs"]'), /Risk signs: subprocess, env, wrote outside copy\. Ranked below clean candidates; Accept asks before applying it\./);
    assert.match((await page.getAttribute('button:has-text("Accept #2")', 'title')) ?? '', /after confirming its risk signs/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trust-risk-badge.png'), fullPage: true });
  });

  it('shows a tampered candidate as such, with its reason, never as a pick and not acceptable', async () => {
    const r = trustRun();
    panel = await openPanel(panelState({ run: { ...r, choice: { candidateId: 3, reason: 'stale' } } }));
    const { page } = panel;
    assert.strictEqual(await text(page, '#candidate-3 [data-role="state"]'), 'tampered');
    assert.strictEqual(await text(page, '#candidate-3 [data-role="tampered-reason"]'), 'Rejected, never picked: the must-fail canary passed');
    assert.strictEqual(await page.$('#candidate-3 .badge.chosen'), null);
    await page.click('#candidate-3');
    await settle(page);
    assert.match(await text(page, '[data-role="tampered"]'), /^Tampered: the must-fail canary passed\. Rejected and never picked; it cannot be accepted\.$/);
    assert.strictEqual(await page.$('[data-role="pick"]'), null, 'no pick card for a tampered choice');
    assert.strictEqual(await page.isDisabled('button:has-text("Accept #3")'), true);
    assert.strictEqual(await page.$('button:has-text("Accept unverified")'), null);
  });

  it('puts the baseline and witness outcome first in the run details', async () => {
    panel = await openPanel(panelState({ run: trustRun() }));
    const { page } = panel;
    const order = await page.$$eval('#run-details > *', (els) => els.map((el) => el.getAttribute('data-role') ?? el.tagName.toLowerCase()));
    assert.strictEqual(order[0], 'baseline');
    assert.match(await text(page, '[data-role="baseline"]'), /^Tests: 12 tests found, 1 test failing before the run \(left out of verdicts\); they reach the code being replaced \(9 tests hit the stub\)\. \(2\.3 s\)/);
    assert.match(await text(page, '[data-role="failing-before"]'), /tests\/test_size\.py::test_locale/);
    assert.match(await text(page, '[data-role="baseline-explanation"]'), /9 of 11 tests reached has_close_elements/);
  });

  it('says which tests each candidate ran and whether the whole command confirmed the pick', async () => {
    const selection = {
      mode: 'selected' as const,
      command: 'python -m pytest -q tests/test_size.py::test_small',
      cases: { selected: 2, whole: 12 },
      reason: 'two of twelve test cases call has_close_elements',
      confirmations: [
        { candidateId: 5, status: 'failed', passed: 11, total: 12 },
        { candidateId: 3, status: 'passed', passed: 12, total: 12 },
      ],
    };
    panel = await openPanel(panelState({ run: run({ baseline: { ...BASELINE, selection } }) }));
    const { page } = panel;
    assert.strictEqual(await page.getAttribute('[data-role="test-selection"]', 'data-mode'), 'selected');
    assert.match(await text(page, '[data-role="test-selection"]'), /^Each candidate ran only the tests that exercise the target \(2 test cases of 12\): python -m pytest -q tests\/test_size\.py::test_small/);
    const lines = await page.$$eval('[data-role="confirmation"]', (els) => els.map((el) => [el.getAttribute('data-status'), el.textContent?.trim()]));
    assert.deepStrictEqual(lines, [
      ['failed', 'The whole command on #5: failed (11/12 tests).'],
      ['passed', 'The whole command on #3: passed (12/12 tests).'],
    ]);
  });

  it('says plainly when the tests do not reach the code, and that nothing was sampled', async () => {
    const stopped = run({
      status: 'error',
      stoppedBy: 'error',
      baseline: { ...BASELINE, witness: 'not-reached', reachingCount: 0, explanation: 'The tests import humanize from site-packages, not src/: install it with pip install -e .' },
      error: { kind: 'tests-do-not-reach', message: 'No test outcome showed the stub.' },
    });
    panel = await openPanel(panelState({ run: stopped }));
    const { page } = panel;
    assert.strictEqual(await page.getAttribute('[data-role="baseline"]', 'data-witness'), 'not-reached');
    assert.match(await text(page, '[data-role="baseline"]'), /they do NOT reach the code being replaced.*site-packages, not src\//);
    assert.match(await text(page, '[data-banner="run-error"]'), /^The tests do not reach the code being replaced\. No test outcome showed the stub\. Nothing was sampled and nothing will be written\.$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trust-not-reached.png'), fullPage: true });
  });

  it('says the baseline is running before the first sample, then shows it when it arrives', async () => {
    panel = await openPanel(panelState({ run: run({ phase: { name: 'baseline' } }) }));
    const { page, host } = panel;
    assert.strictEqual(await text(page, '[data-role="run-status"]'), 'Running — running the tests on the current code…');
    assert.strictEqual(await page.getAttribute('[data-role="run-status"]', 'data-phase'), 'baseline');
    await host.post({ type: 'run/updated', run: run({ baseline: BASELINE, phase: { name: 'sampling', wave: 1 } }) });
    await settle(page);
    assert.strictEqual(await page.getAttribute('[data-role="baseline"]', 'data-witness'), 'reached');
  });
});
