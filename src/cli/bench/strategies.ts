/** What the benchmark knows about one drawn sample after the run and the hidden scoring. */
export interface SampleOutcome {
  /** Code hash of the extracted candidate; null when extraction rejected the answer. */
  hash: string | null;
  /** Passed every visible (user) test. */
  visiblePassed: boolean;
  /** Visible tests passed out of those run (absent when extraction rejected the answer). */
  visibleTests?: { passed: number; total: number };
  /** Passed HumanEval's hidden `check()`. */
  hiddenPassed: boolean;
  /** Answers on the generated tests' probes (`VerifierResult.behaviour`). */
  behaviour?: string;
}

/** A strategy's pick on one run and the samples it drew. */
export interface StrategyPick {
  pick: SampleOutcome | null;
  samples: number;
}

/**
 * The live adaptive run of one task: its own `solve()` in the engine's waves, capped at the
 * largest N, stopping by the engine's stop rule. Everything here is what that run really did.
 */
export interface AdaptiveRun {
  /** The engine's pick, scored on the hidden tests; null when it abstained. */
  pick: SampleOutcome | null;
  /** Answers that came back from the model (requests cut short by a budget or cancel are not counted). */
  samples: number;
  /** Prompt + completion tokens of the run's answers. */
  tokens: number;
  /** Waves the run started. */
  waves: number;
  /** Answers per reasoning setting they were drawn with (`reasoningLabel`). */
  reasoning: Record<string, number>;
  /** Why sampling ended: `early-stop` when enough samples agreed, `completed` at the cap. */
  stoppedBy: string;
  verifyMs: number;
  distinct: number;
  duplicates: number;
  cacheHits: number;
}

/** One solve of one task at one N, as the benchmark scores it. */
export interface TaskRun {
  taskId: string;
  n: number;
  samples: SampleOutcome[];
  /** The engine's pick (`ranked`), or null when it abstained. */
  ranked: SampleOutcome | null;
  /** Picks of the agreement strategies, computed from the same samples and their probe answers. */
  picks: Partial<Record<Exclude<Strategy, 'adaptive'>, StrategyPick>>;
  /** At the largest N only: the task's live adaptive run. */
  adaptive?: AdaptiveRun;
  /** At the largest N only, with `--adaptive-sweep`: live adaptive runs at other stop rules. */
  adaptiveSweep?: { agreeing: number; run: AdaptiveRun }[];
  /** How many of the task's probes are calls and how many are generated-test checks. */
  shape?: { calls: number; checks: number };
  promptTokens: number;
  completionTokens: number;
  /** Verification time of the distinct candidates of this run, as if run alone (cache hits count their original run). */
  verifyMs: number;
  /** Distinct candidates verified (or served from the cache) in this run. */
  distinct: number;
  duplicates: number;
  cacheHits: number;
}

