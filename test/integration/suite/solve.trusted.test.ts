import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PanelState, RunView } from '../../../src/protocol';
import type { BestOfNApi } from '../../../src/extension';
import { suiteContext } from './context';
import { EXTENSION_ID } from './manifest';
import { waitFor } from './wait';

/** The panel state through the extension's API (the same object the webview is fed from). */
async function panelState(): Promise<PanelState> {
  const api = await vscode.extensions.getExtension<BestOfNApi>(EXTENSION_ID)?.activate();
  assert.ok(api, `${EXTENSION_ID} is not installed`);
  return api.getState();
}

describe('Best-of-N in a trusted workspace: solve, accept, undo, diff, conflicts, cancel', function () {
  const { functionName, testCommand } = suiteContext();
  let document: vscode.TextDocument;
  let original: string;
  let run: RunView;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'solution.py'));
    await vscode.window.showTextDocument(document);
    original = document.getText();
    assert.match(original, /raise NotImplementedError/, 'the sample starts from a stub');
  });

  it('solves the function with the recorded model and verifies the candidates with pytest', async () => {
    const result = await vscode.commands.executeCommand<RunView | undefined>('bestOfN.solve', {
      uri: document.uri.toString(),
      functionName,
      testCommand,
    });
    assert.ok(result, 'bestOfN.solve returned no run (refused or failed: see the Best-of-N log)');
    run = result;
    assert.equal(run.status, 'finished', run.error?.message);
    assert.equal(run.task.functionName, functionName);
    assert.equal(run.task.testCommand, testCommand);
    assert.ok(run.candidates.length >= 1 && run.candidates.length <= run.n, `${run.candidates.length} candidates for N=${run.n}`);
    const passed = run.candidates.filter((c) => c.state === 'passed');
    assert.ok(passed.length >= 1, `no candidate passed: ${run.candidates.map((c) => `#${c.id} ${c.state} ${c.rejection ?? c.verification?.reason ?? ''}`).join('; ')}`);
    for (const candidate of passed) {
      const verification = candidate.verification;
      assert.ok(verification, `#${candidate.id} passed without a verification`);
      assert.equal(verification.failed, 0);
      const names = verification.tests.map((t) => t.name).join(' ');
      // The sample's two docstring examples, as pytest reported them.
      assert.match(names, /test_example_1/);
      assert.match(names, /test_example_2/);
    }
    assert.equal(run.totals.verified, passed.length);
    assert.ok(run.choice, `no choice: ${run.abstention?.reason ?? ''}`);
    assert.ok(passed.some((c) => c.id === run.choice?.candidateId), 'the choice is a verified candidate');
    assert.equal(run.ranking[0], run.choice.candidateId);
  });

  it('shows the same run through the panel state, and leaves the file untouched before Accept', async () => {
    const state = await panelState();
    assert.equal(state.run?.runId, run.runId);
    assert.equal(state.run?.status, 'finished');
    assert.equal(document.getText(), original, 'the document changed before Accept');
    assert.equal(readFileSync(document.uri.fsPath, 'utf8'), original, 'the file on disk changed before Accept');
    assert.equal(document.isDirty, false);
  });

  it('accepts the chosen candidate as one edit of the target, which one undo restores', async () => {
    const chosen = run.candidates.find((c) => c.id === run.choice?.candidateId);
    assert.ok(chosen?.code, 'the chosen candidate has no code');
    await vscode.window.showTextDocument(document);
    const changed = await vscode.commands.executeCommand<boolean | undefined>('bestOfN.accept', { candidateId: chosen.id });
    assert.equal(changed, true, 'Accept reported no change');
    const accepted = document.getText();
    assert.notEqual(accepted, original);
    assert.ok(!accepted.includes('raise NotImplementedError'), 'the stub is still there');
    assert.ok(accepted.includes(chosen.code.trim().split('\n').slice(-1)[0].trim()), 'the candidate code is in the document');
    // Only the target changed: the imports above the function are kept verbatim.
    assert.ok(accepted.startsWith(original.slice(0, original.indexOf('def '))), 'text before the target changed');

    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === original, 10_000, 'one undo did not restore the original text');
  });

  it('opens the native diff of a candidate: the target against a virtual candidate document', async () => {
    const chosen = run.candidates.find((c) => c.id === run.choice?.candidateId);
    assert.ok(chosen?.code);
    await vscode.commands.executeCommand('bestOfN.openDiff', { candidateId: chosen.id });
    await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 15_000, 'no diff editor opened');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
    assert.equal(input.modified.scheme, 'best-of-n-candidate', 'the candidate side is a virtual document, not a file');
    const modified = await vscode.workspace.openTextDocument(input.modified);
    assert.ok(modified.getText().includes(chosen.code.trim().split('\n')[0].trim()), 'the diff shows the candidate code');
    assert.equal(document.getText(), original, 'opening a diff changed the document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('does not clobber a document edited since the run; applies to the new text only when asked', async () => {
    const chosen = run.candidates.find((c) => c.id === run.choice?.candidateId);
    assert.ok(chosen?.code);
    await vscode.window.showTextDocument(document);
    const userLine = '# a line the user added after the run started\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), userLine);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      // Without a choice the command waits on a warning (Apply to New Text / Re-run); dismissing it applies nothing.
      let settled = false;
      const pending = vscode.commands.executeCommand<boolean | undefined>('bestOfN.accept', { candidateId: chosen.id }).then((r) => {
        settled = true;
        return r;
      });
      const deadline = Date.now() + 30_000;
      while (!settled && Date.now() < deadline) {
        await vscode.commands.executeCommand('notifications.clearAll');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(settled, true, 'Accept on a changed document neither asked nor returned');
      assert.notEqual(await pending, true, 'Accept applied to a changed document without being asked to');
      assert.equal(document.getText(), userLine + original, 'the edited document was overwritten');

      const applied = await vscode.commands.executeCommand<boolean | undefined>('bestOfN.accept', { candidateId: chosen.id, applyToNewText: true });
      assert.equal(applied, true, 'Apply to New Text reported no change');
      const text = document.getText();
      assert.ok(text.startsWith(userLine), "the user's line was lost");
      assert.ok(!text.includes('raise NotImplementedError'), 'the stub is still there');
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      const diffs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
      await vscode.window.tabGroups.close(diffs);
    }
    await waitFor(() => document.getText() === original && !document.isDirty, 10_000, 'revert did not restore the file');
  });

  it('cancels a running solve and reports it cancelled', async () => {
    const config = vscode.workspace.getConfiguration('bestOfN', document.uri);
    // Enough samples and no early stop, so the run is still going when the cancel arrives.
    await config.update('sampling.count', 40, vscode.ConfigurationTarget.Workspace);
    await config.update('earlyStop.agreeing', 0, vscode.ConfigurationTarget.Workspace);
    try {
      const pending = vscode.commands.executeCommand<RunView | undefined>('bestOfN.solve', { uri: document.uri.toString(), functionName, testCommand });
      await waitFor(async () => {
        const state = await panelState();
        return state.run !== null && state.run.runId !== run.runId && state.run.candidates.length > 0;
      }, 60_000, 'the second run never showed a candidate');
      await vscode.commands.executeCommand('bestOfN.cancel');
      const cancelled = await pending;
      assert.ok(cancelled, 'the cancelled solve returned no run');
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.stoppedBy, 'cancelled');
      // Sampling may finish quickly against a local server; test runs (2 at a time) cannot all have.
      const verdicts = cancelled.candidates.filter((c) => c.verification !== undefined && c.verification.status !== 'cancelled');
      assert.ok(verdicts.length < 40, `all ${verdicts.length} candidates were verified despite the cancel`);
      assert.ok(!cancelled.candidates.some((c) => c.state === 'verifying' || c.state === 'sampling'), 'a candidate is still in flight');
      assert.equal(document.getText(), original, 'a cancelled run changed the document');
    } finally {
      await config.update('sampling.count', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('earlyStop.agreeing', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
