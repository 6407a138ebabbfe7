import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { sleep } from './processes';
import { RESULTS_DIR, toolchain } from './tools';

/** Flags that keep Debian's chromium headless, quiet and offline in a container. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const EDITOR_LINES = '.editor-instance .monaco-editor .view-lines';

/** One headless Chromium with one page on a workbench. */
export interface Workbench {
  readonly browser: Browser;
  readonly page: Page;
  /** Console lines the page printed (workbench and extension host forwarding). */
  readonly console: string[];
  close(): Promise<void>;
}

/** Launches headless Chromium and opens `url`; waits until the workbench has rendered. */
export async function openWorkbench(url: string, setup?: (page: Page) => Promise<void>): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: toolchain().chromium, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    // The machine may be busy (shared CPUs, test processes of a run): be patient, not flaky.
    page.setDefaultTimeout(60_000);
    const lines: string[] = [];
    page.on('console', (message) => lines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
    if (setup !== undefined) await setup(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    return {
      browser,
      page,
      console: lines,
      close: async () => {
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** The quick input's text box (the widget also holds a hidden "select all" checkbox input). */
const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/**
 * Opens the quick input with `key` (F1, Ctrl+P, Ctrl+G). Retries with the focus moved out of
 * any webview iframe: a key pressed while a webview has focus may not reach the workbench.
 */
async function openQuickInput(page: Page, key: string): Promise<Locator> {
  await dismissQuickInput(page);
  const input = page.locator(QUICK_INPUT);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    const shown = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return input;
    if (attempt === 3) throw new Error(`${key} did not open the quick input`);
    // Blur the focused iframe: the workbench's own key handling then gets the next press.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }
}

/**
 * Runs a command by its palette label: F1, type, wait for the row, Enter. Retried when the
 * palette loses its row: a webview that finishes loading can take focus and close the palette.
 * `beforeEnter` runs just before the command is started (for timings).
 */
export async function runCommand(page: Page, label: string, beforeEnter?: () => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const input = await openQuickInput(page, 'F1');
    await input.fill(`>${label}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    const shown = await row.waitFor({ state: 'visible', timeout: 20_000 }).then(
      () => true,
      () => false,
    );
    if (shown) {
      beforeEnter?.();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    }
    if (attempt === 3) throw new Error(`the command palette never listed "${label}"`);
  }
}

/** Closes an open quick pick, if any. */
export async function dismissQuickInput(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget').isVisible()) {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** Opens a workspace file by name through Quick Open and waits for its editor tab. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  // A workbench part that takes focus back (the Settings editor saving a value) can close Quick
  // Open between opening and typing; open it again rather than wait on a closed widget.
  for (let attempt = 1; ; attempt++) {
    const input = await openQuickInput(page, 'Control+P');
    const typed = await input.fill(fileName, { timeout: 10_000 }).then(
      () => true,
      (error: unknown) => {
        if (attempt >= 3) throw error;
        return false;
      },
    );
    if (typed) break;
    await page.keyboard.press('Escape');
  }
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label^="${fileName}"]`).first().waitFor({ timeout: 30_000 });
  await page.locator(EDITOR_LINES).first().waitFor({ timeout: 30_000 });
}

/** Moves the cursor with Go to Line (Ctrl+G) to `line:column` (1-based). */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.locator(EDITOR_LINES).first().click();
  const input = await openQuickInput(page, 'Control+G');
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
}

/** The text of the active editor as Monaco renders it (virtualised: the lines on screen). */
export async function editorText(page: Page): Promise<string> {
  await page.locator(`${EDITOR_LINES} .view-line`).first().waitFor({ timeout: 15_000 });
  return page.evaluate((selector) => {
    const nodes = [...document.querySelectorAll<HTMLElement>(selector)];
    // Monaco positions lines absolutely and reuses nodes: order them by their offset.
    nodes.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return nodes.map((n) => (n.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  }, `${EDITOR_LINES} .view-line`);
}

/** Texts of the notification toasts currently shown. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

/** Polls `read` every `intervalMs` until `accept` holds; returns the last value read, or throws `what` with it once `timeoutMs` has passed. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`${what} (last seen: ${JSON.stringify(value)})`);
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}

/** Waits until some notification contains `pattern`; returns its text. */
export async function waitForNotification(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await notificationTexts(page);
    const hit = seen.find((text) => pattern.test(text));
    if (hit !== undefined) return hit;
    await sleep(250);
  }
  throw new Error(`no notification matching ${pattern} within ${timeoutMs} ms; shown: ${JSON.stringify(seen)}`);
}

/** Finds the frame (webviews are nested iframes) whose document has `selector`; waits for it. */
export async function findFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found !== null) return frame;
    }
    await sleep(300);
  }
  throw new Error(`no frame with ${selector} within ${timeoutMs} ms (frames: ${page.frames().map((f) => f.url()).join(', ')})`);
}

/** Saves a full-page screenshot under test-results/integration/; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
