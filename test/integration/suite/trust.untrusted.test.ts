import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BestOfNApi } from '../../../src/extension';
import type { RunView } from '../../../src/protocol';
import { suiteContext } from './context';
import { EXTENSION_ID } from './manifest';

describe('Best-of-N in an untrusted workspace (Restricted Mode)', () => {
  const { functionName, testCommand } = suiteContext();

  it('still activates (limited support) and knows the workspace is untrusted', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opened this window trusted');
    const extension = vscode.extensions.getExtension<BestOfNApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    assert.equal(api.getState().workspaceTrusted, false);
    assert.ok((await vscode.commands.getCommands(true)).includes('bestOfN.solve'));
  });

  it('refuses to solve: no run starts and the file is left alone', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'solution.py'));
    const before = document.getText();
    let settled = false;
    const pending = vscode.commands
      .executeCommand<RunView | undefined>('bestOfN.solve', { uri: document.uri.toString(), functionName, testCommand })
      .then((result) => {
        settled = true;
        return result;
      });
    // The refusal is a notification with a "Manage Workspace Trust" button; the command waits
    // for the user's answer. Dismissing it (as a user closing the toast would) lets it return.
    const deadline = Date.now() + 30_000;
    while (!settled && Date.now() < deadline) {
      await vscode.commands.executeCommand('notifications.clearAll');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(settled, true, 'bestOfN.solve neither ran nor refused within 30 s');
    assert.equal(await pending, undefined, 'bestOfN.solve returned a run in an untrusted workspace');
    const state = (await vscode.extensions.getExtension<BestOfNApi>(EXTENSION_ID)?.activate())?.getState();
    assert.ok(state, `${EXTENSION_ID} is not installed`);
    assert.equal(state.run, null, 'a run was recorded in an untrusted workspace');
    assert.equal(document.getText(), before);
  });
});
