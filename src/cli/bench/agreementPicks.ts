import { dualAgreement, type AgreementInput } from '../../engine/agreement/dualAgreement';
import { decideWave, WAVE_SIZES, type StopRule } from '../../engine/agreement/wavePolicy';
import type { SampleOutcome } from './strategies';

/** Calls and checks among a task's probes, in the order the verifier answered them. */
export interface ProbeShape {
  calls: number;
  checks: number;
}

/** A pick with what it cost: samples drawn before the strategy stopped. */
export interface Pick {
  pick: SampleOutcome | null;
  samples: number;
  /** Samples in the pick's agreeing group (0 on abstention). */
  clusterVotes: number;
  /** Samples that passed the visible tests. */
  visiblePassing: number;
}

/** Distinct candidates of the first `count` samples, with their votes. */
function candidatesOf(samples: readonly SampleOutcome[], count: number): { inputs: AgreementInput[]; byId: SampleOutcome[] } {
  const ids = new Map<string, number>();
  const inputs: AgreementInput[] = [];
  const byId: SampleOutcome[] = [];
  for (const s of samples.slice(0, count)) {
    if (!s.hash) continue;
    const id = ids.get(s.hash);
    if (id !== undefined) {
      inputs[id].votes++;
      continue;
    }
    ids.set(s.hash, inputs.length);
    inputs.push({ id: inputs.length, votes: 1, visiblePassed: s.visiblePassed, behaviour: s.behaviour });
    byId.push(s);
  }
  return { inputs, byId };
}

/** CodeT (no visible tests) or the product's visible filter + dual agreement, on the first `count` samples. */
export function agreementPick(samples: readonly SampleOutcome[], count: number, shape: ProbeShape, visibleFilter: boolean): Pick {
  const { inputs, byId } = candidatesOf(samples, count);
  const ranked = dualAgreement(inputs, shape, { visibleFilter });
  const visiblePassing = samples.slice(0, count).filter((s) => s.visiblePassed).length;
  const top = ranked[0];
  return { pick: top ? byId[top.id] : null, samples: Math.min(count, samples.length), clusterVotes: top?.clusterVotes ?? 0, visiblePassing };
}

/** The strict policy: the visible-agreement pick only when its agreeing group is large enough. */
export function strictPick(samples: readonly SampleOutcome[], count: number, shape: ProbeShape, minVotes: number): Pick {
  const p = agreementPick(samples, count, shape, true);
  return p.clusterVotes >= minVotes ? p : { ...p, pick: null };
}

/**
 * Adaptive sampling replayed on the recorded order: waves of {@link WAVE_SIZES} up to the cap,
 * deciding after each wave with the engine's own {@link decideWave}. The replay server answers
 * every reasoning setting with the same recorded samples, so escalation changes the setting
 * recorded, not the samples.
 */
export function adaptivePick(samples: readonly SampleOutcome[], cap: number, shape: ProbeShape, rule: StopRule): Pick & { escalations: number } {
  let drawn = 0;
  let escalations = 0;
  for (const size of WAVE_SIZES) {
    drawn = Math.min(cap, drawn + size);
    const p = agreementPick(samples, drawn, shape, true);
    const decision = decideWave({ drawn, cap, topClusterVotes: p.clusterVotes, visiblePassing: p.visiblePassing }, rule);
    if (decision === 'escalate') escalations++;
    if (decision === 'stop' || drawn >= cap) return { ...p, escalations };
  }
  return { ...agreementPick(samples, cap, shape, true), escalations };
}
