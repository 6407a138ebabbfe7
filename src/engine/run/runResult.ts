import type { CheatsheetItem } from '../cheatsheet/types';
import type { BaselineSummary, Candidate, SolveResult, StopReason } from '../events';
import type { SolveOptions } from '../options';
import { choose, verifierStrength } from '../select/choose';
import { rankCandidates, rankContextOf } from '../select/rank';
import type { Task } from '../task';
import { totalsOf } from './candidates';

/** Cheatsheet items for the prompt; none when the memory is off or its store fails. */
export async function retrieveCheatsheet(task: Task, options: SolveOptions, signal: AbortSignal): Promise<CheatsheetItem[]> {
  if (!options.cheatsheet || options.cheatsheetTokenBudget <= 0) return [];
  try {
    return await options.cheatsheet.retrieve(task, options.cheatsheetTokenBudget, signal);
  } catch {
    // The memory is an aid: a broken store must not stop the run.
    return [];
  }
}

/** The end of a run over settled candidates: final ranking, the pick or abstention, totals, and the baseline when one ran. */
export function finalResult(
  runId: string,
  candidates: Candidate[],
  options: SolveOptions,
  stoppedBy: StopReason,
  run: { wallMs: number; cacheHits: number; task?: Task; baseline?: BaselineSummary },
): SolveResult {
  // With the task, ranking scans each candidate for risk signs and compares its form with the original.
  const { ranking, scores } = rankCandidates(candidates, options.agreementProbes, run.task ? rankContextOf(run.task) : undefined);
  for (const c of candidates) c.score = scores[c.id];
  const chosen = choose(candidates, ranking, options.abstainPolicy, stoppedBy, options.strictMinAgreeing);
  // The false-positive estimate is quoted only where it was measured (Python, generated tests).
  const top = candidates.find((c) => c.id === ranking[0]);
  return {
    runId,
    candidates: structuredClone(candidates),
    ranking,
    ...chosen,
    stoppedBy,
    totals: totalsOf(candidates, run.wallMs, run.cacheHits),
    verifierStrength: verifierStrength(candidates, top, { language: run.task?.language, probes: options.agreementProbes }),
    ...(run.baseline ? { baseline: run.baseline } : {}),
    ...(options.agreementProbes ? { agreementProbes: options.agreementProbes } : {}),
  };
}
