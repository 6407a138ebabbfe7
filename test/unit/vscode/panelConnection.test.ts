import * as assert from 'node:assert/strict';
import type { PanelCommand, WebviewToHostMessage } from '../../../src/protocol';
import type { PanelActions } from '../../../src/vscode/panelConnection';
import { PanelConnection } from '../../../src/vscode/panelConnection';
import { PanelStore } from '../../../src/vscode/panelStore';
import { FakeWebview } from '../../doubles/fakeWebview';
import { emptyPanelState } from '../../doubles/panelState';

class RecordingActions implements PanelActions {
  readonly calls: string[] = [];
  failWith: Error | undefined;
  private record(call: string): Promise<void> {
    this.calls.push(call);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }
  start(): Promise<void> {
    return this.record('start');
  }
  cancel(runId: string): void {
    this.calls.push(`cancel ${runId}`);
  }
  rerun(runId: string): Promise<void> {
    return this.record(`rerun ${runId}`);
  }
  accept(runId: string, candidateId: number): Promise<void> {
    return this.record(`accept ${runId} ${candidateId}`);
  }
  openDiff(runId: string, candidateId: number): Promise<void> {
    return this.record(`openDiff ${runId} ${candidateId}`);
  }
  updateControl(update: Extract<WebviewToHostMessage, { type: 'controls/update' }>): Promise<void> {
    return this.record(`control ${update.key}=${String(update.value)}`);
  }
  memory(message: Extract<WebviewToHostMessage, { type: `memory/${string}` }>): Promise<void> {
    return this.record(message.type);
  }
  executeCommand(command: PanelCommand): Promise<void> {
    return this.record(`command ${command}`);
  }
}

function setup() {
  const webview = new FakeWebview();
  const store = new PanelStore(emptyPanelState());
  const actions = new RecordingActions();
  const logs: string[] = [];
  const connection = new PanelConnection(webview, store, actions, (level, line) => logs.push(`${level} ${line}`));
  return { webview, store, actions, logs, connection };
}

describe('PanelConnection', () => {
  it('posts nothing before ready, then a snapshot, then every change', async () => {
    const { webview, store } = setup();
    store.setEnvironment({ apiKeySet: true });
    assert.deepEqual(webview.posted, [], 'the page is not listening yet');
    webview.send({ type: 'ready' });
    await Promise.resolve();
    assert.equal(webview.ofType('state/snapshot').length, 1);
    assert.equal((webview.ofType('state/snapshot')[0]?.state as { apiKeySet: boolean }).apiKeySet, true, 'the snapshot holds what changed before ready');
    store.notice('info', 'hello');
    assert.deepEqual(webview.posted.at(-1), { type: 'notice/show', level: 'info', message: 'hello' });
  });

  it('sends a fresh snapshot when a reloaded page says ready again', async () => {
    const { webview } = setup();
    webview.send({ type: 'ready' });
    webview.send({ type: 'ready' });
    await Promise.resolve();
    assert.equal(webview.ofType('state/snapshot').length, 2);
  });

  it('dispatches each valid message to the matching action', async () => {
    const { webview, actions, connection } = setup();
    const messages: WebviewToHostMessage[] = [
      { type: 'run/start' },
      { type: 'run/cancel', runId: 'r1' },
      { type: 'run/rerun', runId: 'r1' },
      { type: 'candidate/accept', runId: 'r1', candidateId: 3 },
      { type: 'candidate/openDiff', runId: 'r1', candidateId: 2 },
      { type: 'controls/update', key: 'n', value: 12 },
      { type: 'controls/update', key: 'reasoningEffort', value: 'high' },
      { type: 'memory/clear' },
      { type: 'command/execute', command: 'manageTrust' },
    ];
    for (const m of messages) await connection.receive(m);
    assert.deepEqual(actions.calls, ['start', 'cancel r1', 'rerun r1', 'accept r1 3', 'openDiff r1 2', 'control n=12', 'control reasoningEffort=high', 'memory/clear', 'command manageTrust']);
    assert.equal(webview.posted.length, 0);
  });

  it('ignores invalid messages without acting or echoing them', async () => {
    const { actions, logs, connection } = setup();
    const bad: unknown[] = [
      null,
      'ready',
      { type: 'candidate/accept', runId: 'r1', candidateId: '3' },
      { type: 'candidate/accept', runId: 'r1', candidateId: 0 },
      { type: 'controls/update', key: 'temperature', value: 9 },
      { type: 'controls/update', key: '__proto__', value: 1 },
      { type: 'run/delete-everything' },
      { type: 'command/execute', command: 'workbench.action.terminal.new' },
    ];
    for (const m of bad) await connection.receive(m);
    assert.deepEqual(actions.calls, []);
    assert.equal(logs.length, bad.length);
    assert.ok(logs.every((l) => l.startsWith('warn Ignored an invalid message')));
    assert.ok(!logs.join('').includes('terminal.new'), 'the payload is not echoed beyond its type');
  });

  it('turns a failing action into an error notice and a log line', async () => {
    const { webview, actions, logs, connection } = setup();
    webview.send({ type: 'ready' });
    actions.failWith = new Error('The file changed again');
    await connection.receive({ type: 'candidate/accept', runId: 'r1', candidateId: 1 });
    assert.deepEqual(webview.posted.at(-1), { type: 'notice/show', level: 'error', message: 'The file changed again' });
    assert.match(logs.join('\n'), /error Panel action candidate\/accept failed: The file changed again/);
  });

  it('logs a failed post and stops listening once disposed', async () => {
    const { webview, store, logs, connection } = setup();
    webview.send({ type: 'ready' });
    webview.failPosts = true;
    store.notice('info', 'x');
    await new Promise((r) => setTimeout(r, 0));
    assert.match(logs.join('\n'), /Could not post notice\/show/);
    webview.failPosts = false;
    connection.dispose();
    const before = webview.posted.length;
    store.notice('info', 'after dispose');
    assert.equal(webview.posted.length, before);
    assert.equal(webview.listenerCount, 0, 'the message listener was removed');
    connection.dispose(); // idempotent
  });
});
