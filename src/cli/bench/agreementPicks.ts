import { dualAgreement, type AgreementInput } from '../../engine/agreement/dualAgreement';
import type { SampleOutcome } from './strategies';

/** Calls and checks among a task's probes, in the order the verifier answered them. */
export interface ProbeShape {
  calls: number;
  checks: number;
}

/** A strategy's pick and the samples it chose from. */
export interface Pick {
  pick: SampleOutcome | null;
  samples: number;
  /** Samples in the pick's agreeing group (0 on abstention). */
  clusterVotes: number;
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
  const top = ranked[0];
  return { pick: top ? byId[top.id] : null, samples: Math.min(count, samples.length), clusterVotes: top?.clusterVotes ?? 0 };
}

/** The strict policy: the visible-agreement pick only when its agreeing group is large enough. */
export function strictPick(samples: readonly SampleOutcome[], count: number, shape: ProbeShape, minVotes: number): Pick {
  const p = agreementPick(samples, count, shape, true);
  return p.clusterVotes >= minVotes ? p : { ...p, pick: null };
}
