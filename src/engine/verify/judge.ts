import { checkCanaries } from './integrity/canaries';
import type { RunProcessOutcome } from './processRunner';
import type { CollectedReport } from './reportCollection';
import type { PreparedCommand } from './runnerDetection';
import { countOutcomes } from './testOutcomes';
import type { VerifierResult } from './types';

/** The verdict fields of a result; the verifier adds sandbox, output and timing. */
export type Verdict = Pick<VerifierResult, 'status' | 'tests' | 'passed' | 'failed' | 'total' | 'reportFormat' | 'reason' | 'integrity'>;

function firstFailure(tests: CollectedReport['tests']): string {
  const bad = tests.find((t) => t.status === 'failed' || t.status === 'error');
  if (!bad) return '';
  const firstLine = bad.message?.split('\n').find((l) => l.trim() !== '');
  return firstLine ? `${bad.name}: ${firstLine.trim()}` : bad.name;
}

/**
 * Decides a run's status from its exit, its report and whether a report was asked for.
 * `passed` needs at least one passing test and none failing, with exit code 0 — or, for
 * a runner we could not ask for a report, exit code 0 alone.
 *
 * With canaries the report decides, never the exit code alone: a clean run exits with the
 * runner's `cleanExit` (1 where the must-fail canary fails the run) or 0 (the command piped
 * into `tee`, or pytest, whose canary plugin restores the user's status). The canaries are taken out of the
 * tests and counts (they are not the user's) and recorded in `integrity.canaries`; a report
 * whose canaries came out wrong or are missing is `tampered` — unless the user's tests
 * already fail (e.g. a collection error stops pytest before any test ran), when the
 * candidate is rejected anyway and `failed`/`error` says more.
 */
export function judgeRun(run: RunProcessOutcome, report: CollectedReport | undefined, prepared: Pick<PreparedCommand, 'expectsReport' | 'canaries'>, timeoutMs: number): Verdict {
  const { expectsReport, canaries } = prepared;
  const check = checkCanaries(report?.tests ?? [], canaries);
  const tests = check.tests;
  const counts = countOutcomes(tests);
  const base = {
    tests,
    passed: counts.passed,
    failed: counts.failed + counts.errored,
    total: tests.length,
    reportFormat: report?.format ?? 'exit-code',
    ...(canaries ? { integrity: { missingTests: [], canaries: check.state, ignoredPreexisting: [] } } : {}),
  } as const;
  if (run.cancelled) return { ...base, status: 'cancelled', reason: 'cancelled' };
  if (run.timedOut) {
    return { ...base, status: 'timeout', reason: `killed after the ${(timeoutMs / 1000).toFixed(1)} s time limit` };
  }
  if (run.spawnError !== undefined) return { ...base, status: 'error', reason: `the test command could not start: ${run.spawnError}` };
  const exit = run.exitSignal ? `killed by ${run.exitSignal}` : `exit code ${run.exitCode}`;
  const userFailed = counts.failed > 0 || counts.errored > 0;

  if (canaries) {
    const tampered = (why: string): Verdict => ({
      ...base,
      integrity: { missingTests: [], canaries: 'forged', ignoredPreexisting: [] },
      status: 'tampered',
      reason: `tampered: ${why}`,
    });
    // Every runner given canaries writes a report even when tests fail: exiting 0 without one is an early exit.
    if (!report && expectsReport && run.exitCode === 0) return tampered('the test command exited 0 without writing its report (an early exit before the tests ran)');
    if (check.state === 'forged' && check.problem) return tampered(check.problem);
    if (check.state === 'missing' && report && !userFailed) return { ...base, status: 'tampered', reason: `tampered: ${check.problem ?? 'check tests missing'}` };
  }

  if (report) {
    if (userFailed) {
      // Only errors and nothing passing: the tests could not even run (import/syntax error).
      const status = counts.failed === 0 && counts.passed === 0 ? 'error' : 'failed';
      const what = status === 'error' ? 'tests could not run' : `${base.failed} of ${tests.length} tests failed`;
      return { ...base, status, reason: `${what} — ${firstFailure(tests)}` };
    }
    if (counts.passed === 0) {
      return { ...base, status: 'failed', reason: tests.length === 0 ? `no tests ran (${exit})` : 'every test was skipped' };
    }
    const clean = run.exitCode === 0 || (canaries !== undefined && run.exitCode === canaries.cleanExit);
    if (!clean) {
      return { ...base, status: 'failed', reason: `every reported test passed, but the command ended with ${exit}` };
    }
    return { ...base, status: 'passed' };
  }
  if (expectsReport) {
    // Exiting 0 without the report we asked for is what a candidate faking success would do.
    return run.exitCode === 0
      ? { ...base, status: 'error', reason: 'the test runner exited 0 without writing its report; the result cannot be trusted' }
      : { ...base, status: run.exitSignal ? 'error' : 'failed', reason: `the test runner stopped (${exit}) before writing its report` };
  }
  if (run.exitCode === 0) return { ...base, status: 'passed' };
  return { ...base, status: run.exitSignal ? 'error' : 'failed', reason: `the test command failed (${exit}); no per-test report` };
}
