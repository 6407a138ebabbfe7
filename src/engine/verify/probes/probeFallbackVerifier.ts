import type { Verifier, VerifierResult, VerifyJob } from '../types';
import type { ProbeOutcome } from './candidateProber';

/** What evaluates a job's probes for one candidate: the Python or the Node probe worker. */
export interface Prober {
  /** Never throws: a failure is an outcome with its reason. */
  probe(job: VerifyJob, signal: AbortSignal): Promise<ProbeOutcome>;
  dispose(): Promise<void>;
}

const PROBED_LANGUAGES = new Set(['python', 'javascript', 'typescript']);

/**
 * Whether a verdict still needs its probes evaluated: the job carries probes for a Python,
 * JavaScript or TypeScript target, the inner verifier gave no behaviour, and the candidate passed the user's tests.
 * Ranking compares behaviour only between candidates with the same test results, and the pick,
 * the early stop and the strict policy all look at passing candidates alone, so probing a
 * failing candidate would cost a run and change nothing that is shown or chosen.
 */
export function needsProbes(job: VerifyJob, verdict: VerifierResult): boolean {
  return (job.probes?.length ?? 0) > 0 && PROBED_LANGUAGES.has(job.task.language) && verdict.behaviour === undefined && verdict.status === 'passed';
}

/** The verdict with the probe answers as its behaviour; tests, status and output stay the test run's. */
export function withBehaviour(verdict: VerifierResult, outcome: Extract<ProbeOutcome, { ok: true }>): VerifierResult {
  const weaker = verdict.sandbox === 'bubblewrap' && outcome.sandbox !== 'bubblewrap';
  const note = weaker ? `Generated-test probes ran without an OS sandbox: ${outcome.sandboxNote ?? 'bubblewrap did not start for them'}` : undefined;
  return {
    ...verdict,
    behaviour: outcome.behaviour,
    ...(note ? { sandboxNote: [verdict.sandboxNote, note].filter(Boolean).join(' ') } : {}),
  };
}

/**
 * A verifier that runs the user's tests through `inner` (the general verifier, which cannot
 * evaluate probes) and then, for candidates that passed, evaluates the job's probes with
 * `prober`, so dual-agreement ranking works for every Python, JavaScript and TypeScript project and
 * not only where the warm runner stands in for the test command. The test verdict stays authoritative: a probe
 * that fails, hangs or misbehaves changes only `behaviour`. Owns both parts: `dispose` stops
 * the test runs and the probe workers.
 */
export class ProbeFallbackVerifier implements Verifier {
  private readonly disposal = new AbortController();
  private readonly active = new Set<Promise<VerifierResult>>();

  constructor(
    private readonly inner: Verifier,
    private readonly prober: Prober,
    private readonly logger?: (line: string) => void,
  ) {}

  get description(): string {
    return this.inner.description;
  }

  verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    const run = this.verifyThenProbe(job, AbortSignal.any([signal, this.disposal.signal]));
    this.active.add(run);
    // The caller handles the result; this chain only tracks it and must not rethrow unobserved.
    run.finally(() => this.active.delete(run)).catch(() => undefined);
    return run;
  }

  private async verifyThenProbe(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    const verdict = await this.inner.verify(job, signal);
    if (signal.aborted || !needsProbes(job, verdict)) return verdict;
    const outcome = await this.prober.probe(job, signal);
    if (!outcome.ok) {
      if (!signal.aborted) this.logger?.(`probe candidate ${job.candidateId}: no behaviour (${outcome.reason})`);
      return verdict;
    }
    this.logger?.(`probe candidate ${job.candidateId}: ${job.probes?.length ?? 0} probes in ${outcome.durationMs} ms (${outcome.sandbox})`);
    return withBehaviour(verdict, outcome);
  }

  /** Cancels what runs, then disposes the test verifier and the probe workers. Idempotent. */
  async dispose(): Promise<void> {
    this.disposal.abort();
    await Promise.allSettled([...this.active]);
    await Promise.all([this.inner.dispose(), this.prober.dispose()]);
  }
}
