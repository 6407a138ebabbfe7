import { splitBehaviour } from '../agreement/dualAgreement';
import type { VerifierResult } from '../verify/types';

/** How many generated calls and checks a run's probes hold (`SolveOptions.agreementProbes`). */
export interface ProbeCounts {
  calls: number;
  checks: number;
}

/**
 * Key of a behaviour cluster: identical per-test outcomes and identical
 * behaviour fingerprint. Candidates sharing it support each other (CodeT-style
 * agreement); failure messages are left out since they often embed addresses.
 */
export function behaviourKey(v: VerifierResult): string {
  const outcomes = v.tests.map((t) => `${t.name}=${t.status}`).sort();
  return JSON.stringify([v.status, outcomes, v.behaviour ?? '']);
}

/**
 * The one notion of "these candidates agree", shared by ranking, early stop, the wave policy
 * and the verifier-strength note. With generated tests (probes) it is dual agreement (CodeT):
 * same verdict and same outputs on the generated inputs, and `generatedPassed` counts the
 * generated tests passed; without probes, or when probing failed for this candidate, it is
 * the behaviour key.
 */
export function agreementGroup(v: VerifierResult, probes?: ProbeCounts): { key: string; generatedPassed: number } {
  const split = probes ? splitBehaviour(v.behaviour, probes.calls, probes.checks) : undefined;
  if (split) return { key: JSON.stringify([v.status, split.outputs]), generatedPassed: split.checks.filter(Boolean).length };
  return { key: behaviourKey(v), generatedPassed: 0 };
}

/**
 * CodeT's grouping, for candidates judged without the user's tests: those that pass the same
 * set of generated tests agree. Undefined when the candidate has no probe answers to split.
 */
export function generatedTestsGroup(v: VerifierResult, probes: ProbeCounts): { key: string; generatedPassed: number } | undefined {
  const split = splitBehaviour(v.behaviour, probes.calls, probes.checks);
  if (!split) return undefined;
  return { key: split.checks.map((passed) => (passed ? '1' : '0')).join(''), generatedPassed: split.checks.filter(Boolean).length };
}
