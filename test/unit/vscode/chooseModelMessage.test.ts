import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWebviewMessage } from '../../../src/protocolWebviewMessages';
import type { PanelActions } from '../../../src/vscode/panelConnection';
import { PanelConnection } from '../../../src/vscode/panelConnection';
import { PanelStore } from '../../../src/vscode/panelStore';
import { FakeWebview } from '../../doubles/fakeWebview';
import { emptyPanelState } from '../../doubles/panelState';

describe('panel → host: Switch Model', () => {
  it('accepts command/execute chooseModel and hands it to the actions, which the controller maps to bestOfN.chooseModel', async () => {
    assert.deepEqual(parseWebviewMessage({ type: 'command/execute', command: 'chooseModel' }), { type: 'command/execute', command: 'chooseModel' });
    assert.equal(parseWebviewMessage({ type: 'command/execute', command: 'bestOfN.chooseModel' }), undefined, 'only the named panel commands pass');

    const executed: string[] = [];
    const refuse = (): Promise<void> => Promise.reject(new Error('not expected'));
    const actions: PanelActions = {
      start: refuse,
      cancel: () => undefined,
      rerun: refuse,
      accept: refuse,
      openDiff: refuse,
      updateControl: refuse,
      memory: refuse,
      executeCommand: (command) => {
        executed.push(command);
        return Promise.resolve();
      },
    };
    const webview = new FakeWebview();
    const connection = new PanelConnection(webview, new PanelStore(emptyPanelState()), actions, () => undefined);
    webview.send({ type: 'ready' });
    webview.send({ type: 'command/execute', command: 'chooseModel' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(executed, ['chooseModel']);
    connection.dispose();

    // The controller's table is the one place a panel command becomes a VS Code command id.
    const controller = readFileSync(path.join(__dirname, '../../../src/vscode/runController.ts'), 'utf8');
    assert.match(controller, /chooseModel: \['bestOfN\.chooseModel'\]/);
  });
});
