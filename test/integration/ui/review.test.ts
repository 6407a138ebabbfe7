import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { sleep } from '../driver/processes';
import { REPO_ROOT } from '../driver/tools';
import { editorText, findFrame, goToLine, openFile, runCommand, screenshot, until } from '../driver/workbench';
import { SAMPLE_FILE, SAMPLE_FUNCTION, SAMPLE_WORKSPACE } from '../sampleWorkspace';
import { startSession } from './session';
import type { Session } from './session';

/** Texts of the notice banners in every panel page (the sidebar and the review panel). */
async function notices(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    texts.push(...(await frame.locator('[data-banner="notice"]').allTextContents().catch(() => [])));
  }
  return texts;
}

describe('Review in code-server: multi-diff, Accept from the diff, undo, and settings from the Settings UI', function () {
  let session: Session;
  let page: Page;
  let panel: Frame;
  const original = readFileSync(join(SAMPLE_WORKSPACE, SAMPLE_FILE), 'utf8');

  before(async () => {
    // The server and model in User settings only: code-server is a remote window, where a
    // machine-scoped setting's User value would be ignored. N is left to its default.
    session = await startSession({ label: 'review', trusted: true, providerIn: 'user', settings: { 'bestOfN.sampling.count': undefined } });
    page = session.workbench.page;
  });

  after(async () => {
    await session?.close();
  });

  it('solves from the palette with the server named in User settings', async () => {
    await openFile(page, SAMPLE_FILE);
    const line = original.split('\n').findIndex((text) => text.includes('raise NotImplementedError')) + 1;
    await goToLine(page, line, 5);
    await runCommand(page, 'Best-of-N: Solve with Best-of-N');
    panel = await findFrame(page, '#candidate-list', 60_000);
    const status = await until(
      async () => (await panel.locator('[data-role="run-status"]').textContent().catch(() => null)) ?? '',
      (s) => /^Finished/.test(s),
      240_000,
      'the run did not finish',
    );
    assert.match(status, /^Finished — #\d+ recommended$/);
    // Only the User settings name the local server, and the candidates came from it.
    assert.doesNotMatch(readFileSync(join(session.server.workspaceDir, '.vscode', 'settings.json'), 'utf8'), /provider\.baseUrl/);
    assert.match(session.model.process.output(), /HumanEval\/0 code chat \{"n":\d+.*served/);
  });

  it('opens the behaviour groups in the native multi-diff editor and the review panel beside the code', async () => {
    await runCommand(page, 'Best-of-N: Review Candidates');
    const tab = page.locator('.tabs-container .tab', { hasText: 'behaviour group' }).first();
    await tab.waitFor({ timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Best-of-N Review' }).first().waitFor({ timeout: 30_000 });
    // The multi-diff lists one diff per group: each shows the candidate's lines against the stub.
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
    await sleep(1500);
    const shot = await screenshot(page, 'multi-diff');
    const target = join(REPO_ROOT, 'bench', 'screenshots', 'multi-diff.png');
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(shot, target);
    console.log(`      screenshot ${target}`);
    assert.ok((await page.locator('.monaco-diff-editor').count()) >= 1);
    assert.equal(readFileSync(join(session.server.workspaceDir, SAMPLE_FILE), 'utf8'), original, 'reviewing wrote to the file');
  });

  it('Accept from the diff title bar writes the candidate into the editor and closes the stale diff', async () => {
    const accept = page.locator('.editor-actions .action-label[aria-label^="Accept This Candidate"]').first();
    await accept.waitFor({ timeout: 30_000 });
    await accept.click();
    // Several groups: a picker lists them, best first (it opens after the click returns).
    const picker = await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (picker) await page.keyboard.press('Enter');
    const text = await until(() => editorText(page), (t) => !t.includes('raise NotImplementedError') && t.includes(`def ${SAMPLE_FUNCTION}(`), 30_000, 'the editor still shows the stub');
    assert.match(text, /return /);
    await until(() => page.locator('.tabs-container .tab', { hasText: 'behaviour group' }).count(), (n) => n === 0, 15_000, 'the stale multi-diff is still open');
    assert.equal(readFileSync(join(session.server.workspaceDir, SAMPLE_FILE), 'utf8'), original, 'Accept saved the file');
  });

  it('Ctrl+Z: the panel says the document holds the original again', async () => {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await until(() => editorText(page), (t) => t.includes('raise NotImplementedError'), 15_000, 'undo did not bring the stub back');
    const said = await until(() => notices(page), (n) => n.some((t) => t.includes('holds the original text')), 15_000, 'no panel said the original is back');
    assert.ok(said.some((t) => t.includes(`original text of ${SAMPLE_FUNCTION} again`)));
    assert.equal((await notices(page)).filter((t) => /changed since/.test(t)).length, 0);
    await screenshot(page, 'review-after-undo');
  });

  it('Show Cheatsheet opens the Memory section with what the tests confirmed, without a model that curates', async () => {
    await runCommand(page, 'Best-of-N: Show Cheatsheet');
    const memory = panel.locator('details[data-section="memory"]');
    await until(() => memory.getAttribute('open').catch(() => null), (open) => open !== null, 15_000, 'the Memory section did not open');
    // The replay server refuses to curate: the items come from the run's test outcomes alone.
    const kinds = await until(() => memory.locator('.memory-item .memory-head .badge').allTextContents(), (k) => k.includes('snippet') && k.includes('pitfall'), 15_000, 'no snippet and pitfall kept from the test outcomes');
    assert.ok(kinds.includes('snippet') && kinds.includes('pitfall'));
    assert.match((await memory.locator('.memory-item.kind-snippet .memory-text').first().textContent()) ?? '', new RegExp(`def ${SAMPLE_FUNCTION}\\(`));
    const shot = await screenshot(page, 'memory-demo');
    const target = join(REPO_ROOT, 'bench', 'screenshots', 'memory-demo.png');
    copyFileSync(shot, target);
    console.log(`      screenshot ${target}`);
  });

  it('lists the server setting in the Settings UI User tab, and the next run uses what the Settings UI changed', async () => {
    await runCommand(page, 'Preferences: Open Settings (UI)');
    // The search box is a small Monaco editor (no fillable input): focus it and type.
    const search = {
      fill: async (text: string): Promise<void> => {
        await page.locator('.settings-editor .suggest-input-container').first().click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
      },
    };
    await page.locator('.settings-editor .suggest-input-container').first().waitFor({ timeout: 30_000 });
    await search.fill('bestOfN.provider.baseUrl');
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'Base Url' }).first().waitFor({ timeout: 30_000 });
    assert.match((await page.locator('.settings-editor .settings-tabs-widget .action-label.checked').first().textContent()) ?? '', /User/);

    await search.fill('bestOfN.sampling.count');
    const input = page.locator('.settings-editor .setting-item-contents', { hasText: 'Count' }).locator('input').first();
    await input.waitFor({ timeout: 30_000 });
    await input.fill('5');
    await input.press('Tab');
    const userFile = join(session.server.userDataDir, 'User', 'settings.json');
    await until(async () => readFileSync(userFile, 'utf8'), (t) => /"bestOfN\.sampling\.count":\s*5/.test(t), 15_000, 'the Settings UI did not write the User settings');

    await openFile(page, SAMPLE_FILE);
    const line = original.split('\n').findIndex((text) => text.includes('raise NotImplementedError')) + 1;
    await goToLine(page, line, 5);
    const served = session.model.process.output().length;
    await runCommand(page, 'Best-of-N: Solve with Best-of-N');
    const asked = await until(
      async () => (await panel.locator('[data-role="run-reasoning"]').textContent().catch(() => null)) ?? '',
      (t) => /· N 5$/.test(t),
      60_000,
      'the next run did not use N = 5 from the Settings UI',
    );
    assert.match(asked, /· N 5$/);
    await until(
      async () => (await panel.locator('[data-role="run-status"]').textContent().catch(() => null)) ?? '',
      (s) => /^Finished/.test(s),
      240_000,
      'the second run did not finish',
    );
    assert.match(session.model.process.output().slice(served), /served/, 'the second run did not reach the local server');
  });
});
