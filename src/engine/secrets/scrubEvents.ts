import type { Candidate, CandidateScore, SolveEvent, SolveResult } from '../events';
import type { ScrubOptions } from './scrubOutput';
import { scrubForLog } from './scrubOutput';
import { scrubVerification } from './scrubVerification';

function scrubScore(score: CandidateScore, options: ScrubOptions): CandidateScore {
  return { ...score, explanation: scrubForLog(score.explanation, options) };
}

/** A candidate fit to show: its test output, messages, reasons and score explanation scrubbed. */
export function scrubCandidate(c: Candidate, options: ScrubOptions = {}): Candidate {
  return {
    ...c,
    ...(c.verification ? { verification: scrubVerification(c.verification, options) } : {}),
    ...(c.score ? { score: scrubScore(c.score, options) } : {}),
    ...(c.rejection !== undefined ? { rejection: scrubForLog(c.rejection, options) } : {}),
  };
}

/**
 * A result fit to show or print: every text that can carry what a candidate printed (test
 * output and messages, reasons built from them, the baseline's explanation) scrubbed.
 */
export function scrubSolveResult(result: SolveResult, options: ScrubOptions = {}): SolveResult {
  const text = (s: string): string => scrubForLog(s, options);
  return {
    ...result,
    candidates: result.candidates.map((c) => scrubCandidate(c, options)),
    choice: result.choice ? { ...result.choice, reason: text(result.choice.reason) } : null,
    abstention: result.abstention ? { ...result.abstention, reason: text(result.abstention.reason) } : null,
    ...(result.baseline ? { baseline: { ...result.baseline, explanation: text(result.baseline.explanation) } } : {}),
  };
}

/** An engine event fit to leave the host (panel, CLI): see {@link scrubSolveResult}. */
export function scrubSolveEvent(event: SolveEvent, options: ScrubOptions = {}): SolveEvent {
  switch (event.type) {
    case 'candidate/updated':
      return { ...event, candidate: scrubCandidate(event.candidate, options) };
    case 'ranking/updated':
      return { ...event, scores: Object.fromEntries(Object.entries(event.scores).map(([id, s]) => [id, scrubScore(s, options)])) };
    case 'run/baseline':
      return { ...event, baseline: { ...event.baseline, explanation: scrubForLog(event.baseline.explanation, options) } };
    case 'run/finished':
      return { ...event, result: scrubSolveResult(event.result, options) };
    case 'run/error':
      return { ...event, message: scrubForLog(event.message, options) };
    default:
      return event;
  }
}
