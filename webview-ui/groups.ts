import type { CandidateView, RunView } from '../src/protocol';

/**
 * Candidates as a reviewer reads them: one group per behaviour the ranking found (the host
 * sends each candidate's group number; the webview never recomputes agreement), best group
 * first, then what is still being sampled or tested, then what has no place in the ranking.
 */
export interface CandidateGroup {
  /** Stable within a run: `g<number>`, `running` or `unranked`. */
  key: string;
  /** `unranked`: rejected, truncated, cancelled, or tested but not ranked yet. */
  kind: 'behaviour' | 'running' | 'unranked';
  /** The ranking's group number (behaviour groups only). */
  group?: number;
  /** The best-ranked member (the pick when the group holds it); first of `members`. */
  representative: CandidateView;
  /** Every candidate of the group, duplicates included: the representative first, then by rank. */
  members: CandidateView[];
}

const RUNNING = new Set<CandidateView['state']>(['sampling', 'queued', 'verifying']);

function groupNumber(c: CandidateView): number | undefined {
  // A host without group numbers still ranks: each candidate is then its own group.
  return c.score ? (c.score.group ?? c.score.rank) : undefined;
}

function byRank(a: CandidateView, b: CandidateView): number {
  const ra = a.score?.rank ?? Number.MAX_SAFE_INTEGER;
  const rb = b.score?.rank ?? Number.MAX_SAFE_INTEGER;
  return ra - rb || a.id - b.id;
}

/** Groups a run's candidates; see {@link CandidateGroup}. */
export function candidateGroups(run: RunView): CandidateGroup[] {
  const byId = new Map(run.candidates.map((c) => [c.id, c]));
  const behaviour = new Map<number, CandidateView[]>();
  const running: CandidateView[] = [];
  const unranked: CandidateView[] = [];
  for (const c of run.candidates) {
    if (RUNNING.has(c.state)) {
      running.push(c);
      continue;
    }
    // A duplicate was tested once, as its original: it belongs to the original's group.
    const original = c.duplicateOf !== undefined ? byId.get(c.duplicateOf) : undefined;
    const number = groupNumber(original ?? c);
    if (number === undefined) unranked.push(c);
    else behaviour.set(number, [...(behaviour.get(number) ?? []), c]);
  }
  const groups: CandidateGroup[] = [...behaviour.entries()]
    .sort(([a], [b]) => a - b)
    .map(([number, members]) => {
      const ranked = members.filter((c) => c.duplicateOf === undefined).sort(byRank);
      const pick = ranked.find((c) => c.id === run.choice?.candidateId);
      const head = pick ?? ranked[0] ?? members[0];
      const rest = [...ranked.filter((c) => c !== head), ...members.filter((c) => c.duplicateOf !== undefined)];
      return { key: `g${number}`, kind: 'behaviour', group: number, representative: head, members: [head, ...rest] };
    });
  if (running.length > 0) groups.push({ key: 'running', kind: 'running', representative: running[0], members: running });
  if (unranked.length > 0) groups.push({ key: 'unranked', kind: 'unranked', representative: unranked[0], members: unranked });
  return groups;
}

/** Where a group with a verdict stands: all its distinct members behave alike, so the representative's verdict is the group's. */
export function groupVerdict(group: CandidateGroup): 'passed' | 'failed' | 'other' {
  const state = group.representative.state;
  if (state === 'passed') return 'passed';
  if (state === 'failed' || state === 'timeout' || state === 'error' || state === 'tampered') return 'failed';
  return 'other';
}
