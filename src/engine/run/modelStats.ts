import type { Candidate, ModelStats } from '../events';
import { passesAll } from '../select/choose';
import type { ModelPool } from './modelPool';

/**
 * What each model of a mixed pool contributed: samples, verdicts, tokens, cost, time, and
 * whether the pick (`pickId`) and its agreeing group came from it. Duplicates count as
 * samples of the model that drew them, and as members of their original's group.
 */
export function modelStatsOf(pool: ModelPool, candidates: readonly Candidate[], pickId: number | undefined): ModelStats[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const pick = pickId === undefined ? undefined : byId.get(pickId);
  const pickGroup = pick?.score?.group;
  return pool.entries.map((entry): ModelStats => {
    const own = candidates.filter((c) => c.model === entry.label);
    const distinct = own.filter((c) => c.duplicateOf === undefined);
    const sum = (f: (c: Candidate) => number): number => own.reduce((n, c) => n + f(c), 0);
    const inPickGroup = own.filter((c) => {
      const original = c.duplicateOf === undefined ? c : byId.get(c.duplicateOf);
      return pickGroup !== undefined && original !== undefined && passesAll(original) && original.score?.group === pickGroup;
    }).length;
    return {
      model: entry.label,
      provider: entry.member.model.profile.label,
      share: entry.member.share,
      samples: own.filter((c) => c.finishReason !== undefined).length,
      tested: distinct.filter((c) => c.verification && c.verification.status !== 'cancelled').length,
      passing: distinct.filter((c) => c.verification?.status === 'passed').length,
      inPickGroup,
      promptTokens: sum((c) => c.usage.prompt),
      completionTokens: sum((c) => c.usage.completion),
      reasoningTokens: sum((c) => c.usage.reasoning),
      costUsd: sum((c) => c.costUsd),
      latencyMs: sum((c) => c.latencyMs ?? 0),
      picked: pick !== undefined && pick.model === entry.label,
    };
  });
}
