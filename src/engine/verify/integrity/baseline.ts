import type { BaselineSummary } from '../../events';
import type { Task } from '../../task';
import type { Verifier, VerifierResult } from '../types';
import { explainNotReached, newWitnessNonce, testsShowingNonce, witnessFileText } from './witness';

/** Job ids of the two runs before sampling, so logs tell them from candidates (which start at 1). */
export const BASELINE_JOB_ID = 0;
export const WITNESS_JOB_ID = -1;

/** What the runs before sampling found, and whether sampling should go ahead. */
export interface BaselineOutcome {
  summary: BaselineSummary;
  /** Set when the tests do not reach the target: the run must stop before sampling, with this message. */
  stop?: { kind: 'tests-do-not-reach'; message: string };
  /** The run was cancelled while the baseline ran. */
  cancelled?: boolean;
}

const FAILING = new Set(['failed', 'error']);

/** True when the run produced per-test outcomes (a report, TAP, the warm runner), not just an exit code. */
function hasPerTestReport(result: VerifierResult): boolean {
  return result.reportFormat !== 'exit-code';
}

/** The witness could not be judged: a timeout, a sandbox failure, a runner without per-test results. */
function unknownWhy(baseline: VerifierResult, witness: VerifierResult): string | undefined {
  for (const run of [baseline, witness]) {
    // No test outcome at all and an error: the verifier could not run them (sandbox unavailable,
    // workspace unreadable, a runner that cannot take this command). Every candidate will say so too.
    if (run.status === 'error' && run.tests.length === 0) return `the tests could not be run (${run.reason ?? 'error'})`;
  }
  if (!hasPerTestReport(witness) || !hasPerTestReport(baseline)) return 'the test command gives no per-test results, so whether the tests run this code cannot be checked';
  if (witness.status === 'timeout') return `the run with the stub hit the time limit (${witness.reason ?? 'timeout'}), so whether the tests run this code is unknown`;
  if (witness.status === 'error' && witness.tests.length === 0 && /sandbox|verifier failure|could not start|cannot read/i.test(witness.reason ?? '')) {
    return `the run with the stub could not be made (${witness.reason})`;
  }
  return undefined;
}

/**
 * The baseline and witness runs, concurrently: the file as it is (which tests run, which
 * fail) and the file with the target replaced by a stub raising a per-run nonce. Tests that
 * show the nonce (or pass before and not with the stub) reach the target; if none does,
 * sampling would only test code that never runs, so the outcome carries `stop`. Tests failing
 * before the run whose witness outcome does not show the nonce fail for reasons of their own
 * and are left out of every candidate's verdict. Writes nothing to the user's files: both runs
 * are ordinary verifications on copies.
 */
export async function runBaseline(task: Task, verifier: Verifier, signal: AbortSignal): Promise<BaselineOutcome> {
  const started = performance.now();
  const nonce = newWitnessNonce();
  const stubbed = witnessFileText(task, nonce);
  const run = (candidateId: number, fileText: string): Promise<VerifierResult> =>
    verifier.verify({ task, candidateId, fileText }, signal).catch((error: unknown) => failedRun(error));
  const [baseline, witness] = await Promise.all([
    run(BASELINE_JOB_ID, task.fileText),
    stubbed === undefined ? Promise.resolve(undefined) : run(WITNESS_JOB_ID, stubbed),
  ]);
  const durationMs = Math.round(performance.now() - started);
  const testIds = baseline.tests.map((t) => t.name);
  const summary = (fields: Omit<BaselineSummary, 'testIds' | 'durationMs'>): BaselineSummary => ({ testIds, ...fields, durationMs });
  if (signal.aborted || baseline.status === 'cancelled' || witness?.status === 'cancelled') {
    return { cancelled: true, summary: summary({ failingBefore: [], reaching: [], witness: 'unknown', explanation: 'cancelled before the baseline finished' }) };
  }
  const failingNow = baseline.tests.filter((t) => FAILING.has(t.status)).map((t) => t.name);
  if (!witness) {
    return {
      summary: summary({
        failingBefore: [],
        reaching: [],
        witness: 'unknown',
        explanation: `No stub can be made for ${task.language} code, so whether the tests run the target is not checked. ${describeBaseline(baseline, [])}`,
      }),
    };
  }
  const unknown = unknownWhy(baseline, witness);
  if (unknown) {
    return { summary: summary({ failingBefore: [], reaching: [], witness: 'unknown', explanation: `Not checked whether the tests run the target: ${unknown}. ${describeBaseline(baseline, [])}` }) };
  }
  const showing = testsShowingNonce(witness, nonce);
  const passedBefore = new Set(baseline.tests.filter((t) => t.status === 'passed').map((t) => t.name));
  // A test passing before and failing with the stub reached it too, even if its message hides the error.
  const flipped = witness.tests.filter((t) => FAILING.has(t.status) && passedBefore.has(t.name) && !showing.includes(t));
  const reaching = [...new Set([...showing, ...flipped].map((t) => t.name))];
  const outputShows = witness.output.includes(nonce) || (witness.reason ?? '').includes(nonce);
  if (reaching.length === 0 && !outputShows) {
    const explanation = await explainNotReached(task, baseline, witness);
    return {
      summary: summary({ failingBefore: [], reaching: [], witness: 'not-reached', explanation }),
      stop: { kind: 'tests-do-not-reach', message: explanation },
    };
  }
  const reachingSet = new Set(reaching);
  // Failing now and not because of the target: the stub's error never shows under them.
  const failingBefore = [...new Set(failingNow.filter((name) => !reachingSet.has(name)))];
  return {
    summary: summary({
      failingBefore,
      reaching,
      witness: 'reached',
      explanation: `${reaching.length > 0 ? `${reaching.length} of ${new Set(testIds).size} tests` : 'The test run'} reached ${task.functionName ?? task.filePath} (the stub's error showed). ${describeBaseline(baseline, failingBefore)}`,
    }),
  };
}

/** A verifier that threw (it should not): the run is judged like one that could not start. */
function failedRun(error: unknown): VerifierResult {
  const reason = `the verifier failed: ${error instanceof Error ? error.message : String(error)}`;
  return { status: 'error', tests: [], passed: 0, failed: 0, total: 0, reportFormat: 'exit-code', exitCode: null, durationMs: 0, output: '', outputTruncated: false, sandbox: 'none', reason };
}

/** One sentence on the current code's run: how many tests, how many fail, which are left out. */
function describeBaseline(baseline: VerifierResult, failingBefore: string[]): string {
  const total = baseline.tests.length;
  if (total === 0) return `With the current code: ${baseline.status}${baseline.reason ? ` (${baseline.reason})` : ''}.`;
  const failing = baseline.tests.filter((t) => FAILING.has(t.status)).length;
  const left = failingBefore.length
    ? ` ${failingBefore.length} failing before the run and unrelated to the target ${failingBefore.length === 1 ? 'is' : 'are'} left out of every verdict: ${failingBefore.slice(0, 5).join(', ')}${failingBefore.length > 5 ? ', …' : ''}.`
    : '';
  return `With the current code ${total} tests ran, ${failing} failing.${left}`;
}
