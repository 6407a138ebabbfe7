import type { CheatsheetPort } from './cheatsheet/types';
import type { AdaptiveTimeLimitPolicy } from './run/adaptiveTimeLimit';
import type { ModelClient, ReasoningControls } from './model/types';
import type { VerificationCache } from './run/dedupe';
import type { Verifier } from './verify/types';

/** Prices in US dollars per 1,000 tokens, for the cost budget. */
export interface TokenPrices {
  promptPer1K: number;
  completionPer1K: number;
}

/** Default agreeing-group size for the `strict` abstain policy (measured in bench/report.md). */
export const DEFAULT_STRICT_MIN_AGREEING = 6;

/**
 * Choices of model-written tests for a run of `n` samples: as many as samples, at least ten.
 * Measured in `npm run bench` at N = 100: 100 choices give the default pick 66.5% and strict
 * picks 90.9% precision; 10 choices give 65.9% and 85%. Test cases are worth more the more
 * candidates they must tell apart, and at small N a hundred would cost more than the samples.
 */
export function generatedTestChoices(n: number): number {
  return Math.max(10, n);
}

/** One model of a mixed pool: its client, its share of the N samples and its own reasoning settings. */
export interface PoolMember {
  model: ModelClient;
  /** How the run names it (statistics, candidates); default the model name. Made unique within the pool. */
  label?: string;
  /** Relative weight: shares 4 and 4 split N evenly; with N = the sum of the shares each model draws exactly its share. */
  share: number;
  reasoning: ReasoningControls;
  /** This model's escalation ladder (its profile decides what it takes); absent: always `reasoning`. */
  reasoningLadder?: ReasoningControls[];
  /** This model's prices, for the cost budget; absent: the run's `budgets.prices`. */
  prices?: TokenPrices;
}

/** Everything a run needs, as plain objects; the VS Code adapter and the CLI build it. */
export interface SolveOptions {
  /** The model; with a `pool`, the one that also writes generated tests and curates the memory. */
  model: ModelClient;
  /**
   * Several models drawing the N samples together, in the same waves, by share. Agreement,
   * ranking and early stop treat every candidate alike; escalation climbs each model's own
   * ladder; the result carries per-model statistics. Absent: every sample comes from `model`.
   */
  pool?: PoolMember[];
  verifier: Verifier;
  cheatsheet?: CheatsheetPort;
  sampling: {
    /** Cap on samples drawn. */
    n: number;
    /** Requests in flight at once. */
    concurrency: number;
    temperature?: number;
    topP?: number;
    maxTokens?: number;
    /** Per-request timeout. */
    requestTimeoutMs?: number;
  };
  reasoning: ReasoningControls;
  budgets: {
    maxTokens?: number;
    maxCostUsd?: number;
    prices?: TokenPrices;
    maxWallMs?: number;
  };
  /** Stop once this many verified candidates agree; 0 turns early stop off. */
  earlyStopAgreeing: number;
  /**
   * `abstain`: pick nothing unless a candidate passes every test. `best-partial`: pick the best anyway.
   * `strict`: pick only a candidate that passes every test and whose agreeing group holds at
   * least `strictMinAgreeing` samples (fewer answers, far fewer false positives).
   */
  abstainPolicy: 'abstain' | 'best-partial' | 'strict';
  /** The agreeing group size `strict` requires; default {@link DEFAULT_STRICT_MIN_AGREEING}. */
  strictMinAgreeing?: number;
  /**
   * Ask the model for test cases (CodeT) before sampling and run every candidate on them, for
   * dual-agreement ranking. Python function targets only; other targets run without them.
   */
  generatedTests?: { count: number; cap: number; python: string };
  /** Set by `solve()` once generated tests are in place: how the probe answers split. */
  agreementProbes?: { calls: number; checks: number };
  /**
   * CoT escalation: reasoning settings from cheapest to dearest. Sampling starts at the first;
   * each finished wave in which no candidate passed every test moves later waves one step up.
   * Without it every request uses `reasoning`.
   */
  reasoningLadder?: ReasoningControls[];
  /**
   * Sampling in waves: draw `size` samples, wait for their tests, then let the wave policy
   * stop, continue, escalate one ladder step, or (with `repair`) revise the best failing
   * candidate. Repairs count towards N. Without `size` the waves grow (the engine's schedule,
   * small first). Without `waves` sampling streams up to N.
   */
  waves?: { size?: number; repair?: boolean };
  /** Tests run at once. */
  verifyConcurrency: number;
  /** Token budget for the prompt (code context is trimmed to fit). */
  promptTokenBudget: number;
  /** Show the model the project's tests that exercise the target (`Task.relatedTests`); default true. */
  promptIncludeTests?: boolean;
  /** Token budget for cheatsheet items in the prompt. */
  cheatsheetTokenBudget: number;
  /**
   * Verification results to reuse, keyed by task and code hash. Pass one instance to
   * several runs (a benchmark, a re-run) so each distinct candidate is tested once;
   * without it every run has its own.
   */
  verificationCache?: VerificationCache;
  /**
   * Before sampling, run the tests on the current code (the baseline: which tests exist,
   * which fail) and with the target replaced by a raising stub (the witness: do the tests
   * reach it at all). Candidates must then account for every baseline test. Default on; turn
   * it off only where a baseline cannot be had (e.g. the benchmark's scoring paths, whose
   * tests live outside the workspace).
   */
  baseline?: boolean;
  /**
   * Run only the tests that exercise the target (`Task.relatedTests`) per candidate when the
   * suite is larger, and the whole command once on the pick before it is called verified.
   * Needs the baseline. Default on.
   */
  selectTests?: boolean;
  /**
   * Once candidates have passed, a candidate still running (or yet to run) is stopped at
   * `max(floorMs, factor × the slowest passing run)` instead of the verifier's full limit.
   * Default {@link DEFAULT_ADAPTIVE_TIME_LIMIT} (3 ×, 10 s floor); `false` turns it off.
   */
  adaptiveTimeLimit?: AdaptiveTimeLimitPolicy | false;
}

/**
 * Agreeing samples that end sampling early, or 0 for never. Under the `strict` policy it is
 * at least the group size strict asks for: stopping sooner would only make strict abstain.
 */
export function agreeingToStop(options: Pick<SolveOptions, 'earlyStopAgreeing' | 'abstainPolicy' | 'strictMinAgreeing'>): number {
  if (options.earlyStopAgreeing <= 0) return 0;
  if (options.abstainPolicy !== 'strict') return options.earlyStopAgreeing;
  return Math.max(options.earlyStopAgreeing, options.strictMinAgreeing ?? DEFAULT_STRICT_MIN_AGREEING);
}
