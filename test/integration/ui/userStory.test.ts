import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { RESULTS_DIR } from '../driver/tools';
import { editorText, findFrame, goToLine, openFile, runCommand, screenshot, until } from '../driver/workbench';
import { SAMPLE_FILE, SAMPLE_FUNCTION, SAMPLE_WORKSPACE } from '../sampleWorkspace';
import { startSession } from './session';
import type { Session } from './session';

async function runStatus(panel: Frame): Promise<string> {
  return (await panel.locator('[data-role="run-status"]').textContent().catch(() => null)) ?? '';
}

describe('User story in code-server: solve from the palette, inspect, Accept, undo', function () {
  let session: Session;
  let page: Page;
  let panel: Frame;
  let accepted = false;
  const original = readFileSync(join(SAMPLE_WORKSPACE, SAMPLE_FILE), 'utf8');
  const onDisk = (): string => readFileSync(join(session.server.workspaceDir, SAMPLE_FILE), 'utf8');

  before(async () => {
    // One test process at a time: verification stays slow enough to watch the list fill in.
    session = await startSession({ label: 'user-story', trusted: true, settings: { 'bestOfN.verify.concurrency': 1 } });
    page = session.workbench.page;
  });

  after(async () => {
    await session?.close();
  });

  it('opens solution.py and puts the cursor in the function body', async () => {
    await openFile(page, SAMPLE_FILE);
    const line = original.split('\n').findIndex((text) => text.includes('raise NotImplementedError')) + 1;
    assert.ok(line > 0);
    await goToLine(page, line, 5);
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col 5` }).first().waitFor({ timeout: 10_000 });
    assert.match(await editorText(page), new RegExp(`def ${SAMPLE_FUNCTION}\\(`));
  });

  it('runs "Best-of-N: Solve with Best-of-N" from the command palette and streams candidates into the panel', async () => {
    await runCommand(page, 'Best-of-N: Solve with Best-of-N');
    panel = await findFrame(page, '#candidate-list', 60_000);
    await until(() => panel.locator('[role="option"]').count(), (n) => n > 0, 120_000, 'no candidate appeared in the panel', 200);
    const status = await runStatus(panel);
    const shot = await screenshot(page, 'panel-mid-run');
    writeFileSync(join(RESULTS_DIR, 'panel-mid-run.txt'), `${status}\n`);
    console.log(`      screenshot ${shot} — panel said: ${status}`);
    assert.match(status, /^(Running|Finished)/);
  });

  it('finishes with a recommended candidate whose tests all passed, per test', async () => {
    // An artefact, not an assertion (timing depends on the machine): the panel while verdicts come in.
    let verifyingShot = false;
    const readStatus = async (): Promise<string> => {
      const text = await runStatus(panel);
      if (!verifyingShot && text.startsWith('Running') && (await panel.locator('[data-role="state"].state-passed, [data-role="state"].state-failed').count()) > 0) {
        verifyingShot = true;
        await screenshot(page, 'panel-mid-run-verifying');
        writeFileSync(join(RESULTS_DIR, 'panel-mid-run-verifying.txt'), `${text}\n`);
      }
      return text;
    };
    const status = await until(readStatus, (s) => !s.startsWith('Running'), 180_000, 'the run did not finish', 200);
    assert.match(status, /^Finished — #\d+ recommended$/, `the run ended: ${status}`);
    const states = await panel.locator('[role="option"] [data-role="state"]').allTextContents();
    assert.ok(states.length >= 1);
    const chosen = panel.locator('[role="option"]', { has: panel.locator('.badge.chosen') });
    assert.equal(await chosen.count(), 1, 'exactly one candidate is marked chosen');
    await chosen.click();
    const title = (await panel.locator('#details-title').textContent()) ?? '';
    assert.match(title, /^Candidate #\d+ — passed/i, title);
    const testNames = await panel.locator('.tests .test-name').allTextContents();
    assert.ok(testNames.some((n) => n.includes('test_example_1')), `tests shown: ${testNames.join(', ')}`);
    assert.ok(testNames.some((n) => n.includes('test_example_2')), `tests shown: ${testNames.join(', ')}`);
    assert.equal(onDisk(), original, 'the file on disk changed before Accept');
  });

  it('Accept writes the candidate into the editor (and nothing to disk)', async () => {
    const accept = panel.getByRole('button', { name: 'Accept', exact: true });
    assert.equal(await accept.isEnabled(), true, 'Accept is disabled for the chosen, verified candidate');
    await accept.click();
    const text = await until(() => editorText(page), (t) => !t.includes('raise NotImplementedError'), 30_000, 'the editor still shows the stub', 200);
    assert.match(text, new RegExp(`def ${SAMPLE_FUNCTION}\\(`));
    assert.match(text, /return /, 'the accepted body returns something');
    await page.locator('.tabs-container .tab.dirty', { hasText: SAMPLE_FILE }).waitFor({ timeout: 10_000 });
    const shot = await screenshot(page, 'panel-after-accept');
    console.log(`      screenshot ${shot}`);
    assert.equal(onDisk(), original, 'Accept saved the file; it should only edit the document');
    accepted = true;
  });

  it('Ctrl+Z in the editor restores the original text in one step', async () => {
    assert.ok(accepted, 'nothing to undo: Accept did not change the editor');
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await until(() => editorText(page), (t) => t.includes('raise NotImplementedError'), 15_000, 'undo did not bring the stub back', 200);
    // Back at the saved version: the tab is no longer dirty.
    await until(() => page.locator('.tabs-container .tab.dirty', { hasText: SAMPLE_FILE }).count(), (n) => n === 0, 10_000, 'the tab is still dirty', 200);
    assert.equal(onDisk(), original);
  });
});
