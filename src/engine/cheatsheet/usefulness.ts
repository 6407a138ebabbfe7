import type { CheatsheetItem } from './types';

/** Days after which recency halves an item's value. */
const RECENCY_HALF_LIFE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Posterior mean of "a prompt offering this item led to a passing candidate" under a
 * Beta(1, 1) prior: a new item starts at 0.5, and a few lucky or unlucky runs cannot
 * push it to 0 or 1.
 */
export function helpRate(item: Pick<CheatsheetItem, 'timesUsed' | 'timesHelped'>): number {
  return (item.timesHelped + 1) / (item.timesUsed + 2);
}

/** 1 for an item used now, 0.5 after one half-life, never below 0. */
export function recency(item: Pick<CheatsheetItem, 'lastUsed'>, now: Date): number {
  const ageMs = Math.max(0, now.getTime() - Date.parse(item.lastUsed));
  return Math.pow(0.5, ageMs / DAY_MS / RECENCY_HALF_LIFE_DAYS);
}

/**
 * What an item is worth keeping and offering, in [0, 1]: mostly how often it helped,
 * discounted (at most by half) for not having been used lately, so a proven old item
 * still outranks an unproven new one.
 */
export function usefulness(item: CheatsheetItem, now: Date): number {
  return helpRate(item) * (0.5 + 0.5 * recency(item, now));
}

/** Best first; ties go to the newer item, then the id so the order is total. */
export function compareByUsefulness(now: Date): (a: CheatsheetItem, b: CheatsheetItem) => number {
  return (a, b) => {
    const byValue = usefulness(b, now) - usefulness(a, now);
    if (byValue !== 0) return byValue;
    const byAge = Date.parse(b.createdAt ?? b.lastUsed) - Date.parse(a.createdAt ?? a.lastUsed);
    if (byAge !== 0) return byAge;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * Items to drop so the unpinned ones fit `capacityTokens` with the pinned ones: the
 * least useful first. Pinned items are never chosen, even when they alone exceed it.
 */
export function chooseEvictions(items: readonly CheatsheetItem[], capacityTokens: number, now: Date): CheatsheetItem[] {
  let total = items.reduce((sum, item) => sum + item.tokens, 0);
  if (total <= capacityTokens) return [];
  const candidates = items.filter((item) => !item.pinned).sort(compareByUsefulness(now)).reverse();
  const evicted: CheatsheetItem[] = [];
  for (const item of candidates) {
    if (total <= capacityTokens) break;
    evicted.push(item);
    total -= item.tokens;
  }
  return evicted;
}
