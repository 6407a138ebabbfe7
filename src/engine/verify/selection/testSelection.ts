import type { BaselineSummary } from '../../events';
import type { Task } from '../../task';
import { missingIds } from '../integrity/accounting';
import type { Verifier, VerifierResult, VerifyJob } from '../types';
import { narrowCommand } from './narrowCommand';

/** The whole command run on a pick before it is called verified. */
export interface PickConfirmation {
  candidateId: number;
  status: VerifierResult['status'];
  passed: number;
  total: number;
  durationMs: number;
  reason?: string;
}

/** Which tests each candidate ran, shown by the CLI report and the panel. */
export interface TestSelection {
  /** `selected`: candidates ran only the tests that exercise the target; `whole`: the whole test command. */
  mode: 'selected' | 'whole';
  /** The command each candidate ran. */
  command: string;
  /** Ids of the related tests the command names (empty for `whole`). */
  tests: string[];
  /** Test cases the selected command runs, of those the whole command runs (from the baseline). */
  cases?: { selected: number; whole: number };
  /** One sentence: what ran and why. */
  reason: string;
  /** The whole command on the pick (and on each next pick if one failed it), in order. */
  confirmations: PickConfirmation[];
}

/** The selected command run on the current code, started beside the baseline. */
export type SelectedBaselineRun = { ok: true; command: string; tests: string[]; result: VerifierResult } | { ok: false; reason: string };

/** Job id of the selected baseline run, beside the baseline's 0 and the witness's -1. */
export const SELECTED_BASELINE_JOB_ID = -2;

/**
 * Cuts the test command down to `task.relatedTests` and runs it on the current code, so the
 * test cases it yields can be held against the whole baseline.
 */
export async function runSelectedBaseline(task: Task, verifier: Verifier, signal: AbortSignal): Promise<SelectedBaselineRun> {
  const related = task.relatedTests ?? [];
  if (related.length === 0) return { ok: false, reason: 'no tests calling the target were found, so every candidate runs the whole command' };
  const narrowed = narrowCommand(task.testCommand, related);
  if (!narrowed.ok) return { ok: false, reason: `every candidate runs the whole command: ${narrowed.reason}` };
  const job: VerifyJob = { task: { ...task, testCommand: narrowed.command }, candidateId: SELECTED_BASELINE_JOB_ID, fileText: task.fileText };
  const result = await verifier.verify(job, signal).catch((error: unknown) => error);
  if (!isResult(result)) return { ok: false, reason: `the selected tests could not be run: ${result instanceof Error ? result.message : String(result)}` };
  return { ok: true, command: narrowed.command, tests: related.map((t) => t.id), result };
}

function isResult(value: unknown): value is VerifierResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'tests' in value;
}

/** What candidates are held to when they run the selected command. */
export interface SelectionPlan {
  selection: TestSelection;
  /** The baseline the selected runs are checked against (the selected cases, their failures before the run). */
  expected?: Pick<BaselineSummary, 'testIds' | 'failingBefore'>;
}

/**
 * Decides whether candidates run the selected command: only when its run on the current code
 * yielded test cases that all exist in the whole baseline (as a multiset), fewer than the
 * whole, and every test the witness saw reach the target among them. Otherwise the whole
 * command runs, and the reason says why.
 */
export function planSelection(task: Task, run: SelectedBaselineRun, baseline: BaselineSummary | undefined): SelectionPlan {
  const whole = (reason: string): SelectionPlan => ({ selection: { mode: 'whole', command: task.testCommand, tests: [], reason, confirmations: [] } });
  if (!run.ok) return whole(run.reason);
  // The warm runner runs the project's test files itself, whatever the command says.
  if (run.result.reportFormat === 'warm-runner') return whole('the warm Python runner runs every test file in warm workers, at a fraction of the command\'s cost');
  if (!baseline || baseline.testIds.length === 0) return whole('the whole command gave no per-test baseline to check a selection against');
  // jest and vitest report the tests `-t` filtered out as skipped: they did not run.
  const ids = run.result.tests.filter((t) => t.status !== 'skipped').map((t) => t.name);
  if (ids.length === 0) return whole(`the selected tests ran no test case (${run.result.status}${run.result.reason ? `: ${run.result.reason}` : ''})`);
  const unknown = missingIds(ids, baseline.testIds);
  if (unknown.length > 0) return whole(`the selected run had ${unknown.length} test cases the whole run does not (${unknown.slice(0, 3).join(', ')})`);
  if (ids.length >= baseline.testIds.length) return whole(`the related tests are the whole suite (${baseline.testIds.length} cases)`);
  const chosen = new Set(ids);
  const missed = baseline.reaching.filter((name) => !chosen.has(name));
  if (missed.length > 0) return whole(`${missed.length} tests that reach the target are not among the related tests (${missed.slice(0, 3).join(', ')})`);
  return {
    selection: {
      mode: 'selected',
      command: run.command,
      tests: run.tests,
      cases: { selected: ids.length, whole: baseline.testIds.length },
      reason: `each candidate runs the ${ids.length} of ${baseline.testIds.length} test cases that exercise ${task.functionName ?? 'the target'} (${run.tests.length} related tests); the whole command runs once on the pick before it is called verified`,
      confirmations: [],
    },
    expected: { testIds: ids, failingBefore: baseline.failingBefore.filter((name) => chosen.has(name)) },
  };
}

/** A verifier that runs `command` in place of the task's test command for every job. */
export class SelectedTestsVerifier implements Verifier {
  constructor(
    private readonly inner: Verifier,
    private readonly command: string,
  ) {}

  get description(): string {
    return this.inner.description;
  }

  async verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    const result = await this.inner.verify({ ...job, task: { ...job.task, testCommand: this.command } }, signal);
    // jest and vitest list the cases `-t` filtered out as skipped: they are not this run's tests.
    const tests = result.tests.filter((t) => t.status !== 'skipped');
    if (tests.length === result.tests.length) return result;
    return { ...result, tests, total: tests.length };
  }

  /** The inner verifier belongs to the caller. */
  async dispose(): Promise<void> {}
}
