import type { Verifier, VerifierResult, VerifyJob } from '../verify/types';

/**
 * Adds the generated tests' probes to every job, so the inner verifier reports each
 * candidate's answers on them as `behaviour`: the warm runner evaluates them with the tests;
 * the general verifier from `verifierForTask` evaluates them for passing candidates in a probe
 * worker (ProbeFallbackVerifier). A verifier without either ignores them and ranking falls
 * back to the tests.
 */
export class ProbingVerifier implements Verifier {
  constructor(
    private readonly inner: Verifier,
    private readonly probes: readonly string[],
  ) {}

  get description(): string {
    return this.inner.description;
  }

  verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    return this.inner.verify({ ...job, probes: this.probes }, signal);
  }

  /** The inner verifier belongs to the caller, who disposes it. */
  async dispose(): Promise<void> {}
}
