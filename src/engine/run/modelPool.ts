import type { ReasoningControls } from '../model/types';
import type { PoolMember } from '../options';

/** Why `pool` cannot be used, for an `invalid-options` error before anything runs; undefined when it can. */
export function poolProblem(pool: readonly PoolMember[] | undefined): string | undefined {
  if (pool === undefined) return undefined;
  if (pool.length === 0) return 'A model pool needs at least one model.';
  const bad = pool.find((m) => !(Number.isFinite(m.share) && m.share > 0));
  return bad ? `Pool share of ${bad.model.model} must be a positive number (got ${String(bad.share)}).` : undefined;
}

/** One model of a run's pool, with what it has drawn so far. */
export interface PoolEntry {
  readonly member: PoolMember;
  /** How candidates and statistics name it: the model name, made unique within the pool. */
  readonly label: string;
  drawn: number;
}

/**
 * The models a run draws its samples from, in proportion to their shares. A run without a
 * pool is a pool of one: the run's model, reasoning and ladder.
 *
 * Samples are handed out by the highest-averages rule (D'Hondt): the next sample goes to the
 * model with the largest share / (drawn + 1). Every prefix of the sequence is then as close to
 * the shares as whole samples allow, so a wave, an early stop or a budget stop at any point
 * leaves each model with its fair part of what was drawn, and N = the sum of the shares gives
 * each model exactly its share.
 */
export class ModelPool {
  readonly entries: PoolEntry[];

  constructor(members: readonly PoolMember[]) {
    const problem = poolProblem(members);
    if (problem) throw new Error(problem);
    const labels = uniqueLabels(members);
    this.entries = members.map((member, i) => ({ member, label: labels[i] ?? member.model.model, drawn: 0 }));
  }

  /** More than one model: the run reports per-model statistics. */
  get mixed(): boolean {
    return this.entries.length > 1;
  }

  /**
   * The model for the next request and how many samples it carries: consecutive samples the
   * rule gives the same model, up to `max(entry)` (its choices per request) and `remaining`.
   * The samples are counted as drawn.
   */
  take(remaining: number, max: (entry: PoolEntry) => number): { entry: PoolEntry; count: number } {
    const entry = this.nextEntry();
    const cap = Math.max(1, Math.min(remaining, max(entry)));
    let count = 0;
    while (count < cap && this.nextEntry() === entry) {
      entry.drawn++;
      count++;
    }
    return { entry, count };
  }

  /** The entry that drew `label`'s candidates (a repair goes to the model that wrote the code), else the first. */
  entryFor(label: string | undefined): PoolEntry {
    const first = this.entries[0] as PoolEntry;
    return this.entries.find((e) => e.label === label) ?? first;
  }

  /** The reasoning setting of `entry` at escalation step `step` (0: its cheapest, or its fixed setting without a ladder). */
  reasoningAt(entry: PoolEntry, step: number): ReasoningControls {
    const ladder = entry.member.reasoningLadder;
    if (!ladder?.length) return entry.member.reasoning;
    return ladder[Math.min(ladder.length - 1, step)] ?? entry.member.reasoning;
  }

  private nextEntry(): PoolEntry {
    let best = this.entries[0] as PoolEntry;
    for (const e of this.entries) if (e.member.share / (e.drawn + 1) > best.member.share / (best.drawn + 1)) best = e;
    return best;
  }
}

/** Labels (default: model names), with the provider added where two are alike, and a number where even that repeats. */
function uniqueLabels(members: readonly PoolMember[]): string[] {
  const count = (names: string[], name: string): number => names.filter((n) => n === name).length;
  const plain = members.map((m) => m.label ?? m.model.model);
  const withProvider = members.map((m, i) => {
    const name = plain[i] ?? '';
    return count(plain, name) > 1 ? `${name} (${m.model.profile.label})` : name;
  });
  return withProvider.map((name, i) => (count(withProvider, name) > 1 ? `${name} #${count(withProvider.slice(0, i + 1), name)}` : name));
}
