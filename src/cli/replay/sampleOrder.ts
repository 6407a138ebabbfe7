/** FNV-1a over the UTF-16 code units: a stable 32-bit hash to seed per-task orders. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32: small, fast, and the same on every platform, which is all a replay order needs. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded Fisher-Yates permutation of `0..count-1` for one task, so that "the first k
 * samples served" is a fair random subset of the recorded ones and the same on every run.
 */
export function seededOrder(seed: number, taskId: string, count: number): number[] {
  const random = mulberry32(fnv1a(`${seed}:${taskId}`));
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Hands out recorded samples in seeded order: request i for a task gets sample i,
 * a request for `n` takes the next `n`. After the last sample it wraps to the first.
 */
export class SampleCursor {
  private readonly positions = new Map<string, number>();
  private readonly orders = new Map<string, number[]>();

  constructor(private readonly seed: number) {}

  /** Indices (into the recorded list of length `count`) of the next `n` samples for `key`. */
  take(key: string, count: number, n: number): number[] {
    let order = this.orders.get(key);
    if (!order) {
      // The order depends on the task only, so code and test streams share one seeding rule.
      order = seededOrder(this.seed, key.slice(key.indexOf(':') + 1), count);
      this.orders.set(key, order);
    }
    const start = this.positions.get(key) ?? 0;
    const picked: number[] = [];
    for (let i = 0; i < n; i++) picked.push(order[(start + i) % count]);
    this.positions.set(key, start + n);
    return picked;
  }

  /** Starts `key` (or every key when omitted, or every key with this suffix) from sample 0 again. */
  reset(taskId?: string): void {
    if (taskId === undefined) {
      this.positions.clear();
      return;
    }
    for (const key of [...this.positions.keys()]) {
      if (key.endsWith(`:${taskId}`)) this.positions.delete(key);
    }
  }

  /** How many samples have been served for `key`. */
  served(key: string): number {
    return this.positions.get(key) ?? 0;
  }
}
