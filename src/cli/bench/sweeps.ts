import { DEFAULT_STOP_RULE } from '../../engine/agreement/wavePolicy';
import { selectionPick } from './shippedPicks';
import type { AdaptiveRun, TaskRun } from './strategies';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Strict at other settings, on the largest N: how the shipped threshold was chosen. */
export function strictSweep(runs: TaskRun[]): string {
  const tasks = Math.max(1, runs.length);
  const strict = [2, 3, 4, 5, 6, 8, 10, 12, 15].map((k) => {
    const picks = runs.map((r) => selectionPick(r.samples, r.samples.length, r.shape ?? { calls: 0, checks: 0 }, 'strict', k).pick);
    const answered = picks.filter((p) => p !== null);
    const right = answered.filter((p) => p?.hiddenPassed).length;
    return `≥${k}: precision ${pct(right / Math.max(1, answered.length)).trim()}, answers ${pct(answered.length / tasks).trim()}`;
  });
  return `Strict sweep (abstain unless the pick's agreeing group has ≥ k samples), N = ${runs[0]?.n ?? 0}: ${strict.join('; ')}.`;
}

/** The live adaptive runs at other stop rules (`--adaptive-sweep`), with the shipped one beside them. */
export function adaptiveSweepNote(runs: TaskRun[]): string[] {
  const tasks = Math.max(1, runs.length);
  const byRule = new Map<number, AdaptiveRun[]>();
  for (const r of runs) for (const s of r.adaptiveSweep ?? []) byRule.set(s.agreeing, [...(byRule.get(s.agreeing) ?? []), s.run]);
  if (byRule.size === 0) return [];
  const shipped = runs.map((r) => r.adaptive).filter((a): a is AdaptiveRun => a !== undefined);
  byRule.set(DEFAULT_STOP_RULE.agreeing, shipped);
  const parts = [...byRule].sort((a, b) => a[0] - b[0]).map(([k, live]) => {
    const right = live.filter((a) => a.pick?.hiddenPassed).length;
    const samples = live.reduce((t, a) => t + a.samples, 0);
    const tokens = live.reduce((t, a) => t + a.tokens, 0);
    return `stop at ${k}${k === DEFAULT_STOP_RULE.agreeing ? ' (shipped)' : ''}: accuracy ${pct(right / tasks).trim()}, ${(samples / tasks).toFixed(1)} samples and ${Math.round(tokens / tasks)} tokens per task`;
  });
  return [`Adaptive sweep (live runs, one solve() per task and stop rule), cap N = ${runs[0]?.n ?? 0}: ${parts.join('; ')}.`];
}

/**
 * Why adaptive sampling cannot go much lower on these samples, from the fixed-N run's draw
 * order: the fewest samples a stopping rule that knew the hidden tests would need, and the
 * tasks that still have no sample passing the visible tests after `early` draws (a real rule
 * must either pay the cap on all of them or give up on the ones a later sample would solve).
 */
export function adaptiveFloorNote(runs: TaskRun[], early = 25): string {
  const tasks = Math.max(1, runs.length);
  let clairvoyant = 0;
  let unresolved = 0;
  let solvedLater = 0;
  for (const r of runs) {
    const shape = r.shape ?? { calls: 0, checks: 0 };
    let needed = 1;
    for (let k = 1; k <= r.samples.length; k++) {
      if (selectionPick(r.samples, k, shape, 'abstain').pick?.hiddenPassed) {
        needed = k;
        break;
      }
    }
    clairvoyant += needed;
    if (!r.samples.slice(0, early).some((s) => s.visiblePassed)) {
      unresolved++;
      if (r.ranked?.hiddenPassed) solvedLater++;
    }
  }
  return (
    `Adaptive floor, N = ${runs[0]?.n ?? 0}: a stopping rule that knew the hidden tests would need ${(clairvoyant / tasks).toFixed(1)} samples per task on this draw order. ` +
    `After ${early} draws, ${unresolved} tasks still have no sample passing the visible tests; the fixed-N pick solves ${solvedLater} of them with later samples, the rest never pass. ` +
    `Running all ${unresolved} to the cap costs ${((unresolved * (runs[0]?.n ?? 0)) / tasks).toFixed(1)} samples per task on its own; stopping them at ${early} loses up to ${solvedLater} tasks (${pct(solvedLater / tasks).trim()}).`
  );
}
