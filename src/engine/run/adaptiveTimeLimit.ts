/** How a run's time limit per candidate shrinks once candidates have passed. */
export interface AdaptiveTimeLimitPolicy {
  /** The limit is this many times the slowest passing run so far… */
  factor: number;
  /** …but never below this floor (ms): a loaded machine must not turn a correct candidate into a timeout. */
  floorMs: number;
}

/**
 * Default: 3 × the slowest passing candidate, at least 10 s. A correct candidate runs the same
 * tests as the ones that passed, so it needs about as long; three times that (with the floor
 * for noise on a busy machine) still leaves a slow-but-correct one room while a hanging
 * candidate no longer holds the run for the verifier's full limit.
 */
export const DEFAULT_ADAPTIVE_TIME_LIMIT: AdaptiveTimeLimitPolicy = { factor: 3, floorMs: 10_000 };

/** One test run being timed: its signal aborts when it outlives the adaptive limit. */
export interface TimedRun {
  signal: AbortSignal;
  /** The limit that stopped it, in ms, when it did. */
  stoppedAtMs(): number | undefined;
  end(): void;
}

/**
 * Tracks passing runs' durations and stops runs that outlive `factor × slowest pass` (at
 * least `floorMs`). Runs already going when a candidate passes are held to the new limit
 * too, counted from their own start. Until a candidate passes nothing is stopped: the
 * verifier's own limit applies.
 */
export class AdaptiveTimeLimit {
  private slowestPassMs: number | undefined;
  private readonly running = new Set<{ started: number; controller: AbortController; timer?: NodeJS.Timeout; stoppedAt?: number }>();

  constructor(private readonly policy: AdaptiveTimeLimitPolicy | undefined) {}

  /** The current limit in ms, or undefined while no candidate has passed (or the policy is off). */
  limitMs(): number | undefined {
    if (!this.policy || this.slowestPassMs === undefined) return undefined;
    return Math.max(this.policy.floorMs, Math.round(this.policy.factor * this.slowestPassMs));
  }

  /** Records a passing run; every run still going gets the (possibly lower) limit. */
  recordPass(durationMs: number): void {
    if (!this.policy) return;
    this.slowestPassMs = Math.max(this.slowestPassMs ?? 0, durationMs);
    for (const run of this.running) this.arm(run);
  }

  /** Starts timing a run under `parent`: abort it with the returned signal. */
  start(parent: AbortSignal): TimedRun {
    const run: { started: number; controller: AbortController; timer?: NodeJS.Timeout; stoppedAt?: number } = { started: performance.now(), controller: new AbortController() };
    this.running.add(run);
    this.arm(run);
    return {
      signal: AbortSignal.any([parent, run.controller.signal]),
      stoppedAtMs: () => run.stoppedAt,
      end: () => {
        clearTimeout(run.timer);
        this.running.delete(run);
      },
    };
  }

  private arm(run: { started: number; controller: AbortController; timer?: NodeJS.Timeout; stoppedAt?: number }): void {
    const limit = this.limitMs();
    if (limit === undefined) return;
    clearTimeout(run.timer);
    const stop = (): void => {
      run.stoppedAt = limit;
      run.controller.abort();
    };
    const left = limit - (performance.now() - run.started);
    if (left <= 0) stop();
    else run.timer = setTimeout(stop, left);
  }
}
