import type { HostToWebviewMessage, WebviewToHostMessage } from '../protocol';
import { assertNever } from '../protocolGuards';
import { parseWebviewMessage } from '../protocolWebviewMessages';
import { Disposable } from './disposable';
import type { PanelStore } from './panelStore';

/** The part of `vscode.Webview` a connection talks through. */
export interface WebviewLike {
  postMessage(message: unknown): PromiseLike<boolean>;
  onDidReceiveMessage(listener: (data: unknown) => unknown): { dispose(): unknown };
}

/** What the panel can ask the host to do; implemented by the run controller. */
export interface PanelActions {
  start(): Promise<void>;
  cancel(runId: string): void;
  rerun(runId: string): Promise<void>;
  accept(runId: string, candidateId: number): Promise<void>;
  openDiff(runId: string, candidateId: number): Promise<void>;
  updateControl(update: Extract<WebviewToHostMessage, { type: 'controls/update' }>): Promise<void>;
  memory(message: Extract<WebviewToHostMessage, { type: `memory/${string}` }>): Promise<void>;
  executeCommand(command: Extract<WebviewToHostMessage, { type: 'command/execute' }>['command']): Promise<void>;
}

/**
 * One loaded panel page: waits for `ready`, then sends the snapshot and forwards every
 * store change; validates each inbound message before acting on it. A page reload (the
 * view was hidden and shown) says `ready` again and gets a fresh snapshot.
 */
export class PanelConnection extends Disposable {
  private ready = false;

  constructor(
    private readonly webview: WebviewLike,
    private readonly store: PanelStore,
    private readonly actions: PanelActions,
    private readonly log: (level: 'warn' | 'error', line: string) => void,
  ) {
    super();
    this._register(webview.onDidReceiveMessage((data) => void this.receive(data)));
    this._register(store.onMessage((message) => this.post(message)));
  }

  private post(message: HostToWebviewMessage): void {
    // Before `ready` the page has no listener; the snapshot sent on `ready` covers what it missed.
    if (!this.ready || this.isDisposed) return;
    if (message.type === 'panel/reveal') this.store.takePendingReveal();
    void Promise.resolve(this.webview.postMessage(message)).then(undefined, (error: unknown) =>
      this.log('warn', `Could not post ${message.type} to the panel: ${String(error)}`),
    );
  }

  /** A reveal asked for before this page was listening (Show Cheatsheet opening the panel). */
  private postPendingReveal(): void {
    const section = this.store.takePendingReveal();
    if (section) this.post({ type: 'panel/reveal', section });
  }

  /** Handles one raw message from the page; resolves when the action it started is done. */
  async receive(data: unknown): Promise<void> {
    const message = parseWebviewMessage(data);
    if (!message) {
      // Never echo the payload back: it could be large or hostile.
      const type = typeof data === 'object' && data !== null && 'type' in data ? String((data as { type: unknown }).type).slice(0, 40) : typeof data;
      this.log('warn', `Ignored an invalid message from the panel (type: ${type}).`);
      return;
    }
    try {
      await this.dispatch(message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.log('error', `Panel action ${message.type} failed: ${text}`);
      this.store.notice('error', text);
    }
  }

  private async dispatch(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'state/snapshot', state: this.store.snapshot });
        this.postPendingReveal();
        return;
      case 'run/start':
        return this.actions.start();
      case 'run/cancel':
        return this.actions.cancel(message.runId);
      case 'run/rerun':
        return this.actions.rerun(message.runId);
      case 'candidate/accept':
        return this.actions.accept(message.runId, message.candidateId);
      case 'candidate/openDiff':
        return this.actions.openDiff(message.runId, message.candidateId);
      case 'controls/update':
        return this.actions.updateControl(message);
      case 'memory/edit':
      case 'memory/pin':
      case 'memory/delete':
      case 'memory/clear':
        return this.actions.memory(message);
      case 'command/execute':
        return this.actions.executeCommand(message.command);
      default:
        return assertNever(message, 'panel message');
    }
  }
}
