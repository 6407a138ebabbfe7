import type { Candidate, StopReason } from '../events';
import type { SolveOptions } from '../options';
import { choose } from '../select/choose';
import { rankCandidates, rankContextOf } from '../select/rank';
import { applyToFile, type Task } from '../task';
import type { TestSelection } from '../verify/selection/testSelection';
import type { Verifier } from '../verify/types';
import { stateOf } from './candidates';

/** What confirming needs from the run. */
export interface ConfirmContext {
  task: Task;
  candidates: Candidate[];
  options: Pick<SolveOptions, 'abstainPolicy' | 'strictMinAgreeing' | 'agreementProbes'>;
  stoppedBy: StopReason;
  /** The whole test command, held to the whole baseline. */
  whole: Verifier;
  selection: TestSelection;
  signal: AbortSignal;
  update: (c: Candidate) => void;
}

/**
 * Runs the whole test command on the pick before it is called verified. A pick that fails it
 * is no longer passing (its verdict becomes the whole run's, with a reason naming the
 * selection), and the next pick is confirmed in its place — until one passes or no candidate
 * is left to pick, when the run abstains as it would have. Each step is in `selection.confirmations`.
 */
export async function confirmPick(ctx: ConfirmContext): Promise<void> {
  const { task, candidates, options } = ctx;
  for (;;) {
    if (ctx.signal.aborted) return;
    const { ranking, scores } = rankCandidates(candidates, options.agreementProbes, rankContextOf(task));
    for (const c of candidates) c.score = scores[c.id];
    const { choice } = choose(candidates, ranking, options.abstainPolicy, ctx.stoppedBy, options.strictMinAgreeing);
    const pick = choice ? candidates.find((c) => c.id === choice.candidateId) : undefined;
    if (!pick?.code || ctx.selection.confirmations.some((k) => k.candidateId === pick.id)) return;
    const selected = pick.verification;
    const result = await ctx.whole.verify({ task, candidateId: pick.id, fileText: applyToFile(task, pick.code) }, ctx.signal);
    ctx.selection.confirmations.push({
      candidateId: pick.id,
      status: result.status,
      passed: result.passed,
      total: result.total,
      durationMs: result.durationMs,
    });
    if (result.status === 'cancelled') return;
    if (result.status === 'passed') {
      // The whole run is the stronger evidence: the pick shows it (its probe answers kept).
      pick.verification = { ...result, ...(selected?.behaviour !== undefined ? { behaviour: selected.behaviour } : {}) };
      ctx.update(pick);
      return;
    }
    pick.verification = {
      ...result,
      ...(selected?.behaviour !== undefined ? { behaviour: selected.behaviour } : {}),
      reason: `passed the ${selected?.total ?? 0} selected test cases, but the whole test command did not pass (${result.status}, ${result.passed}/${result.total}): ${result.reason ?? 'see its output'}`,
    };
    pick.state = stateOf(result);
    ctx.update(pick);
  }
}

/** The choice's reason with what the whole command said about the pick. */
export function confirmationNote(selection: TestSelection, candidateId: number): string {
  const mine = selection.confirmations.filter((k) => k.candidateId === candidateId).at(-1);
  const failed = selection.confirmations.filter((k) => k.candidateId !== candidateId && k.status !== 'passed' && k.status !== 'cancelled');
  const before = failed.length ? ` ${failed.map((k) => `#${k.candidateId}`).join(', ')} passed the selected tests but failed the whole command, so ${failed.length === 1 ? 'it was' : 'they were'} passed over.` : '';
  if (mine?.status === 'passed') return `Confirmed with the whole test command (${mine.passed}/${mine.total} tests).${before}`;
  return `NOT confirmed with the whole test command (${mine ? mine.status : 'the run stopped first'}); only the ${selection.cases?.selected ?? 0} selected test cases ran.${before}`;
}
