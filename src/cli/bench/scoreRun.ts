import type { SolveResult } from '../../engine/events';
import type { SolveOptions } from '../../engine/options';
import { solve } from '../../engine/solve';
import type { HumanEvalProblem } from '../../engine/humaneval/dataset';
import { hiddenTestText, SOLUTION_FILE } from '../../engine/humaneval/workspace';
import { applyToFile, type Task } from '../../engine/task';
import type { WarmVerifier } from '../../engine/verify/warm/warmVerifier';
import type { SampleOutcome, TaskRun } from './strategies';

/** One `solve()` to its result; a run that ends in `run/error` throws with the engine's message. */
export async function solveOnce(task: Task, options: SolveOptions, signal: AbortSignal): Promise<SolveResult> {
  for await (const event of solve(task, options, signal)) {
    if (event.type === 'run/finished') return event.result;
    if (event.type === 'run/error') throw new Error(`solve failed on ${task.functionName}: ${event.message}`);
  }
  throw new Error(`solve ended without a result on ${task.functionName}`);
}

/**
 * Every distinct candidate of `results` (one task's runs) on the task's hidden tests, once
 * per code hash: whether it passed, and how many runs hit the time limit.
 */
export async function scoreHidden(results: readonly SolveResult[], task: Task, problem: HumanEvalProblem, hidden: WarmVerifier, signal: AbortSignal): Promise<{ passed: Map<string, boolean>; timeouts: number }> {
  const codes = new Map<string, string>();
  for (const r of results) for (const c of r.candidates) if (c.codeHash && c.code !== undefined && !codes.has(c.codeHash)) codes.set(c.codeHash, c.code);
  const passed = new Map<string, boolean>();
  let timeouts = 0;
  await Promise.all(
    [...codes].map(async ([hash, code]) => {
      const files = { [SOLUTION_FILE]: applyToFile(task, code), 'test_hidden.py': hiddenTestText(problem) };
      const verdict = await hidden.runFiles({ files, testFiles: ['test_hidden.py'] }, signal);
      if (verdict.status === 'timeout') timeouts++;
      passed.set(hash, verdict.status === 'passed');
    }),
  );
  return { passed, timeouts };
}

/** Maps a solve's candidates to what each drawn sample turned out to be. */
export function scoreRun(taskId: string, n: number, result: SolveResult, hiddenPass: Map<string, boolean>): TaskRun {
  const byHash = new Map<string, SolveResult['candidates'][number]>();
  for (const c of result.candidates) if (c.codeHash && c.duplicateOf === undefined) byHash.set(c.codeHash, c);
  const outcome = (c: SolveResult['candidates'][number]): SampleOutcome => {
    if (!c.codeHash) return { hash: null, visiblePassed: false, hiddenPassed: false };
    const original = byHash.get(c.codeHash);
    return {
      hash: c.codeHash,
      visiblePassed: original?.verification?.status === 'passed',
      visibleTests: original?.verification ? { passed: original.verification.passed, total: original.verification.total } : undefined,
      hiddenPassed: hiddenPass.get(c.codeHash) === true,
      behaviour: original?.verification?.behaviour,
    };
  };
  const chosen = result.choice ? result.candidates.find((c) => c.id === result.choice?.candidateId) : undefined;
  const distinct = [...byHash.values()].filter((c) => c.verification);
  return {
    taskId,
    n,
    samples: result.candidates.map(outcome),
    ranked: chosen ? outcome(chosen) : null,
    picks: {},
    promptTokens: result.totals.promptTokens,
    completionTokens: result.totals.completionTokens,
    verifyMs: distinct.reduce((s, c) => s + (c.verification?.durationMs ?? 0), 0),
    distinct: distinct.length,
    duplicates: result.totals.duplicates,
    cacheHits: result.totals.cacheHits,
  };
}
