import type { TestOutcome, Verifier, VerifierResult, VerifyJob } from '../../src/engine/verify/types';

/** What the fake decides for one candidate file: per-test pass/fail, or a whole-run status. */
export type FakeVerdict = { tests: Record<string, boolean>; behaviour?: string } | { status: 'timeout' | 'error'; reason: string };

/**
 * A {@link Verifier} that judges the candidate's file text with a rule instead
 * of running tests, for engine tests that are about flow rather than sandboxes.
 * It honours the abort signal, counts calls and the most runs at once.
 */
export class FakeVerifier implements Verifier {
  readonly description = 'fake verifier (rule-based, no processes)';
  readonly jobs: VerifyJob[] = [];
  running = 0;
  maxRunning = 0;
  disposed = false;

  constructor(
    private readonly rule: (fileText: string) => FakeVerdict,
    /** How long a run takes: fixed, or by the candidate's file text (e.g. one that "hangs"). */
    private readonly delayMs: number | ((fileText: string) => number) = 5,
  ) {}

  async verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    this.jobs.push(job);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const started = Date.now();
    try {
      const finished = await new Promise<boolean>((resolve) => {
        if (signal.aborted) return resolve(false);
        const onAbort = (): void => {
          clearTimeout(timer);
          resolve(false);
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        }, typeof this.delayMs === 'number' ? this.delayMs : this.delayMs(job.fileText));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      const base = { reportFormat: 'junit' as const, durationMs: Date.now() - started, output: '', outputTruncated: false, sandbox: 'none' as const };
      if (!finished) return { ...base, status: 'cancelled', tests: [], passed: 0, failed: 0, total: 0, exitCode: null };
      const verdict = this.rule(job.fileText);
      if ('status' in verdict) return { ...base, status: verdict.status, tests: [], passed: 0, failed: 0, total: 0, exitCode: null, reason: verdict.reason };
      const tests: TestOutcome[] = Object.entries(verdict.tests).map(([name, ok]) => ({ name, status: ok ? 'passed' : 'failed', message: ok ? undefined : 'assertion failed' }));
      const passed = tests.filter((t) => t.status === 'passed').length;
      return { ...base, status: passed === tests.length ? 'passed' : 'failed', tests, passed, failed: tests.length - passed, total: tests.length, exitCode: passed === tests.length ? 0 : 1, behaviour: verdict.behaviour };
    } finally {
      this.running--;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
