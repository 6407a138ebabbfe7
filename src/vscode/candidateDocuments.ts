import * as vscode from 'vscode';
import { Disposable } from './disposable';

export const CANDIDATE_SCHEME = 'best-of-n-candidate';

/** The path segment of a candidate's document; {@link candidateIdOf} reads it back. */
export function candidateLabel(candidateId: number): string {
  return `candidate-${candidateId}`;
}

/** The run and candidate a candidate document shows, from its URI; undefined for any other URI. */
export function candidateIdOf(uri: { scheme: string; path: string }): { runId: string; candidateId: number } | undefined {
  if (uri.scheme !== CANDIDATE_SCHEME) return undefined;
  const match = /^\/([^/]+)\/candidate-(\d+)\//.exec(uri.path);
  return match ? { runId: match[1] as string, candidateId: Number(match[2]) } : undefined;
}

/**
 * Read-only virtual documents for the native diff editor: the target as the run saw it,
 * the current file, and each candidate. Content is held in memory and replaced per run,
 * so diffs never touch the user's files.
 */
export class CandidateDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(CANDIDATE_SCHEME, this));
  }

  /**
   * Stores `text` under a URI whose path ends in `fileName`, so the diff editor picks its
   * language. `side: 'base'` gives the same path with a query: the left side of a diff, which
   * the diff editors then show as the same file rather than a rename.
   */
  put(runId: string, label: string, fileName: string, text: string, side?: 'base'): vscode.Uri {
    const safeName = fileName.replace(/[^\w.\-]/g, '_') || 'target';
    const uri = vscode.Uri.from({ scheme: CANDIDATE_SCHEME, path: `/${runId}/${label}/${safeName}`, ...(side ? { query: side } : {}) });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  /** Forgets every document of runs other than `keepRunId`. */
  prune(keepRunId: string): void {
    for (const key of [...this.contents.keys()]) {
      if (!vscode.Uri.parse(key).path.startsWith(`/${keepRunId}/`)) this.contents.delete(key);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '(This candidate is no longer available: its run was replaced by a newer one.)';
  }
}
