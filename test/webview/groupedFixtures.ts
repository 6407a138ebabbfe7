import type { CandidateView, RunView } from '../../src/protocol';
import { candidate, finished, run } from './fixtures';

/**
 * A finished run of `n` candidates split into behaviour groups, as the host sends it: each
 * candidate carries its group number and rank from the ranking, and a few are duplicates,
 * rejected or truncated. Group sizes follow a long tail (a big agreeing group first, then
 * smaller ones), the shape real runs at large N have.
 */
export function groupedRun(n: number): RunView {
  const rejected = Math.max(1, Math.round(n * 0.05));
  const ranked = n - rejected;
  // Share of the ranked candidates per group, best group first; what is left forms singletons.
  const shares = [0.45, 0.2, 0.12, 0.08, 0.05];
  const sizes = shares.map((s) => Math.max(1, Math.round(ranked * s)));
  let left = ranked - sizes.reduce((a, b) => a + b, 0);
  while (left-- > 0) sizes.push(1);
  // Group 1 and 3 pass both visible tests; group 3 shells out (a risk sign); the rest fail one or both.
  const passing = (g: number): number => (g === 1 || g === 3 ? 2 : g % 2 === 0 ? 1 : 0);
  const candidates: CandidateView[] = [];
  const ranking: number[] = [];
  let id = 0;
  let rank = 0;
  sizes.forEach((size, index) => {
    const group = index + 1;
    const members: CandidateView[] = [];
    for (let k = 0; k < size; k++) {
      id++;
      // Every fourth member of a group repeats its first member's code: a duplicate, counted as a vote.
      if (k > 0 && k % 4 === 0) {
        members.push(candidate(id, { state: 'duplicate', duplicateOf: members[0].id, wave: 1 + (id % 3), usage: { prompt: 182, completion: 70, reasoning: 40, estimated: false } }));
        continue;
      }
      rank++;
      const c = finished(id, group % 16, passing(group), {
        wave: 1 + (id % 3),
        score: {
          testsPassed: passing(group),
          testsTotal: 2,
          agreement: size,
          tokens: -(60 + id),
          rank,
          group,
          groupSize: size - Math.floor((size - 1) / 4),
          explanation: `passed ${passing(group)}/2 tests; ${size - 1} other samples behaved the same`,
        },
        ...(group === 3 ? { riskSigns: [{ source: 'static' as const, kind: 'subprocess' as const, label: 'subprocess', detail: 'subprocess.run() at line 4 of the candidate' }] } : {}),
      });
      members.push(c);
      ranking.push(c.id);
    }
    candidates.push(...members);
  });
  for (let k = 0; k < rejected; k++) {
    id++;
    candidates.push(candidate(id, { state: k % 2 ? 'truncated' : 'rejected', content: 'def has_close_elements(', rejection: k % 2 ? 'the reply hit max_tokens' : 'no code block in the reply' }));
  }
  const passingCount = candidates.filter((c) => c.state === 'passed').length;
  return run({
    status: 'finished',
    n,
    candidates,
    ranking,
    choice: { candidateId: 1, reason: `Passes every test and ${sizes[0]} samples behave the same, the largest agreeing group. Ranked #1 of ${ranking.length}.` },
    stoppedBy: 'completed',
    totals: { samples: n, promptTokens: 182 * n, completionTokens: 70 * n, reasoningTokens: 40 * n, costUsd: 0.0004 * n, wallMs: 400 * n, verified: passingCount, duplicates: candidates.filter((c) => c.state === 'duplicate').length, cacheHits: 0 },
    progress: [{ samples: n, verified: passingCount }],
    verifierStrength: { level: 'weak', testsCount: 2, candidatesPassing: passingCount, candidatesVerified: ranking.length, passingClusters: 2, note: 'Only 2 local tests: a wrong function can pass them.' },
  });
}
