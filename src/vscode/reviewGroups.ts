import type { CandidateView, RunView } from '../protocol';

/** Candidates that behaved alike, shown in review by their best-ranked member. */
export interface ReviewGroup {
  /** The group's best-ranked candidate: the one whose diff is shown and accepted. */
  representative: CandidateView;
  /** Every candidate id in the group, duplicates included, representative first. */
  members: number[];
}

/**
 * What the view says about a candidate's behaviour: its verdict, its per-test outcomes and
 * how many candidates agreed with it (the ranking's cluster size). The engine's cluster key
 * also holds outputs on generated tests, which the view does not carry; candidates alike here
 * and apart there have different agreement counts, so they still land in different groups.
 */
function behaviourOf(c: CandidateView): string {
  const v = c.verification;
  const tests = (v?.tests ?? []).map((t) => `${t.name}=${t.status}`).sort();
  return JSON.stringify([v?.status ?? c.state, v ? [v.passed, v.total] : null, tests, c.score?.agreement ?? c.votes]);
}

/**
 * The run's candidates with code in behaviour groups, best group first: ranking order when
 * the run is ranked, else sampling order. Duplicates join the group of what they duplicate.
 */
export function behaviourGroups(run: RunView): ReviewGroup[] {
  const byId = new Map(run.candidates.map((c) => [c.id, c]));
  const ordered = (run.ranking.length > 0 ? run.ranking.map((id) => byId.get(id)) : run.candidates.filter((c) => c.duplicateOf === undefined)).filter(
    (c): c is CandidateView => c !== undefined && c.code !== undefined,
  );
  const groups = new Map<string, ReviewGroup>();
  for (const candidate of ordered) {
    const key = behaviourOf(candidate);
    const group = groups.get(key);
    if (group) group.members.push(candidate.id);
    else groups.set(key, { representative: candidate, members: [candidate.id] });
  }
  for (const c of run.candidates) {
    if (c.duplicateOf === undefined) continue;
    const group = [...groups.values()].find((g) => g.members.includes(c.duplicateOf as number));
    group?.members.push(c.id);
  }
  return [...groups.values()];
}

/** A one-line description of a group for titles and pickers, e.g. `#10 · 5 alike · 2/2 tests`. */
export function groupLabel(group: ReviewGroup): string {
  const c = group.representative;
  const v = c.verification;
  const tests = v ? `${v.passed}/${v.total} tests` : c.state;
  return `#${c.id} · ${group.members.length} alike · ${tests}`;
}
