import { DEFAULT_STOP_RULE } from '../../engine/agreement/wavePolicy';
import type { SolveResult } from '../../engine/events';
import { reasoningLadder } from '../../engine/model/reasoningLadder';
import type { ProviderProfile } from '../../engine/model/types';
import type { SolveOptions } from '../../engine/options';
import { reasoningLabel } from '../reasoningLabel';
import { scoreRun } from './scoreRun';
import type { AdaptiveRun } from './strategies';

/**
 * The live adaptive run's options: the fixed-N runs' own settings, but sampling in the
 * engine's growing waves up to `cap`, stopping once `agreeing` samples agree (the wave
 * policy's default unless a sweep asks for another), and climbing the profile's reasoning
 * ladder after every wave in which nothing passed the visible tests.
 */
export function adaptiveOptions(fixed: SolveOptions, cap: number, profile: ProviderProfile, agreeing = DEFAULT_STOP_RULE.agreeing): SolveOptions {
  return {
    ...fixed,
    sampling: { ...fixed.sampling, n: cap },
    waves: {},
    earlyStopAgreeing: agreeing,
    reasoningLadder: reasoningLadder(profile, fixed.reasoning),
  };
}

/**
 * What the live adaptive run did and picked: the engine's own choice scored on the hidden
 * tests, and the samples, tokens, waves and reasoning settings it actually spent.
 */
export function adaptiveRun(taskId: string, result: SolveResult, hiddenPass: Map<string, boolean>): AdaptiveRun {
  const scored = scoreRun(taskId, result.candidates.length, result, hiddenPass);
  // Only answers that came back count: a request cut short by a budget or cancel drew nothing.
  const answered = result.candidates.filter((c) => c.finishReason !== undefined);
  const reasoning: Record<string, number> = {};
  for (const c of answered) {
    const label = reasoningLabel(c.reasoning);
    reasoning[label] = (reasoning[label] ?? 0) + 1;
  }
  return {
    pick: scored.ranked,
    samples: result.totals.samples,
    tokens: result.totals.promptTokens + result.totals.completionTokens,
    waves: Math.max(0, ...result.candidates.map((c) => c.wave)),
    reasoning,
    stoppedBy: result.stoppedBy,
    verifyMs: scored.verifyMs,
    distinct: scored.distinct,
    duplicates: scored.duplicates,
    cacheHits: scored.cacheHits,
  };
}
