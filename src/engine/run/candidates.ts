import type { Candidate, CandidateState, RunTotals } from '../events';
import { passesAll } from '../select/choose';
import { agreementGroup, type ProbeCounts } from '../select/agreementKey';
import type { CompletionChoice, ReasoningControls } from '../model/types';
import type { VerifierResult } from '../verify/types';

/** A fresh candidate about to be sampled. */
export function newCandidate(id: number, wave: number, reasoning: ReasoningControls, cheatsheetItemIds: string[]): Candidate {
  return {
    id,
    state: 'sampling',
    wave,
    reasoning: { ...reasoning },
    rawContent: '',
    reasoningText: '',
    votes: 1,
    usage: { prompt: 0, completion: 0, reasoning: 0, estimated: false },
    costUsd: 0,
    cheatsheetItemIds: [...cheatsheetItemIds],
  };
}

/** Copies what the model returned into the candidate. */
export function recordChoice(c: Candidate, choice: CompletionChoice, costUsd: number): void {
  c.rawContent = choice.content;
  c.reasoningText = choice.reasoning;
  c.usage = { ...choice.usage };
  c.finishReason = choice.finishReason;
  c.latencyMs = choice.latencyMs;
  c.applied = choice.applied;
  c.costUsd = costUsd;
}

/** The candidate state a verdict puts it in. */
export function stateOf(result: VerifierResult): CandidateState {
  return result.status;
}

/** States that are final: nothing more will happen to the candidate. */
export function isSettled(state: CandidateState): boolean {
  return !['sampling', 'queued', 'verifying'].includes(state);
}

/** Why a candidate whose reasoning ate the whole token cap has no code. */
export const TRUNCATED_MESSAGE = 'the reasoning budget used every token before an answer; raise max tokens or lower effort';

/** Totals of a run over its candidates. */
export function totalsOf(candidates: Candidate[], wallMs: number, cacheHits: number): RunTotals {
  const sum = (f: (c: Candidate) => number): number => candidates.reduce((n, c) => n + f(c), 0);
  return {
    samples: candidates.filter((c) => c.finishReason !== undefined).length,
    promptTokens: sum((c) => c.usage.prompt),
    completionTokens: sum((c) => c.usage.completion),
    reasoningTokens: sum((c) => c.usage.reasoning),
    costUsd: sum((c) => c.costUsd),
    wallMs,
    verified: candidates.filter((c) => c.verification && c.verification.status !== 'cancelled').length,
    passing: candidates.filter((c) => c.duplicateOf === undefined && c.verification?.status === 'passed').length,
    duplicates: candidates.filter((c) => c.duplicateOf !== undefined).length,
    cacheHits,
  };
}

/**
 * Samples (duplicates included) that pass every test: in total, and in the largest group
 * that behaves identically — what early stop and the wave policy count. Groups are ranking's
 * ({@link agreementGroup}): pass the run's `agreementProbes` so that, with generated tests,
 * early stop counts the same dual-agreement groups the ranking does.
 */
export function agreeingVotes(candidates: readonly Candidate[], probes?: ProbeCounts): { top: number; passing: number } {
  const votes = new Map<string, number>();
  let passing = 0;
  for (const c of candidates) {
    if (c.duplicateOf !== undefined || !passesAll(c) || !c.verification) continue;
    const key = agreementGroup(c.verification, probes).key;
    votes.set(key, (votes.get(key) ?? 0) + c.votes);
    passing += c.votes;
  }
  return { top: Math.max(0, ...votes.values()), passing };
}

/**
 * CoT escalation while streaming: the ladder step for a new wave is one up for every earlier
 * wave that finished verifying without a candidate that passes every test.
 */
export function streamingEscalationStep(candidates: readonly Candidate[], wave: number): number {
  const original = (c: Candidate): Candidate => (c.duplicateOf !== undefined ? (candidates.find((o) => o.id === c.duplicateOf) ?? c) : c);
  let failedWaves = 0;
  for (let w = 1; w < wave; w++) {
    const drawn = candidates.filter((c) => c.wave === w);
    if (drawn.length && drawn.every((c) => isSettled(c.state)) && !drawn.some((c) => passesAll(original(c)))) failedWaves++;
  }
  return failedWaves;
}
