import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FunctionRelocator } from './acceptPlan';
import type { RunContext } from './acceptFlow';
import { candidateDiffSides } from './acceptFlow';
import type { CandidateDocuments } from './candidateDocuments';
import { CANDIDATE_SCHEME, candidateIdOf } from './candidateDocuments';
import { Disposable } from './disposable';
import type { ExtensionLog } from './log';
import type { PanelActions } from './panelConnection';
import type { PanelConnection } from './panelConnection';
import { servePanelPage } from './panelPage';
import type { PanelStore } from './panelStore';
import type { ReviewGroup } from './reviewGroups';
import { behaviourGroups, groupLabel } from './reviewGroups';

/** More diffs than this make the multi-diff editor a scroll, not a comparison. */
export const MAX_REVIEWED_GROUPS = 12;

/** Context key: the active editor is this review's multi-diff (its title actions apply). */
const REVIEW_DIFF_ACTIVE = 'bestOfN.reviewDiffActive';

/** What the review needs from the run controller. */
export interface ReviewSource {
  /** The current run with the baseline matching the document now, its relocator and the candidate documents. */
  reviewContext(): Promise<{ ctx: RunContext; relocate: FunctionRelocator; docs: CandidateDocuments }>;
  /** Accepts a candidate of a run; true when the editor changed. */
  acceptCandidate(runId: string, candidateId: number): Promise<boolean>;
}

/**
 * Wide review: the panel's page in an editor-area webview panel beside the code, and the
 * behaviour groups' representatives in VS Code's multi-diff editor (`vscode.changes`), with
 * Accept and Discard in the diff's title bar. Diffs of a run go stale once a candidate is
 * accepted, so they are closed then.
 */
export class CandidateReview extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private connection: PanelConnection | undefined;
  private title: string | undefined;
  private reviewed: { runId: string; groups: ReviewGroup[] } | undefined;

  constructor(
    private readonly deps: { extensionUri: vscode.Uri; store: PanelStore; actions: PanelActions; log: ExtensionLog; source: ReviewSource },
  ) {
    super();
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.updateContext()));
    this._register({ dispose: () => this.panel?.dispose() });
  }

  /** `bestOfN.reviewCandidates`: the wide panel and the multi-diff of the groups' representatives. */
  async open(): Promise<ReviewGroup[]> {
    const { ctx, relocate, docs } = await this.deps.source.reviewContext();
    const groups = behaviourGroups(ctx.run);
    if (groups.length === 0) throw new Error('No candidate has code to review yet.');
    this.showPanel();
    const shown = groups.slice(0, MAX_REVIEWED_GROUPS);
    const document = await vscode.workspace.openTextDocument(ctx.documentUri);
    const text = document.getText();
    const changes = shown.map((group) => {
      const { left, right } = candidateDiffSides(ctx, group.representative, text, docs, relocate);
      // The first element names the entry; the editor lists entries by the modified side.
      return [right, left, right] as const;
    });
    const what = ctx.task.functionName ?? path.basename(ctx.task.filePath);
    const title = `Best-of-N: ${what} — ${groups.length} behaviour group${groups.length === 1 ? '' : 's'}`;
    await this.closeDiffs();
    this.title = title;
    this.reviewed = { runId: ctx.run.runId, groups: shown };
    await vscode.commands.executeCommand('vscode.changes', title, changes);
    this.deps.log.info(`Review: ${shown.map(groupLabel).join('; ')}${groups.length > shown.length ? ` (the ${shown.length} best of ${groups.length} groups)` : ''}.`);
    await this.updateContext();
    return shown;
  }

  private showPanel(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel('bestOfN.review', 'Best-of-N Review', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'best-of-n.svg');
    const connection = servePanelPage(panel.webview, this.deps);
    this.panel = panel;
    this.connection = connection;
    const disposed = panel.onDidDispose(() => {
      connection.dispose();
      disposed.dispose();
      if (this.panel === panel) this.panel = undefined;
      if (this.connection === connection) this.connection = undefined;
    });
  }

  /**
   * `bestOfN.acceptFromDiff`: the candidate of the diff the action was clicked in. A single
   * diff names it in its URI; in the multi-diff the focused side does, or the user picks.
   */
  async acceptFromDiff(resource?: unknown): Promise<boolean> {
    const target = (resource instanceof vscode.Uri ? candidateIdOf(resource) : undefined) ?? this.focusedCandidate() ?? (await this.pickCandidate());
    if (!target) return false;
    // The controller's accept event closes the stale diffs, whichever surface accepted.
    return this.deps.source.acceptCandidate(target.runId, target.candidateId);
  }

  /** `bestOfN.discardReview`: closes the review's diffs and panel; the document is left as it is. */
  async discard(): Promise<void> {
    await this.closeDiffs();
    this.panel?.dispose();
    this.reviewed = undefined;
    this.deps.log.info('Review discarded: its diffs and panel are closed; nothing was applied.');
  }

  /** Closes every candidate diff: after an Accept they compare against text that is gone. */
  async closeDiffs(): Promise<void> {
    const stale = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => this.isReviewTab(tab));
    if (stale.length > 0) await vscode.window.tabGroups.close(stale, true);
    await this.updateContext();
  }

  private isReviewTab(tab: vscode.Tab): boolean {
    if (tab.input instanceof vscode.TabInputTextDiff) return tab.input.modified.scheme === CANDIDATE_SCHEME;
    return this.isReviewLabel(tab.label);
  }

  /**
   * The multi-diff's tab input has no type in this API version: its tab is known by its title,
   * to which the workbench appends a file count, e.g. `… (2 files)`.
   */
  private isReviewLabel(label: string): boolean {
    return this.title !== undefined && (label === this.title || label.startsWith(`${this.title} (`));
  }

  private focusedCandidate(): { runId: string; candidateId: number } | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri ? candidateIdOf(uri) : undefined;
  }

  private async pickCandidate(): Promise<{ runId: string; candidateId: number } | undefined> {
    const reviewed = this.reviewed;
    if (!reviewed || reviewed.groups.length === 0) throw new Error('Open "Best-of-N: Review Candidates" first, or accept from a candidate\'s diff.');
    const only = reviewed.groups.length === 1 ? reviewed.groups[0] : undefined;
    if (only) return { runId: reviewed.runId, candidateId: only.representative.id };
    const picked = await vscode.window.showQuickPick(
      reviewed.groups.map((group, index) => ({ label: groupLabel(group), description: index === 0 ? 'best group' : '', candidateId: group.representative.id })),
      { title: 'Best-of-N: accept which candidate?', placeHolder: 'The groups in the review, best first' },
    );
    return picked ? { runId: reviewed.runId, candidateId: picked.candidateId } : undefined;
  }

  private async updateContext(): Promise<void> {
    const active = vscode.window.tabGroups.activeTabGroup.activeTab;
    const on = active !== undefined && this.isReviewLabel(active.label);
    await vscode.commands.executeCommand('setContext', REVIEW_DIFF_ACTIVE, on);
  }
}
