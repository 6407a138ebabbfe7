import type { WebviewLike } from '../../src/vscode/panelConnection';
import { TestEventEmitter } from './inMemorySecretStorage';

/**
 * The webview side of a panel for host tests: records what the host posts and lets a test
 * deliver messages as the page would. `failPosts` makes `postMessage` reject, as it does
 * when the view was disposed mid-flight.
 */
export class FakeWebview implements WebviewLike {
  readonly posted: unknown[] = [];
  html = '';
  failPosts = false;
  private readonly received = new TestEventEmitter<unknown>();

  postMessage(message: unknown): Promise<boolean> {
    if (this.failPosts) return Promise.reject(new Error('Webview is disposed'));
    // Structured clone, as the real transport does: the page never shares objects with the host.
    this.posted.push(structuredClone(message));
    return Promise.resolve(true);
  }

  onDidReceiveMessage(listener: (data: unknown) => unknown): { dispose(): void } {
    return this.received.event(listener);
  }

  /** Delivers `data` as if the page had posted it. */
  send(data: unknown): void {
    this.received.fire(data);
  }

  get listenerCount(): number {
    return this.received.listenerCount;
  }

  /** Posted messages of one type. */
  ofType(type: string): Record<string, unknown>[] {
    return this.posted.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type);
  }
}
