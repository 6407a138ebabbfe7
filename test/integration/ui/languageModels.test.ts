import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startCodeServer } from '../driver/codeServer';
import type { CodeServer } from '../driver/codeServer';
import { REPO_ROOT } from '../driver/tools';
import { dismissQuickInput, editorText, findFrame, goToLine, openFile, openWorkbench, runCommand, screenshot, until, waitForNotification } from '../driver/workbench';
import type { Workbench } from '../driver/workbench';
import { SAMPLE_FILE, SAMPLE_FUNCTION, SAMPLE_TEST_COMMAND, SAMPLE_WORKSPACE } from '../sampleWorkspace';
import { packageFixtureExtension, packageVsix } from '../vsix';

const FIXTURE = join(REPO_ROOT, 'test', 'integration', 'fixtures', 'lm-provider-extension');
const SCRIPT = JSON.parse(readFileSync(join(FIXTURE, 'replies.json'), 'utf8')) as { candidates: { thinking: string; content: string }[] };

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/** Waits for the quick input titled like `title`, types `row` and picks the row that shows it. */
async function pickRow(page: Page, title: string, row: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  await page.locator(QUICK_INPUT).fill(row);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function runStatus(panel: Frame): Promise<string> {
  return (await panel.locator('[data-role="run-status"]').textContent().catch(() => null)) ?? '';
}

describe('VS Code language models in code-server: a model another extension provides, solve, Accept, Choose Model', function () {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let page: Page;
  let panel: Frame;
  const vsixDir = mkdtempSync(join(tmpdir(), 'best-of-n-lm-vsix-'));
  const original = readFileSync(join(SAMPLE_WORKSPACE, SAMPLE_FILE), 'utf8');

  before(async () => {
    const given = process.env.BEST_OF_N_IT_VSIX;
    const main = given !== undefined && given !== '' ? given : packageVsix().path;
    const provider = packageFixtureExtension(FIXTURE, vsixDir);
    server = await startCodeServer({
      label: 'language-models',
      workspaceSource: SAMPLE_WORKSPACE,
      vsixPaths: [main, provider.path],
      workspaceSettings: {
        'bestOfN.provider.profile': 'vscode-lm',
        'bestOfN.provider.model': 'scripted/scripted-coder',
        'bestOfN.verify.testCommand': SAMPLE_TEST_COMMAND,
        'bestOfN.sampling.count': 4,
        // Only solve prompts: the scripted models know the candidates and nothing else.
        'bestOfN.selection.generatedTests': false,
        'bestOfN.cheatsheet.enabled': false,
      },
      trusted: true,
    });
    workbench = await openWorkbench(server.workspaceUrl);
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(vsixDir, { recursive: true, force: true });
  });

  it('solves from the palette with the model the test extension provides, and shows its candidates and reasoning', async () => {
    await openFile(page, SAMPLE_FILE);
    const line = original.split('\n').findIndex((text) => text.includes('raise NotImplementedError')) + 1;
    await goToLine(page, line, 5);
    await runCommand(page, 'Best-of-N: Solve with Best-of-N');
    panel = await findFrame(page, '#candidate-list', 60_000);
    const status = await until(() => runStatus(panel), (s) => /^(Finished|Stopped|Failed|Abstained)/.test(s) || /error/i.test(s), 240_000, 'the run did not finish');
    await screenshot(page, 'language-models-finished');
    assert.match(status, /^Finished — #\d+ recommended$/, `the run ended: ${status}`);
    assert.equal(await panel.locator('[data-role="current-model-name"]').textContent(), 'VS Code language model · scripted/scripted-coder');
    assert.equal(await panel.locator('[data-banner="api-key"]').count(), 0, 'no API key is asked for VS Code\'s own models');
    const states = await panel.locator('[role="option"] [data-role="state"]').allTextContents();
    // Four samples; identical behaviour may be listed once, so at least the three distinct ones.
    assert.ok(states.length >= 3 && states.length <= 4, `candidates: ${states.join(', ')}`);
    assert.ok(states.some((s) => /passed/i.test(s)) && states.some((s) => /failed/i.test(s)), `states: ${states.join(', ')}`);

    const chosen = panel.locator('[role="option"]', { has: panel.locator('.badge.chosen') });
    await chosen.click();
    const code = (await panel.locator('pre[aria-label="Candidate code"]').first().textContent()) ?? '';
    // The two right scripted candidates: sorted neighbours, or all pairs of distinct positions.
    assert.ok(/sorted\(numbers\)|i != j/.test(code), `the chosen code is not a right scripted candidate:\n${code}`);
    const reasoning = (await panel.locator('pre[aria-label="Reasoning"]').first().textContent().catch(() => null)) ?? '';
    assert.ok(
      SCRIPT.candidates.some((c) => c.thinking === reasoning.trim()),
      `the reasoning shown is not the scripted thinking part: ${JSON.stringify(reasoning)}`,
    );
  });

  it('Accept writes the chosen candidate into the editor', async () => {
    const accept = panel.getByRole('button', { name: 'Accept', exact: true });
    await accept.click();
    const text = await until(() => editorText(page), (t) => !t.includes('raise NotImplementedError'), 30_000, 'the editor still shows the stub');
    assert.match(text, new RegExp(`def ${SAMPLE_FUNCTION}\\(`));
    assert.match(text, /return True/);
  });

  it('Best-of-N: Choose Model from the palette: VS Code language models, the model from a list grouped by vendor; settings and the panel follow', async () => {
    // Not runCommand: it waits for the palette to close, and the walk opens its own pick at once.
    await dismissQuickInput(page);
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('F1');
    await page.locator(QUICK_INPUT).fill('>Best-of-N: Choose Model');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Best-of-N: Choose Model' }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await pickRow(page, 'Choose Model (1/4): provider', 'VS Code language models');

    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'VS Code language model' }).waitFor({ timeout: 30_000 });
    const list = page.locator('.quick-input-list');
    await list.locator('.monaco-list-row', { hasText: 'Scripted Small' }).first().waitFor({ timeout: 30_000 });
    // Grouped by vendor: the group's separator names it; each row shows its family and input size.
    assert.ok((await list.locator('.quick-input-list-separator', { hasText: 'scripted' }).count()) >= 1, 'no vendor separator in the model list');
    const rows = await list.locator('.monaco-list-row').allTextContents();
    assert.ok(rows.some((r) => r.includes('Scripted Coder') && r.includes('scripted/scripted-coder') && r.includes('family scripted-family') && r.includes('32,768 input tokens')), rows.join(' | '));
    await screenshot(page, 'choose-model-grouped');
    await pickRow(page, 'VS Code language model', 'Scripted Small');

    await waitForNotification(page, /runs now use scripted\/scripted-small/);
    const settingsFile = join(server?.workspaceDir ?? '', '.vscode', 'settings.json');
    const saved = await until(async () => readFileSync(settingsFile, 'utf8'), (t) => t.includes('"scripted/scripted-small"'), 15_000, 'the workspace settings do not name the chosen model');
    assert.match(saved, /"bestOfN\.provider\.profile":\s*"vscode-lm"/);
    assert.match(saved, /"bestOfN\.provider\.model":\s*"scripted\/scripted-small"/);

    const line = await until(
      async () => (await panel.locator('[data-role="current-model-name"]').textContent().catch(() => null)) ?? '',
      (t) => t.includes('scripted/scripted-small'),
      15_000,
      "the panel's model line did not follow the choice",
    );
    assert.equal(line, 'VS Code language model · scripted/scripted-small');
    await screenshot(page, 'choose-model-panel');
  });
});
