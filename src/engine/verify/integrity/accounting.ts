import type { BaselineSummary } from '../../events';
import { countOutcomes } from '../testOutcomes';
import type { IntegrityCheck, TestOutcome, Verifier, VerifierResult, VerifyJob } from '../types';

const FAILING = new Set(['failed', 'error']);

/** `expected` minus `actual`, as multisets: a name run twice in the baseline must appear twice. */
export function missingIds(expected: readonly string[], actual: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const name of actual) left.set(name, (left.get(name) ?? 0) + 1);
  const missing: string[] = [];
  for (const name of expected) {
    const n = left.get(name) ?? 0;
    if (n > 0) left.set(name, n - 1);
    else missing.push(name);
  }
  return missing;
}

function list(names: string[]): string {
  return `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, … (${names.length} in all)` : ''}`;
}

/**
 * Holds one candidate's result to the baseline: every baseline test id must be in its
 * report (as a multiset), and tests failing before the run for reasons of their own are
 * left out of the verdict. Missing tests never pass: the result is `tampered` when what is
 * left claims a pass (an early `os._exit(0)`, `process.exit(0)` leaving node's file-level
 * case), else `failed`. Runs that did not finish (timeout, cancelled) and `tampered` ones
 * keep their status; `integrity` records what was checked either way.
 */
export function accountForBaseline(result: VerifierResult, baseline: Pick<BaselineSummary, 'testIds' | 'failingBefore'>): VerifierResult {
  if (result.status === 'cancelled') return result;
  const names = result.tests.map((t) => t.name);
  const missingTests = baseline.testIds.length > 0 && result.status !== 'timeout' ? missingIds(baseline.testIds, names) : [];
  const preexisting = new Set(baseline.failingBefore);
  const ignored = result.tests.filter((t) => preexisting.has(t.name) && FAILING.has(t.status));
  const tests: TestOutcome[] = ignored.length ? result.tests.filter((t) => !ignored.includes(t)) : result.tests;
  const integrity: IntegrityCheck = {
    missingTests,
    canaries: result.integrity?.canaries ?? 'none',
    ignoredPreexisting: ignored.map((t) => t.name),
  };
  const counts = countOutcomes(tests);
  const fields = { tests, passed: counts.passed, failed: counts.failed + counts.errored, total: tests.length, integrity };
  if (result.status === 'timeout' || result.status === 'tampered') return { ...result, ...fields };

  const stillFailing = counts.failed + counts.errored > 0;
  if (missingTests.length > 0) {
    const what = `${missingTests.length} of the ${baseline.testIds.length} tests the baseline ran ${missingTests.length === 1 ? 'is' : 'are'} missing from this run's report (${list(missingTests)})`;
    if (!stillFailing && result.status !== 'error') {
      return { ...result, ...fields, status: 'tampered', reason: `tampered: ${what} while the rest passed — the run ended early or the report was altered` };
    }
    return { ...result, ...fields, status: result.status === 'error' ? 'error' : 'failed', reason: [result.reason, `${what}`].filter(Boolean).join('; ') };
  }
  if (ignored.length > 0 && !stillFailing && counts.passed > 0 && (result.status === 'failed' || result.status === 'error') && cleanFailureExit(result)) {
    // The only failures were the ones the project had before the run: the candidate passes.
    return { ...result, ...fields, status: 'passed', reason: `passed; ${ignored.length} test${ignored.length === 1 ? '' : 's'} failing before the run left out: ${list(ignored.map((t) => t.name))}` };
  }
  return { ...result, ...fields };
}

/**
 * The run ended the way a run with failing tests ends (exit 1, or the warm runner's own
 * verdict), not by a crash or signal — only then may ignored failures turn it into a pass.
 */
function cleanFailureExit(result: VerifierResult): boolean {
  if (result.integrity && result.integrity.canaries !== 'ok' && result.integrity.canaries !== 'none') return false;
  return result.reportFormat === 'warm-runner' || result.exitCode === 1;
}

/**
 * A {@link Verifier} that checks every result of `inner` against the baseline
 * ({@link accountForBaseline}). Wraps whatever the run verifies candidates with (the general
 * verifier, the warm runner, a ProbeFallbackVerifier); probes pass through untouched.
 */
export class BaselineCheckedVerifier implements Verifier {
  constructor(
    private readonly inner: Verifier,
    private readonly baseline: Pick<BaselineSummary, 'testIds' | 'failingBefore'>,
  ) {}

  get description(): string {
    return this.inner.description;
  }

  async verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    return accountForBaseline(await this.inner.verify(job, signal), this.baseline);
  }

  /** The inner verifier belongs to the caller, who disposes it. */
  async dispose(): Promise<void> {}
}
