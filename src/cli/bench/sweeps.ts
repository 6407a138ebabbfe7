import { DEFAULT_STOP_RULE } from '../../engine/agreement/wavePolicy';
import { strictPick } from './agreementPicks';
import type { AdaptiveRun, TaskRun } from './strategies';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Strict at other settings, on the largest N: how the shipped threshold was chosen. */
export function strictSweep(runs: TaskRun[]): string {
  const tasks = Math.max(1, runs.length);
  const strict = [2, 3, 4, 5, 6, 8, 10, 12, 15].map((k) => {
    const picks = runs.map((r) => strictPick(r.samples, r.samples.length, r.shape ?? { calls: 0, checks: 0 }, k).pick);
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
