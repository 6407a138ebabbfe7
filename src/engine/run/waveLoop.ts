import { decideRound, WAVE_SIZES, type StopRule, type WaveDecision } from '../agreement/wavePolicy';
import type { Candidate } from '../events';
import { agreeingToStop, type SolveOptions } from '../options';
import { agreeingVotes } from './candidates';

/** What the wave loop needs from a run: drawing samples and repairing, each awaited until verified. */
export interface WaveHost {
  drawn(): number;
  stopped(): boolean;
  candidates(): readonly Candidate[];
  /**
   * Draws `size` samples for wave `wave` at escalation step `step` (each model's reasoning
   * ladder, clamped to its top) and resolves once their tests have run.
   */
  drawWave(size: number, wave: number, step: number): Promise<void>;
  /** Asks the model that wrote `target` to revise it (one sample) and resolves once the revision was tested. */
  repair(target: Candidate, wave: number, step: number): Promise<void>;
}

/** How a run samples in waves: the wave sizes, repair on or off, and the cap N. */
export interface WaveSettings {
  /** Size of wave k is `sizes[k - 1]`; the last size repeats. */
  sizes: readonly number[];
  repair: boolean;
  cap: number;
  rule: StopRule;
  /** The run's generated-test probes: agreement is counted in the ranking's groups. */
  probes?: SolveOptions['agreementProbes'];
}

/**
 * A failing candidate worth a repair round: it was tested to a verdict, passes at least one
 * test (a near miss, not a broken file) and was not repaired before. Best ranked first.
 */
export function repairTarget(candidates: readonly Candidate[], repaired: ReadonlySet<number>): Candidate | undefined {
  const near = candidates.filter(
    (c) => c.duplicateOf === undefined && c.code !== undefined && !repaired.has(c.id) && c.verification?.status === 'failed' && c.verification.tests.some((t) => t.status === 'passed'),
  );
  const rank = (c: Candidate): number => c.score?.rank ?? Number.MAX_SAFE_INTEGER;
  return near.sort((a, b) => rank(a) - rank(b) || a.id - b.id)[0];
}

/**
 * Sampling in waves: each wave is drawn and tested before the wave policy decides what
 * comes next. `escalate` moves later waves one ladder step up; `repair` spends one sample on
 * revising the best near miss instead of a new wave. Stops at the cap, on the policy's
 * `stop`, or when the run stops (budget, agreement, cancel).
 */
export async function runWaves(host: WaveHost, settings: WaveSettings): Promise<void> {
  const repaired = new Set<number>();
  let step = 0;
  let wave = 0;
  let decision: WaveDecision = 'continue';
  while (!host.stopped() && host.drawn() < settings.cap) {
    const target = decision === 'repair' ? repairTarget(host.candidates(), repaired) : undefined;
    if (target) {
      repaired.add(target.id);
      await host.repair(target, wave, step);
    } else {
      wave++;
      const size = settings.sizes[Math.min(wave, settings.sizes.length) - 1] ?? 1;
      await host.drawWave(Math.min(size, settings.cap - host.drawn()), wave, step);
    }
    const candidates = host.candidates();
    const { top, passing } = agreeingVotes(candidates, settings.probes);
    decision = decideRound(
      {
        drawn: host.drawn(),
        cap: settings.cap,
        topClusterVotes: top,
        visiblePassing: passing,
        repairOn: settings.repair,
        repairable: repairTarget(candidates, repaired) !== undefined,
        justRepaired: target !== undefined,
      },
      settings.rule,
    );
    if (decision === 'stop') return;
    if (decision === 'escalate') step++;
  }
}

/**
 * Wave settings from the run's options: the cap is N, the stop rule is early stop's agreeing
 * count, and without a fixed size the waves grow by {@link WAVE_SIZES} (small first: most
 * tasks are settled by the first samples, so only the hard ones pay for the large waves).
 */
export function waveSettingsFor(options: SolveOptions, waves: NonNullable<SolveOptions['waves']>): WaveSettings {
  const agreeing = agreeingToStop(options) || Number.POSITIVE_INFINITY;
  return { sizes: waves.size !== undefined ? [waves.size] : WAVE_SIZES, repair: waves.repair ?? false, cap: options.sampling.n, rule: { agreeing }, probes: options.agreementProbes };
}
