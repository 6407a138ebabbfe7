import type { Candidate } from '../../engine/events';
import { DEFAULT_STRICT_MIN_AGREEING } from '../../engine/options';
import type { ProbeCounts } from '../../engine/select/agreementKey';
import { choose } from '../../engine/select/choose';
import { rankByGeneratedTests, rankCandidates } from '../../engine/select/rank';
import type { SampleOutcome } from './strategies';

/** A strategy's pick and the samples it chose from. */
export interface Pick {
  pick: SampleOutcome | null;
  samples: number;
  /** Samples in the pick's agreeing group (0 on abstention). */
  clusterVotes: number;
}

/**
 * The first `count` samples as the engine's candidates: one per distinct code, its copies as
 * votes, its verdict on the visible tests and its probe answers, so the shipped selection ranks
 * them exactly as it ranks a run's candidates. Rejected answers (no code) take no part.
 */
function candidatesOf(samples: readonly SampleOutcome[], count: number): { candidates: Candidate[]; byId: Map<number, SampleOutcome> } {
  const byHash = new Map<string, Candidate>();
  const byId = new Map<number, SampleOutcome>();
  for (const s of samples.slice(0, count)) {
    if (!s.hash) continue;
    const seen = byHash.get(s.hash);
    if (seen) {
      seen.votes++;
      continue;
    }
    const id = byHash.size + 1;
    const total = s.visibleTests?.total ?? 0;
    const passed = s.visibleTests?.passed ?? (s.visiblePassed ? total : 0);
    const candidate: Candidate = {
      id,
      state: s.visiblePassed ? 'passed' : 'failed',
      wave: 1,
      reasoning: {},
      rawContent: '',
      reasoningText: '',
      codeHash: s.hash,
      votes: 1,
      usage: { prompt: 0, completion: 0, reasoning: 0, estimated: true },
      costUsd: 0,
      cheatsheetItemIds: [],
      verification: {
        status: s.visiblePassed ? 'passed' : 'failed',
        tests: [],
        passed,
        failed: total - passed,
        total,
        reportFormat: 'warm-runner',
        exitCode: s.visiblePassed ? 0 : 1,
        durationMs: 0,
        output: '',
        outputTruncated: false,
        sandbox: 'none',
        ...(s.behaviour !== undefined ? { behaviour: s.behaviour } : {}),
      },
    };
    byHash.set(s.hash, candidate);
    byId.set(id, s);
  }
  return { candidates: [...byHash.values()], byId };
}

/** The engine's probes setting for a run: generated tests count only when some were kept, as in `solve()`. */
function probesOf(shape: ProbeCounts): ProbeCounts | undefined {
  return shape.checks > 0 ? shape : undefined;
}

/**
 * The shipped selection on the first `count` samples: `rankCandidates` then `choose` under
 * `policy` — the visible tests as the filter, dual agreement on the generated tests, and for
 * `strict` an agreeing group of at least `strictMin` samples. What the engine's `solve()` picks
 * without the reviewer's context (risk signs from the code, the file's signature and docstring).
 */
export function selectionPick(samples: readonly SampleOutcome[], count: number, shape: ProbeCounts, policy: 'abstain' | 'strict', strictMin = DEFAULT_STRICT_MIN_AGREEING): Pick {
  const { candidates, byId } = candidatesOf(samples, count);
  const { ranking, scores } = rankCandidates(candidates, probesOf(shape));
  for (const c of candidates) c.score = scores[c.id];
  const { choice } = choose(candidates, ranking, policy, 'completed', strictMin);
  const picked = choice ? candidates.find((c) => c.id === choice.candidateId) : undefined;
  return { pick: picked ? (byId.get(picked.id) ?? null) : null, samples: Math.min(count, samples.length), clusterVotes: picked?.score?.agreement ?? 0 };
}

/** CodeT's pick on the first `count` samples, ignoring the visible tests: the shipped `rankByGeneratedTests`. */
export function codetPick(samples: readonly SampleOutcome[], count: number, shape: ProbeCounts): Pick {
  const { candidates, byId } = candidatesOf(samples, count);
  const { ranking, agreement } = rankByGeneratedTests(candidates, shape);
  const top = ranking[0];
  return { pick: top !== undefined ? (byId.get(top) ?? null) : null, samples: Math.min(count, samples.length), clusterVotes: top !== undefined ? (agreement[top] ?? 0) : 0 };
}
