import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openCheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import type { PanelState } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { MemoryService } from '../../../src/vscode/memoryService';
import { PanelConnection, type PanelActions } from '../../../src/vscode/panelConnection';
import { PanelStore } from '../../../src/vscode/panelStore';
import { readSettings } from '../../../src/vscode/settings';
import { FakeWebview } from '../../doubles/fakeWebview';
import { RecordingLog } from '../../doubles/recordingLog';
import { panelState } from '../../webview/fixtures';

const noActions = new Proxy({} as PanelActions, { get: () => async () => undefined });
const settings = readSettings({ get: () => undefined }).settings;

describe('Show Cheatsheet', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'show-cheatsheet-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function setUp(initial: PanelState): { store: PanelStore; service: MemoryService } {
    const store = new PanelStore(initial);
    const service = new MemoryService({ globalDir: dir }, openCheatsheet, new RecordingLog(), (items) => store.setMemory(items), () => store.reveal('memory'));
    return { store, service };
  }

  it('opens the Memory section of a panel whose page loads only after the command ran', async () => {
    const { store, service } = setUp(panelState());
    const webview = new FakeWebview();
    // The command opens the panel; its page says `ready` later, as a freshly created view does.
    let connection: PanelConnection | undefined;
    await service.show(settings, async () => {
      connection = new PanelConnection(webview, store, noActions, () => undefined);
    });
    assert.deepEqual(webview.posted, [], 'nothing reaches a page that is not listening');
    await connection?.receive({ type: 'ready' });
    assert.deepEqual(webview.posted.map((m) => (m as { type: string }).type), ['state/snapshot', 'panel/reveal']);
    const reveal = parseHostMessage(webview.posted[1]);
    assert.deepEqual(reveal, { type: 'panel/reveal', section: 'memory' });
    // Delivered once: a later reload of the page does not jump to Memory again.
    await connection?.receive({ type: 'ready' });
    assert.equal(webview.ofType('panel/reveal').length, 1);
    connection?.dispose();
  });

  it('posts the reveal at once to a ready page, after which the items follow', async () => {
    const { store, service } = setUp(panelState());
    const sheet = await openCheatsheet({ file: path.join(dir, 'cheatsheet.json'), mode: 'retrieval' });
    await sheet.change((s) => s.add({ kind: 'pitfall', text: 'Rejected by the tests: an off-by-one.', sourceTask: 't', origin: 'tests' }));
    const webview = new FakeWebview();
    const connection = new PanelConnection(webview, store, noActions, () => undefined);
    await connection.receive({ type: 'ready' });
    let opened = 0;
    await service.show(settings, async () => void opened++);
    assert.equal(opened, 1);
    const types = webview.posted.map((m) => (m as { type: string }).type);
    assert.deepEqual(types, ['state/snapshot', 'panel/reveal', 'memory/changed']);
    assert.deepEqual(webview.ofType('memory/changed')[0].items, [{ ...(webview.ofType('memory/changed')[0].items as object[])[0], text: 'Rejected by the tests: an off-by-one.' }]);
    assert.equal(store.takePendingReveal(), undefined, 'nothing left pending');
    connection.dispose();
  });
});
