import * as path from 'node:path';
import * as vscode from 'vscode';
import { diskReader } from '../engine/tests/diskReader';
import type { ProposedTests } from '../engine/tests/proposeTests';
import type { TestFileInput } from '../engine/tests/testFilePlan';
import type { Task } from '../engine/task';
import type { RunView } from '../protocol';
import { linkTokenToController } from './cancellation';
import type { RunLog } from './runSession';

export const WRITE_TESTS_FIRST = 'Write Tests First';
const WRITE_AND_SOLVE = 'Write Tests and Solve';

/** What the flow needs besides the `vscode` API; the run controller passes the real ones, tests pass doubles. */
export interface TestsFirstDeps {
  /** Asks the engine for tests of the task (reading workspace files through `readText`). */
  propose(readText: TestFileInput['readText'], signal: AbortSignal): Promise<ProposedTests>;
  /** Holds read-only text for the diff editor; returns its URI. */
  putDocument(label: string, fileName: string, text: string): vscode.Uri;
  log: RunLog;
}

/** A workspace file as the user sees it: the open editor's text (unsaved changes too), else the disk's. */
function editorReader(root: string, disk: TestFileInput['readText']): TestFileInput['readText'] {
  return async (relative) => {
    const full = path.resolve(root, relative);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === full);
    return open ? open.getText() : disk(relative);
  };
}

/**
 * "Write tests first": the model proposes tests for the task's function, shown as a diff into
 * the project's test file (new or existing); they are written — one undoable WorkspaceEdit,
 * then saved so the sandboxed run sees them — only when the user accepts. True when written.
 */
export async function writeTestsFirst(task: Task, deps: TestsFirstDeps): Promise<boolean> {
  const name = task.functionName ?? task.filePath;
  const readText = editorReader(task.workspaceRoot, diskReader(task.workspaceRoot).readText);
  let proposal: ProposedTests;
  try {
    proposal = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Best-of-N: asking the model for tests of ${name}…`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const link = linkTokenToController(token, controller);
        try {
          return await deps.propose(readText, controller.signal);
        } finally {
          link.dispose();
        }
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn(`Write tests first: ${message}`);
    void vscode.window.showErrorMessage(`Best-of-N: no tests to propose. ${message}`);
    return false;
  }
  const { plan, summary } = proposal;
  deps.log.info(`Write tests first: ${summary}`);
  const fileName = path.posix.basename(plan.path);
  const before = deps.putDocument('current', fileName, plan.before);
  const after = deps.putDocument('proposed', fileName, plan.after);
  await vscode.commands.executeCommand('vscode.diff', before, after, `${plan.path}: proposed tests (not written yet)`, { preview: true });
  const choice = await vscode.window.showInformationMessage(
    `Best-of-N: ${summary} Check the expected values in the diff: they are the model's. Nothing is written unless you accept.`,
    WRITE_AND_SOLVE,
    'Discard',
  );
  if (choice !== WRITE_AND_SOLVE) {
    deps.log.info('Write tests first: discarded; nothing was written.');
    return false;
  }
  // The file may have changed while the user read the diff: then the plan is stale.
  if (((await readText(plan.path)) ?? '') !== plan.before) {
    void vscode.window.showWarningMessage(`Best-of-N: ${plan.path} changed since the tests were proposed; nothing was written. Run Write Tests First again.`);
    return false;
  }
  const uri = vscode.Uri.file(path.join(task.workspaceRoot, plan.path));
  const edit = new vscode.WorkspaceEdit();
  if (plan.existed) {
    const document = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), plan.after);
  } else {
    edit.createFile(uri, { ignoreIfExists: false });
    edit.insert(uri, new vscode.Position(0, 0), plan.after);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Best-of-N: could not write ${plan.path}.`);
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  // Tests run on a copy of the files on disk, so the accepted text is saved; undo still takes it back.
  await document.save();
  await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
  deps.log.info(`Write tests first: wrote ${plan.path}; starting the run.`);
  return true;
}

/**
 * True when a run found no test for its target: the tests never reach it (the witness
 * stub's error never showed, and the run stopped), or the test command ran no test at all
 * and nothing was picked. Abstaining is all a run can do then; proposing tests is more useful.
 */
export function needsTestsFirst(run: Pick<RunView, 'status' | 'error' | 'baseline' | 'choice'>): boolean {
  if (run.error?.kind === 'tests-do-not-reach') return true;
  // A runner without per-test reports also shows no test ids: only a run without a pick counts.
  return run.status === 'finished' && !run.choice && run.baseline?.testCount === 0;
}

/**
 * After a run that found no test for its target: says why and offers to write tests first.
 * Resolves true when the user asked for them.
 */
export async function offerTestsFirst(reason: string, name: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`Best-of-N: ${reason} Write tests for ${name} first?`, WRITE_TESTS_FIRST);
  return choice === WRITE_TESTS_FIRST;
}
