/** A candidate as agreement ranking sees it. */
export interface AgreementInput {
  id: number;
  /** Samples that produced this code (the candidate and its duplicates). */
  votes: number;
  /** Passed every visible (user) test. */
  visiblePassed: boolean;
  /** `VerifierResult.behaviour`: one answer per probe, '|'-separated, calls then checks. */
  behaviour: string | undefined;
}

/** How a candidate's group scores under dual agreement. */
export interface AgreementScore {
  id: number;
  /** Samples in the group of candidates that answer identically on the generated inputs. */
  clusterVotes: number;
  /** Generated tests the candidate passes. */
  testsPassed: number;
  /** The ranking score: cluster size × (1 + generated tests passed). */
  score: number;
}

/** Per-probe answers split into outputs on the generated calls and generated test verdicts; undefined when probing failed. */
export function splitBehaviour(behaviour: string | undefined, callCount: number, checkCount: number): { outputs: string; checks: boolean[] } | undefined {
  if (!behaviour || callCount + checkCount === 0) return undefined;
  const answers = behaviour.split('|');
  if (answers.length !== callCount + checkCount) return undefined;
  // Python answers a passed check with `=True`, the Node probe worker with `=true`.
  return { outputs: answers.slice(0, callCount).join('|'), checks: answers.slice(callCount).map((a) => a === '=True' || a === '=true') };
}

/**
 * Dual execution agreement (CodeT): candidates that give the same outputs on the generated
 * inputs form a group; a group scores its size (in samples) times one plus the generated
 * tests it passes. `visibleFilter` keeps only candidates that pass the visible tests, the
 * hard filter the product uses; without it every candidate competes (CodeT's own setting,
 * which then groups by the set of generated tests passed and scores size × tests passed).
 * Best first; ties go to the larger group, then more votes, then the earlier id.
 */
export function dualAgreement(
  candidates: readonly AgreementInput[],
  probes: { calls: number; checks: number },
  mode: { visibleFilter: boolean },
): AgreementScore[] {
  const pool = candidates.filter((c) => !mode.visibleFilter || c.visiblePassed);
  const keyed = pool.map((c) => {
    const split = splitBehaviour(c.behaviour, probes.calls, probes.checks);
    const passed = split ? split.checks.filter(Boolean).length : 0;
    // Without behaviour a candidate is a group of its own copies.
    const key = split ? (mode.visibleFilter ? `o:${split.outputs}` : `t:${split.checks.map((x) => (x ? 1 : 0)).join('')}`) : `c:${c.id}`;
    return { c, key, passed };
  });
  const votes = new Map<string, number>();
  for (const k of keyed) votes.set(k.key, (votes.get(k.key) ?? 0) + k.c.votes);
  const scores = keyed.map((k) => {
    const clusterVotes = votes.get(k.key) ?? k.c.votes;
    const score = mode.visibleFilter ? clusterVotes * (1 + k.passed) : clusterVotes * k.passed;
    return { id: k.c.id, clusterVotes, testsPassed: k.passed, score, votes: k.c.votes };
  });
  scores.sort((a, b) => b.score - a.score || b.clusterVotes - a.clusterVotes || b.votes - a.votes || a.id - b.id);
  return scores.map(({ id, clusterVotes, testsPassed, score }) => ({ id, clusterVotes, testsPassed, score }));
}
