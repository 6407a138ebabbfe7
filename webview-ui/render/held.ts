import type { CandidateView, RunView } from '../../src/protocol';

/** Same text up to trailing whitespace: the editor may trim what the candidate left. */
function sameText(a: string, b: string): boolean {
  const norm = (t: string): string => t.split(/\r?\n/).map((line) => line.trimEnd()).join('\n').trimEnd();
  return norm(a) === norm(b);
}

/**
 * The document's target already reads as this candidate: typically it was accepted (the host
 * then makes the accepted text the run's baseline, `targetText`).
 */
export function heldByDocument(run: RunView, candidate: CandidateView): boolean {
  return candidate.code !== undefined && sameText(run.currentTargetText ?? run.targetText, candidate.code);
}
