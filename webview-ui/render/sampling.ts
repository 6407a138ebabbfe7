import type { CandidateView, RunView, SamplingPlanView, StopReasonView } from '../../src/protocol';
import { formatCount, reasoningKey, reasoningShort, stopReasonLabel } from '../format';

/** What a run's sampling did so far: waves drawn, reasoning steps used in order, repairs. */
export interface SamplingStats {
  /** Highest wave number among its candidates (0 before the first). */
  waves: number;
  /** Distinct reasoning settings its candidates were drawn with, in the order first used. */
  steps: CandidateView['reasoning'][];
  /** Candidates that revise a failing one. */
  repairs: number;
}

export function samplingStats(run: RunView): SamplingStats {
  const seen = new Set<string>();
  const steps: CandidateView['reasoning'][] = [];
  let waves = 0;
  let repairs = 0;
  for (const c of run.candidates) {
    waves = Math.max(waves, c.wave);
    if (c.origin === 'repair') repairs++;
    const key = reasoningKey(c.reasoning);
    if (!seen.has(key)) {
      seen.add(key);
      steps.push(c.reasoning);
    }
  }
  return { waves, steps, repairs };
}

/** A value-comparable key of the stats, so the totals re-render only when they change. */
export function samplingStatsKey(run: RunView | null | undefined): string {
  return run ? JSON.stringify(samplingStats(run)) : '';
}

/** How the run samples, in one line: `adaptive waves (growing) · repair on · escalation fast mode → effort low`. */
export function planLabel(plan: SamplingPlanView, n: number): string {
  if (plan.mode === 'all') return `all ${n} at once`;
  const parts = [`adaptive waves (${plan.waveSize !== undefined ? `${plan.waveSize} each` : 'growing: 5, 5, 10, …'}) up to ${n}`];
  parts.push(`repair ${plan.repair ? 'on' : 'off'}`);
  parts.push(plan.ladder.length > 1 ? `escalation ${plan.ladder.map(reasoningShort).join(' → ')}` : 'no escalation');
  return parts.join(' · ');
}

/** What ended sampling; after an agreement stop, how early: `stopped early after 5 of 8 samples: …`. */
export function endedByLabel(run: RunView, stoppedBy: StopReasonView): string {
  if (stoppedBy !== 'early-stop') return stopReasonLabel(stoppedBy);
  return `stopped early after ${formatCount(run.totals.samples)} of ${formatCount(run.n)} samples: verified candidates agreed`;
}

/** Rows for the run summary: waves drawn, escalations and repairs, where the plan has them. */
export function samplingRows(run: RunView): { label: string; value: string; role: string }[] {
  const stats = samplingStats(run);
  const rows: { label: string; value: string; role: string }[] = [];
  if (run.plan.mode === 'adaptive') rows.push({ label: 'Waves', value: `${formatCount(stats.waves)} drawn`, role: 'waves' });
  if (run.plan.ladder.length > 1 || stats.steps.length > 1) {
    const escalations = Math.max(0, stats.steps.length - 1);
    const ceiling = run.plan.ladder[run.plan.ladder.length - 1];
    const used = stats.steps.length > 0 ? `: ${stats.steps.map(reasoningShort).join(' → ')}` : '';
    const top = ceiling && run.plan.ladder.length > 1 ? ` (ceiling ${reasoningShort(ceiling)})` : '';
    rows.push({ label: 'Escalations', value: `${escalations}${used}${top}`, role: 'escalations' });
  }
  if (run.plan.repair || stats.repairs > 0) rows.push({ label: 'Repairs', value: formatCount(stats.repairs), role: 'repairs' });
  return rows;
}
