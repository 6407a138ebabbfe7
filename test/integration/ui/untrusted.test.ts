import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { findFrame, goToLine, openFile, runCommand, screenshot, waitForNotification } from '../driver/workbench';
import { SAMPLE_FILE, SAMPLE_WORKSPACE } from '../sampleWorkspace';
import { startSession } from './session';
import type { Session } from './session';

describe('Untrusted workspace in code-server: Best-of-N refuses to run tests', function () {
  let session: Session;
  let page: Page;

  before(async () => {
    session = await startSession({ label: 'untrusted', trusted: false });
    page = session.workbench.page;
  });

  after(async () => {
    await session?.close();
  });

  it('opens the workspace in Restricted Mode', async () => {
    // VS Code shows its Restricted Mode indicator in the status bar for an untrusted folder.
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  });

  it('says why and how to trust it when "Solve with Best-of-N" is run', async () => {
    await openFile(page, SAMPLE_FILE);
    const original = readFileSync(join(SAMPLE_WORKSPACE, SAMPLE_FILE), 'utf8');
    await goToLine(page, original.split('\n').findIndex((text) => text.includes('raise NotImplementedError')) + 1, 5);
    await runCommand(page, 'Best-of-N: Solve with Best-of-N');
    const message = await waitForNotification(page, /trusted workspace/i, 30_000);
    assert.match(message, /runs this workspace's tests/i, 'the message says why');
    assert.match(message, /Trust the workspace|Manage Workspace Trust/i, 'the message says how');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'trusted workspace' });
    assert.ok((await toast.getByRole('button', { name: 'Manage Workspace Trust' }).count()) >= 1, 'no "Manage Workspace Trust" button');
    await screenshot(page, 'untrusted-refusal');
  });

  it('shows the untrusted banner in the panel, starts no run, and leaves the file alone', async () => {
    const panel = await findFrame(page, '[data-banner="untrusted"]', 60_000);
    assert.equal(await panel.locator('[data-role="empty-state"]').count(), 1, 'a run appeared in the panel');
    assert.equal(await panel.getByRole('button', { name: 'Solve with Best-of-N' }).isDisabled(), true);
    assert.equal(readFileSync(join(session.server.workspaceDir, SAMPLE_FILE), 'utf8'), readFileSync(join(SAMPLE_WORKSPACE, SAMPLE_FILE), 'utf8'));
  });
});
