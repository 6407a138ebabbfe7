import { reasoningLadder } from '../model/reasoningLadder';
import type { ProviderProfile, ReasoningControls } from '../model/types';
import type { SolveOptions } from '../options';

/** What a front end lets the user choose about waves: a fixed size (or the growing schedule), repair, escalation. */
export interface WaveChoice {
  /** Samples per wave; absent for the engine's growing schedule. */
  size?: number;
  repair: boolean;
  escalate: boolean;
}

/**
 * The waves part of the engine options for a choice, shared by the extension, the CLI and the
 * bench. The escalation ladder climbs from the profile's cheapest setting to `chosen` and is
 * passed only when it has a step to climb.
 */
export function wavePlan(choice: WaveChoice, profile: ProviderProfile, chosen: ReasoningControls): Pick<SolveOptions, 'waves' | 'reasoningLadder'> {
  const ladder = choice.escalate ? reasoningLadder(profile, chosen) : [];
  return {
    waves: { ...(choice.size !== undefined ? { size: choice.size } : {}), repair: choice.repair },
    ...(ladder.length > 1 ? { reasoningLadder: ladder } : {}),
  };
}
