import * as assert from 'node:assert';
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { PanelState } from '../../src/protocol';
import { buildPanelHtml, createNonce } from '../../src/vscode/panelHtml';
import { FakePanelHost } from '../doubles/fakePanelHost';
import { THEMES } from './themes';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/webview/panel.js');
const STYLE = path.join(ROOT, 'media/panel.css');
const CODICONS = path.join(ROOT, 'node_modules/@vscode/codicons/dist');
export const SCREENSHOTS = path.join(ROOT, 'test-results/webview');

let browser: Browser | undefined;
let server: http.Server | undefined;
let origin = '';

/** Builds the panel bundle exactly as esbuild.js's webview context does (entry, format, target). */
async function buildBundle(): Promise<void> {
  await build({
    entryPoints: { panel: path.join(ROOT, 'webview-ui/main.ts') },
    outdir: path.dirname(BUNDLE),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
  });
}

/** Serves the page the host serves (same HTML builder, same CSP, fresh nonce per load) and its two assets. */
function startServer(): Promise<void> {
  const assets: Record<string, { file: string; type: string }> = {
    '/dist/webview/panel.js': { file: BUNDLE, type: 'text/javascript' },
    '/media/panel.css': { file: STYLE, type: 'text/css' },
    '/codicons/codicon.css': { file: path.join(CODICONS, 'codicon.css'), type: 'text/css' },
    '/codicons/codicon.ttf': { file: path.join(CODICONS, 'codicon.ttf'), type: 'font/ttf' },
  };
  server = http.createServer((req, res) => {
    // The codicon stylesheet asks for its font with a cache-busting query.
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/') {
      const html = buildPanelHtml({ cspSource: origin, nonce: createNonce(), scriptUri: `${origin}/dist/webview/panel.js`, styleUri: `${origin}/media/panel.css`, codiconUri: `${origin}/codicons/codicon.css` });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const asset = assets[url];
    if (!asset) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': asset.type }).end(readFileSync(asset.file));
  });
  return new Promise((resolve) => {
    server!.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      resolve();
    });
  });
}

/** Once per run: bundle, serve, launch headless Debian Chromium. */
export async function setUpHarness(): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await buildBundle();
  await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
  });
}

export async function tearDownHarness(): Promise<void> {
  await browser?.close();
  browser = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
}

export { THEMES } from './themes';

/** A panel page loaded in Chromium, and what went wrong in it. */
export interface LoadedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** CSP violations the page reported (a correct panel causes none). */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** An open panel page with its fake host. */
export interface PanelPage extends LoadedPage {
  host: FakePanelHost;
}

export interface PageOptions {
  theme?: keyof typeof THEMES;
  width?: number;
  height?: number;
}

/** Loads the panel page; `install` puts the webview API in place before any page script runs. */
export async function loadPanelPage(install: (page: Page) => Promise<void>, options: PageOptions = {}): Promise<LoadedPage> {
  if (!browser) throw new Error('harness not set up');
  const context = await browser.newContext({ viewport: { width: options.width ?? 420, height: options.height ?? 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript({
    content: `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(event.violatedDirective + ': ' + event.blockedURI));`,
  });
  await install(page);
  await page.goto(`${origin}/`);
  const theme = THEMES[options.theme ?? 'dark'];
  // VS Code sets these on the webview document; CSSOM writes are allowed by the CSP.
  await page.evaluate((t) => {
    document.body.classList.add(t.bodyClass);
    for (const [name, value] of Object.entries(t.vars)) document.documentElement.style.setProperty(name, value);
  }, theme);
  return {
    page,
    context,
    pageErrors,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    close: () => context.close(),
  };
}

/** Opens the panel with `state` as the fake host's snapshot; resolves once the first snapshot rendered. */
export async function openPanel(state: PanelState, options: PageOptions & { savedViewState?: unknown } = {}): Promise<PanelPage> {
  let host: FakePanelHost | undefined;
  const loaded = await loadPanelPage(async (page) => {
    host = await FakePanelHost.attach(page, state, options.savedViewState);
  }, options);
  if (!host) throw new Error('the fake host was not attached');
  await host.waitFor((m) => m.type === 'ready');
  await loaded.page.waitForSelector('#app[aria-busy="false"]');
  return { ...loaded, host };
}

/** The text of the first element matching `selector`. */
export async function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => e.textContent ?? '');
}

/** The texts of every element matching `selector`, in document order. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (elements) => elements.map((e) => e.textContent ?? ''));
}

/** Waits until the panel rendered everything posted so far (renders happen on animation frames). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * Closes a panel after checking it stayed healthy: no uncaught errors, no CSP violations,
 * no host message that failed protocol validation.
 */
export async function closeHealthyPanel(panel: PanelPage): Promise<void> {
  assert.deepStrictEqual(panel.pageErrors, [], 'uncaught errors in the panel');
  assert.deepStrictEqual(await panel.cspViolations(), [], 'CSP violations');
  assert.deepStrictEqual(panel.host.rejected, [], 'messages that fail protocol validation');
  await panel.close();
}
