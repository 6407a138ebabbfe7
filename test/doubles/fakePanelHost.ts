import type { Page } from 'playwright-core';
import type { HostToWebviewMessage, PanelState, WebviewToHostMessage } from '../../src/protocol';
import { parseHostMessage } from '../../src/protocolHostMessages';
import { parseWebviewMessage } from '../../src/protocolWebviewMessages';

/**
 * The extension host's side of the panel protocol, for a panel page loaded in Chromium.
 * It stands in for VS Code's webview plumbing: `acquireVsCodeApi()` in the page posts to
 * this object, and {@link post} delivers messages the way VS Code does (a `message` event
 * on the page's window). It answers `ready` with a `state/snapshot`, like the real host.
 */
export class FakePanelHost {
  /** Valid messages the webview posted, in order. */
  readonly received: WebviewToHostMessage[] = [];
  /** Posted payloads that failed protocol validation (a correct panel posts none). */
  readonly rejected: unknown[] = [];
  /** Every view state the page saved with `setState`, in order. */
  readonly savedViewStates: unknown[] = [];
  private waiters: { predicate: (m: WebviewToHostMessage) => boolean; resolve: (m: WebviewToHostMessage) => void }[] = [];

  private constructor(
    private readonly page: Page,
    private snapshot: PanelState,
  ) {}

  /**
   * Installs the fake VS Code API into `page` (before any page script runs).
   * `savedViewState` plays the state VS Code restores into a re-created webview.
   */
  static async attach(page: Page, snapshot: PanelState, savedViewState?: unknown): Promise<FakePanelHost> {
    const host = new FakePanelHost(page, snapshot);
    await installWebviewApi(page, {
      onMessage: (data) => host.onWebviewMessage(data),
      onViewState: (state) => host.savedViewStates.push(state),
      savedViewState,
    });
    return host;
  }

  /** Sends a message to the webview; it must itself be valid, so tests cannot drift from the protocol. */
  async post(message: HostToWebviewMessage): Promise<void> {
    if (!parseHostMessage(message)) throw new Error(`FakePanelHost: refusing to post an invalid message: ${JSON.stringify(message).slice(0, 300)}`);
    if (message.type === 'state/snapshot') this.snapshot = message.state;
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  /** Posts any payload, valid or not: for testing the webview's own validation. */
  async postRaw(data: unknown): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), data);
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor(predicate: (m: WebviewToHostMessage) => boolean, timeoutMs = 5000): Promise<WebviewToHostMessage> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== resolve);
        reject(new Error(`FakePanelHost: no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((m) => m.type))}`));
      }, timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Forgets received messages (e.g. after the handshake). */
  clear(): void {
    this.received.length = 0;
  }

  private async onWebviewMessage(data: unknown): Promise<void> {
    const message = parseWebviewMessage(data);
    if (!message) {
      this.rejected.push(data);
      return;
    }
    this.received.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(message)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      }
    }
    if (message.type === 'ready') await this.post({ type: 'state/snapshot', state: this.snapshot });
  }
}

/**
 * Gives `page` a VS Code-like `acquireVsCodeApi()` whose `postMessage` reaches `onMessage`
 * in this process (before any page script runs). Deliver host messages with
 * `window.postMessage` in the page, as VS Code does.
 */
export async function installWebviewApi(
  page: Page,
  handlers: { onMessage: (data: unknown) => unknown; onViewState?: (state: unknown) => void; savedViewState?: unknown },
): Promise<void> {
  await page.exposeBinding('__bestOfNHostReceive', async (_source, data: unknown) => {
    await handlers.onMessage(data);
  });
  await page.exposeBinding('__bestOfNViewStateSaved', (_source, data: unknown) => handlers.onViewState?.(data));
  // Plain JavaScript source, not a function: the page must not depend on how the test runner compiles TypeScript.
  await page.addInitScript({ content: fakeWebviewApiSource(handlers.savedViewState) });
}

/** The page-side fake of VS Code's `acquireVsCodeApi`, with the same once-per-page rule and structured-clone copies. */
function fakeWebviewApiSource(savedViewState: unknown): string {
  return `(() => {
  let viewState = ${JSON.stringify(savedViewState ?? null)} ?? undefined;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { void window.__bestOfNHostReceive(structuredClone(message)); },
      getState: () => viewState,
      setState: (state) => { viewState = structuredClone(state); void window.__bestOfNViewStateSaved(viewState); },
    });
  };
})();`;
}
