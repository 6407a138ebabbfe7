import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Task, TextRange } from '../engine/task';
import type { CandidateView, RunView } from '../protocol';
import type { FunctionRelocator } from './acceptPlan';
import { planAccept, replaceRange } from './acceptPlan';
import type { CandidateDocuments } from './candidateDocuments';
import { candidateLabel } from './candidateDocuments';
import type { RunLog } from './runSession';
import { riskConfirmation } from './runView';

/** The run an Accept or a diff refers to, as the controller keeps it. */
export interface RunContext {
  run: RunView;
  task: Task;
  documentUri: vscode.Uri;
}

function stateLabel(c: CandidateView): string {
  const v = c.verification;
  return v ? `${c.state}, ${v.passed}/${v.total} tests` : c.state;
}

function toRange(document: vscode.TextDocument, range: TextRange): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}

/** The two sides of a candidate's diff: the file as Accept would see it, and the file with the candidate in. */
export interface CandidateDiffSides {
  left: vscode.Uri;
  right: vscode.Uri;
  /** The document changed since the run in a way no known text explains. */
  conflict: boolean;
}

/** Stores both sides of `candidate`'s diff against `currentText` in the candidate documents. */
export function candidateDiffSides(ctx: RunContext, candidate: CandidateView, currentText: string, docs: CandidateDocuments, relocate?: FunctionRelocator): CandidateDiffSides {
  if (candidate.code === undefined) throw new Error(`Candidate #${candidate.id} has no code (${candidate.rejection ?? candidate.state}).`);
  const plan = planAccept(ctx.task, currentText, relocate);
  const base = plan.kind === 'apply' || plan.relocated ? currentText : ctx.task.fileText;
  const range = plan.kind === 'apply' ? plan.range : plan.relocated ?? ctx.task.range;
  const name = path.basename(ctx.task.filePath);
  const left = docs.put(ctx.run.runId, candidateLabel(candidate.id), name, base, 'base');
  const right = docs.put(ctx.run.runId, candidateLabel(candidate.id), name, replaceRange(base, range, candidate.code));
  return { left, right, conflict: plan.kind === 'conflict' };
}

/** Opens the native diff of the file (as it is now) against the file with the candidate in. */
export async function openCandidateDiff(ctx: RunContext, candidate: CandidateView, docs: CandidateDocuments, relocate?: FunctionRelocator): Promise<void> {
  const document = await vscode.workspace.openTextDocument(ctx.documentUri);
  const { left, right, conflict } = candidateDiffSides(ctx, candidate, document.getText(), docs, relocate);
  const name = path.basename(ctx.task.filePath);
  const title = `${name}${conflict ? ' (changed since the run)' : ''} ↔ Candidate #${candidate.id} (${stateLabel(candidate)})`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}

/**
 * Accepts a candidate: one `WorkspaceEdit` on the run's document only (one undo step).
 * Unverified candidates and candidates with risk signs need a modal confirmation that lists
 * the signs; a tampered candidate is refused. When the document changed since the run
 * started nothing is overwritten: the user sees the diff and chooses Re-run or Apply to New
 * Text. Resolves true when the edit was applied, after `onApplied` got the document's text
 * before and after the edit and the range that was replaced (for the run's new baseline).
 */
export async function acceptCandidate(options: {
  ctx: RunContext;
  candidate: CandidateView;
  docs: CandidateDocuments;
  log: RunLog;
  relocate?: FunctionRelocator;
  applyToNewText?: boolean;
  rerun: () => Promise<unknown>;
  /** The run's baseline for the document's text now (a known text such as the run's start after an undo); default `ctx.task`. */
  baselineFor?: (text: string) => Task;
  onApplied?: (edit: { before: string; after: string; range: TextRange }) => void;
}): Promise<boolean> {
  const { ctx, candidate, docs, log } = options;
  if (candidate.code === undefined) throw new Error(`Candidate #${candidate.id} has no code to accept (${candidate.rejection ?? candidate.state}).`);
  if (candidate.state === 'tampered' || candidate.verification?.status === 'tampered') {
    void vscode.window.showErrorMessage(`Candidate #${candidate.id} was rejected: its test report cannot be genuine (${candidate.verification?.reason ?? 'tampered'}). It cannot be accepted.`);
    log.warn(`Accept #${candidate.id} refused: tampered test report.`);
    return false;
  }
  const risk = riskConfirmation(candidate);
  if (candidate.state !== 'passed') {
    const answer = await vscode.window.showWarningMessage(
      `Candidate #${candidate.id} is not verified (${stateLabel(candidate)}). Apply it anyway?`,
      {
        modal: true,
        detail: `It did not pass every local test. Review its diff first: applying writes it into your editor (you can undo).${risk ? `\n\n${risk.message}\n${risk.detail}` : ''}`,
      },
      'Apply Unverified',
    );
    if (answer !== 'Apply Unverified') return false;
  } else if (risk) {
    // Passing the tests is not consent to what else the code does: the user sees every sign first.
    const answer = await vscode.window.showWarningMessage(risk.message, { modal: true, detail: risk.detail }, 'Accept anyway');
    if (answer !== 'Accept anyway') {
      log.info(`Accept #${candidate.id} cancelled at the risk-signs confirmation.`);
      return false;
    }
    log.info(`Accept #${candidate.id}: the user accepted its risk signs (${(candidate.riskSigns ?? []).map((s) => s.kind).join(', ')}).`);
  }
  const document = await vscode.workspace.openTextDocument(ctx.documentUri);
  const baselineFor = options.baselineFor ?? ((): Task => ctx.task);
  // Text, not document versions: undo or retyping returns to a known text with a new version.
  const textSeen = document.getText();
  const plan = planAccept(baselineFor(textSeen), textSeen, options.relocate);
  let range: TextRange;
  if (plan.kind === 'apply') {
    range = plan.range;
  } else {
    log.warn(`Accept #${candidate.id}: ${plan.reason}`);
    await openCandidateDiff(ctx, candidate, docs, options.relocate);
    if (!plan.relocated) {
      const choice = await vscode.window.showWarningMessage(`${plan.reason} Re-run on the new text?`, 'Re-run');
      if (choice === 'Re-run') await options.rerun();
      return false;
    }
    let apply = options.applyToNewText === true;
    if (!apply) {
      const choice = await vscode.window.showWarningMessage(
        `${plan.reason} The diff shows candidate #${candidate.id} in the new text.`,
        'Apply to New Text',
        'Re-run',
      );
      if (choice === 'Re-run') {
        await options.rerun();
        return false;
      }
      apply = choice === 'Apply to New Text';
    }
    if (!apply) return false;
    range = plan.relocated;
  }
  // The user may have typed while a prompt was open: re-plan rather than write at a stale range.
  if (document.getText() !== textSeen) {
    const again = planAccept(baselineFor(document.getText()), document.getText(), options.relocate);
    const target = again.kind === 'apply' ? again.range : again.relocated;
    if (!target) throw new Error('The file changed again while Accept was waiting; nothing was applied.');
    range = target;
  }
  const before = document.getText();
  const edit = new vscode.WorkspaceEdit();
  edit.replace(ctx.documentUri, toRange(document, range), candidate.code);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) throw new Error('VS Code refused the edit (is the file read-only?). Nothing was changed.');
  options.onApplied?.({ before, after: document.getText(), range });
  log.info(`Accepted candidate #${candidate.id} (${stateLabel(candidate)}) into ${ctx.task.filePath}.`);
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
  const start = document.positionAt(range.start);
  const end = document.positionAt(range.start + candidate.code.length);
  editor.selection = new vscode.Selection(start, start);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}
