import type { Candidate, CandidateScore } from '../events';
import type { VerifierResult } from '../verify/types';
import { splitBehaviour } from '../agreement/dualAgreement';

/** Candidates that have a verdict to rank by. */
function ranked(candidates: Candidate[]): Candidate[] {
  return candidates.filter((c) => c.duplicateOf === undefined && c.verification && c.verification.status !== 'cancelled');
}

/** Tests passed as a fraction; an exit-code-only pass (no per-test report) counts as 1. */
export function passFraction(v: VerifierResult): number {
  if (v.total > 0) return v.passed / v.total;
  return v.status === 'passed' ? 1 : 0;
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

/** Tokens a candidate cost to draw (`completion` already includes reasoning tokens). */
export function candidateTokens(c: Candidate): number {
  return c.usage.completion;
}

/**
 * Ranks verified candidates: tests passed (fraction, then count), then dual agreement when
 * generated tests ran (group votes × (1 + generated tests passed)), then
 * agreement (votes of the behaviour cluster, duplicates included), then the
 * candidate's own votes (identical copies), then fewer tokens, then earlier id.
 * Returns ids best first and a score for each.
 */
export function rankCandidates(
  candidates: Candidate[],
  probes?: { calls: number; checks: number },
): { ranking: number[]; scores: Record<number, CandidateScore> } {
  const pool = ranked(candidates);
  // With generated tests, agreement is dual (CodeT): same outputs on the generated inputs,
  // weighted by the generated tests passed; the user's tests stay the first, hard criterion.
  const split = (v: VerifierResult): { key: string; passed: number } | undefined => {
    const s = probes ? splitBehaviour(v.behaviour, probes.calls, probes.checks) : undefined;
    return s ? { key: JSON.stringify([v.status, s.outputs]), passed: s.checks.filter(Boolean).length } : undefined;
  };
  const keyOf = (v: VerifierResult): string => split(v)?.key ?? behaviourKey(v);
  const clusterVotes = new Map<string, number>();
  for (const c of pool) {
    const key = keyOf(c.verification as VerifierResult);
    clusterVotes.set(key, (clusterVotes.get(key) ?? 0) + c.votes);
  }
  const info = pool.map((c) => {
    const v = c.verification as VerifierResult;
    const agreement = clusterVotes.get(keyOf(v)) ?? c.votes;
    const dual = agreement * (1 + (split(v)?.passed ?? 0));
    return { c, v, fraction: passFraction(v), agreement, dual, tokens: candidateTokens(c) };
  });
  // Within a cluster, code the model wrote identically more often wins (self-consistency) before brevity.
  info.sort((x, y) => y.fraction - x.fraction || y.v.passed - x.v.passed || y.dual - x.dual || y.agreement - x.agreement || y.c.votes - x.c.votes || x.tokens - y.tokens || x.c.id - y.c.id);
  const scores: Record<number, CandidateScore> = {};
  info.forEach((entry, index) => {
    scores[entry.c.id] = {
      testsPassed: entry.v.passed,
      testsTotal: entry.v.total,
      agreement: entry.agreement,
      tokens: -entry.tokens,
      rank: index + 1,
      explanation: explain(entry.c, entry.v, entry.agreement, entry.tokens, index + 1),
    };
  });
  return { ranking: info.map((e) => e.c.id), scores };
}

function explain(c: Candidate, v: VerifierResult, agreement: number, tokens: number, rank: number): string {
  const tests =
    v.total > 0
      ? `passed ${v.passed}/${v.total} test${v.total === 1 ? '' : 's'}`
      : v.status === 'passed'
        ? 'the test command succeeded (no per-test report)'
        : `the test run ended ${v.status}${v.reason ? ` (${v.reason})` : ''}`;
  const others = agreement - 1;
  const agree = others > 0 ? `; ${others} other sample${others === 1 ? '' : 's'} behaved the same` : '; no other sample behaved the same';
  const votes = c.votes > 1 ? ` (${c.votes - 1} identical cop${c.votes - 1 === 1 ? 'y' : 'ies'})` : '';
  return `Ranked #${rank}: ${tests}${agree}${votes}; ${tokens} tokens.`;
}