export const STRATEGIES = ['random', 'visible-filter', 'ranked', 'codet', 'visible-agreement', 'strict', 'adaptive', 'oracle'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** One line of `bench/results.json`. */
export interface ResultRow {
  strategy: Strategy;
  n: number;
  /** Share of tasks whose chosen candidate passes the hidden tests; abstaining counts as wrong. */
  accuracy: number;
  abstainRate: number;
  /** Share of picks (non-abstentions) that passed the visible tests but fail the hidden ones. */
  falsePositiveRate: number;
  tasks: number;
  /** Samples drawn, summed over tasks. */
  samplesUsed: number;
  /** Prompt + completion tokens, summed over tasks. */
  tokens: number;
  verifyWallSeconds: number;
  candidatesPerSecond: number;
  distinctCandidates: number;
  duplicates: number;
  cacheHits: number;
  /** Adaptive only: waves started, summed over tasks. */
  waves?: number;
  /** Adaptive only: answers per reasoning setting they were drawn with, summed over tasks. */
  reasoning?: Record<string, number>;
  /** Adaptive only: tasks per reason sampling ended. */
  stoppedBy?: Record<string, number>;
}

/** Expected outcome of one task under a strategy: P(correct), P(abstain), P(false positive). */
interface Expectation {
  correct: number;
  abstain: number;
  falsePositive: number;
}

/**
 * The strategies' expected scores on one run. `random` and `visible-filter` pick uniformly,
 * so their exact expectation over the pick is used instead of one noisy draw.
 */
export function expectation(run: TaskRun, strategy: Strategy): Expectation {
  const n = run.samples.length;
  const hidden = run.samples.filter((s) => s.hiddenPassed).length;
  switch (strategy) {
    case 'random': {
      const fp = run.samples.filter((s) => s.visiblePassed && !s.hiddenPassed).length;
      return { correct: n ? hidden / n : 0, abstain: n ? 0 : 1, falsePositive: n ? fp / n : 0 };
    }
    case 'visible-filter': {
      const passing = run.samples.filter((s) => s.visiblePassed);
      if (passing.length === 0) return { correct: 0, abstain: 1, falsePositive: 0 };
      const right = passing.filter((s) => s.hiddenPassed).length;
      return { correct: right / passing.length, abstain: 0, falsePositive: 1 - right / passing.length };
    }
    case 'ranked': {
      if (!run.ranked) return { correct: 0, abstain: 1, falsePositive: 0 };
      return { correct: run.ranked.hiddenPassed ? 1 : 0, abstain: 0, falsePositive: run.ranked.visiblePassed && !run.ranked.hiddenPassed ? 1 : 0 };
    }
    case 'oracle':
      return { correct: hidden > 0 ? 1 : 0, abstain: 0, falsePositive: 0 };
    case 'codet':
    case 'visible-agreement':
    case 'strict':
      return ofPick(run.picks[strategy]?.pick ?? null);
    case 'adaptive':
      return ofPick(run.adaptive?.pick ?? null);
  }
}

function ofPick(p: SampleOutcome | null): Expectation {
  if (!p) return { correct: 0, abstain: 1, falsePositive: 0 };
  return { correct: p.hiddenPassed ? 1 : 0, abstain: 0, falsePositive: p.visiblePassed && !p.hiddenPassed ? 1 : 0 };
}

/** What a strategy cost on one run: the fixed-N run's figures, or the live adaptive run's own. */
interface Cost {
  samples: number;
  tokens: number;
  verifyMs: number;
  distinct: number;
  duplicates: number;
  cacheHits: number;
}

function costOf(run: TaskRun, strategy: Strategy): Cost {
  if (strategy === 'adaptive') return run.adaptive ?? { samples: 0, tokens: 0, verifyMs: 0, distinct: 0, duplicates: 0, cacheHits: 0 };
  return { samples: run.samples.length, tokens: run.promptTokens + run.completionTokens, verifyMs: run.verifyMs, distinct: run.distinct, duplicates: run.duplicates, cacheHits: run.cacheHits };
}

function tally(into: Record<string, number>, key: string, count: number): Record<string, number> {
  into[key] = (into[key] ?? 0) + count;
  return into;
}

/** The adaptive row's extra fields: waves, reasoning settings drawn with, why runs stopped. */
function adaptiveDetail(runs: readonly TaskRun[]): Pick<ResultRow, 'waves' | 'reasoning' | 'stoppedBy'> {
  const live = runs.map((r) => r.adaptive).filter((a): a is AdaptiveRun => a !== undefined);
  const reasoning: Record<string, number> = {};
  for (const a of live) for (const [label, count] of Object.entries(a.reasoning)) tally(reasoning, label, count);
  return { waves: live.reduce((t, a) => t + a.waves, 0), reasoning, stoppedBy: live.reduce((t, a) => tally(t, a.stoppedBy, 1), {}) };
}

/**
 * Aggregates the runs of one N into one row per strategy. `adaptive` has a row only where the
 * runs carry a live adaptive run (the largest N), with that run's own samples, tokens and tests.
 */
export function rowsFor(runs: TaskRun[], n: number, workers: number): ResultRow[] {
  const atN = runs.filter((r) => r.n === n);
  const tasks = atN.length;
  const live = atN.some((r) => r.adaptive);
  return STRATEGIES.filter((strategy) => strategy !== 'adaptive' || live).map((strategy) => {
    const costs = atN.map((r) => costOf(r, strategy));
    const verifyMs = costs.reduce((s, c) => s + c.verifyMs, 0);
    const distinct = costs.reduce((s, c) => s + c.distinct, 0);
    const e = atN.map((r) => expectation(r, strategy));
    const correct = e.reduce((s, x) => s + x.correct, 0);
    const abstain = e.reduce((s, x) => s + x.abstain, 0);
    const fp = e.reduce((s, x) => s + x.falsePositive, 0);
    const picks = tasks - abstain;
    // Plain sampling runs no tests; the others pay for verifying every distinct candidate.
    const verified = strategy !== 'random';
    const wallSeconds = verified ? verifyMs / 1000 / Math.max(1, workers) : 0;
    return {
      strategy,
      n,
      accuracy: tasks ? correct / tasks : 0,
      abstainRate: tasks ? abstain / tasks : 0,
      falsePositiveRate: picks > 0 ? fp / picks : 0,
      tasks,
      samplesUsed: costs.reduce((s, c) => s + c.samples, 0),
      tokens: costs.reduce((s, c) => s + c.tokens, 0),
      verifyWallSeconds: wallSeconds,
      candidatesPerSecond: verified && wallSeconds > 0 ? distinct / wallSeconds : 0,
      distinctCandidates: verified ? distinct : 0,
      duplicates: costs.reduce((s, c) => s + c.duplicates, 0),
      cacheHits: costs.reduce((s, c) => s + c.cacheHits, 0),
      ...(strategy === 'adaptive' ? adaptiveDetail(atN) : {}),
    };
  });
}

/**
 * The unbiased pass@k estimator (Chen et al. 2021) for one task with `c` correct of `n`:
 * 1 - C(n-c, k) / C(n, k), computed as a running product to stay exact in floating point.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  if (k === 1) return c / n;
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i;
  return 1 - fail;
}
