import type { ProviderProfile, ReasoningControls } from '../engine/model/types';
import type { SolveOptions } from '../engine/options';
import { wavePlan } from '../engine/run/wavePlan';
import type { BestOfNSettings } from './settings';

/**
 * The sampling-in-waves part of the engine options. `adaptive` draws growing waves (or fixed
 * waves of `waveSize`) and stops once enough verified candidates agree; repair and the
 * escalation ladder need waves (both act after a wave), so `all` leaves them out.
 */
export function wavesOptions(settings: BestOfNSettings, chosen: ReasoningControls, profile: ProviderProfile): Pick<SolveOptions, 'waves' | 'reasoningLadder'> {
  const { sampling } = settings;
  if (sampling.waves === 'all') return {};
  const size = sampling.waveSize > 0 ? sampling.waveSize : undefined;
  return wavePlan({ size, repair: sampling.repair, escalate: settings.reasoning.escalate }, profile, chosen);
}
