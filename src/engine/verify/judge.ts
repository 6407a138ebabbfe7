import type { RunProcessOutcome } from './processRunner';
import type { CollectedReport } from './reportCollection';
import type { PreparedCommand } from './runnerDetection';
import { countOutcomes } from './testOutcomes';
import type { VerifierResult } from './types';

/** The verdict fields of a result; the verifier adds sandbox, output and timing. */
export type Verdict = Pick<VerifierResult, 'status' | 'tests' | 'passed' | 'failed' | 'total' | 'reportFormat' | 'reason'>;

function firstFailure(report: CollectedReport): string {
  const bad = report.tests.find((t) => t.status === 'failed' || t.status === 'error');
  if (!bad) return '';
  const firstLine = bad.message?.split('\n').find((l) => l.trim() !== '');
  return firstLine ? `${bad.name}: ${firstLine.trim()}` : bad.name;
}

/**
 * Decides a run's status from its exit, its report and whether a report was asked for.
 * `passed` needs at least one passing test and none failing, with exit code 0 — or, for
 * a runner we could not ask for a report, exit code 0 alone.
 */
export function judgeRun(run: RunProcessOutcome, report: CollectedReport | undefined, prepared: Pick<PreparedCommand, 'expectsReport' | 'canaries'>, timeoutMs: number): Verdict {
  const { expectsReport } = prepared;
  const tests = report?.tests ?? [];
  const counts = countOutcomes(tests);
  const base = {
    tests,
    passed: counts.passed,
    failed: counts.failed + counts.errored,
    total: tests.length,
    reportFormat: report?.format ?? 'exit-code',
  } as const;
  if (run.cancelled) return { ...base, status: 'cancelled', reason: 'cancelled' };
  if (run.timedOut) {
    return { ...base, status: 'timeout', reason: `killed after the ${(timeoutMs / 1000).toFixed(1)} s time limit` };
  }
  if (run.spawnError !== undefined) return { ...base, status: 'error', reason: `the test command could not start: ${run.spawnError}` };
  const exit = run.exitSignal ? `killed by ${run.exitSignal}` : `exit code ${run.exitCode}`;

  if (report) {
    if (counts.failed > 0 || counts.errored > 0) {
      // Only errors and nothing passing: the tests could not even run (import/syntax error).
      const status = counts.failed === 0 && counts.passed === 0 ? 'error' : 'failed';
      const what = status === 'error' ? 'tests could not run' : `${base.failed} of ${tests.length} tests failed`;
      return { ...base, status, reason: `${what} — ${firstFailure(report)}` };
    }
    if (counts.passed === 0) {
      return { ...base, status: 'failed', reason: tests.length === 0 ? `no tests ran (${exit})` : 'every test was skipped' };
    }
    if (run.exitCode !== 0) {
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
