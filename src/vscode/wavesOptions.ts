import { reasoningLadder } from '../engine/model/reasoningLadder';
import type { ProviderProfile, ReasoningControls } from '../engine/model/types';
import type { SolveOptions } from '../engine/options';
import type { BestOfNSettings } from './settings';

/**
 * The reasoning steps escalation would climb for these settings, cheapest first, the chosen
 * setting last (the ceiling). One step means there is nothing to climb: escalation is off,
 * the provider takes no reasoning control, or no effort was chosen on an effort-only server.
 */
export function escalationSteps(settings: BestOfNSettings, chosen: ReasoningControls, profile: ProviderProfile): ReasoningControls[] {
  if (!settings.reasoning.escalate) return [chosen];
  return reasoningLadder(profile, chosen);
}

/**
 * The sampling-in-waves part of the engine options. `adaptive` draws growing waves (or fixed
 * waves of `waveSize`) and stops once enough verified candidates agree; repair and the
 * escalation ladder need waves (both act after a wave), so `all` leaves them out. The ladder
 * is passed only when it has somewhere to climb.
 */
export function wavesOptions(settings: BestOfNSettings, chosen: ReasoningControls, profile: ProviderProfile): Pick<SolveOptions, 'waves' | 'reasoningLadder'> {
  const { sampling } = settings;
  if (sampling.waves === 'all') return {};
  const ladder = escalationSteps(settings, chosen, profile);
  return {
    waves: { ...(sampling.waveSize > 0 ? { size: sampling.waveSize } : {}), repair: sampling.repair },
    ...(ladder.length > 1 ? { reasoningLadder: ladder } : {}),
  };
}
