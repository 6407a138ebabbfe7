/** When adaptive sampling stops: enough samples agree on one verified behaviour. */
export interface StopRule {
  /** Stop once the best agreeing group of visible-passing candidates has this many samples. */
  agreeing: number;
}

/** The shipped default, the best measured in `npm run bench` (bench/report.md). */
export const DEFAULT_STOP_RULE: StopRule = { agreeing: 2 };

/** Samples per wave; the run never draws more than its cap N. The first wave is cheap on purpose. */
export const WAVE_SIZES: readonly number[] = [5, 5, 10, 10, 20, 25, 25, 100];

/** What the run has seen after a wave. */
export interface WaveState {
  drawn: number;
  cap: number;
  /** Samples in the largest group of visible-passing candidates that behave identically. */
  topClusterVotes: number;
  /** Samples that passed the visible tests so far. */
  visiblePassing: number;
}

/**
 * After each wave ("Scaling LLM Test-Time Compute Optimally": spend where the first samples
 * failed): `stop` when enough verified samples agree or the cap is reached; `escalate` (raise
 * the reasoning setting for the next wave, CoT-Valve) when nothing has passed the visible
 * tests yet; otherwise `continue` at the same setting.
 */
export function decideWave(state: WaveState, rule: StopRule): 'stop' | 'continue' | 'escalate' {
  if (state.drawn >= state.cap) return 'stop';
  if (state.topClusterVotes >= rule.agreeing) return 'stop';
  if (state.visiblePassing === 0) return 'escalate';
  return 'continue';
}

/** What the run does after a wave when repair is available. */
export type WaveDecision = ReturnType<typeof decideWave> | 'repair';

/** The wave state plus what a repair round needs to know. */
export interface RoundState extends WaveState {
  /** Repair rounds are switched on for this run. */
  repairOn: boolean;
  /** A failing candidate that passes some tests and has not been repaired yet exists. */
  repairable: boolean;
  /** The previous decision was a repair: the next one draws samples, so repairs never chain alone. */
  justRepaired: boolean;
}

/**
 * {@link decideWave}, with a repair round (Self-Refine) in place of escalation when nothing
 * passes the visible tests yet but a candidate comes close: fixing a near miss with its test
 * output is one request, where a new wave is several.
 */
export function decideRound(state: RoundState, rule: StopRule): WaveDecision {
  const decision = decideWave(state, rule);
  if (decision === 'escalate' && state.repairOn && state.repairable && !state.justRepaired) return 'repair';
  return decision;
}
