import type { StopReason } from '../events';
import type { TokenUsage } from '../model/types';
import type { SolveOptions, TokenPrices } from '../options';

/**
 * Dollars one choice cost: what the server billed for it when it says (OpenRouter's
 * `usage.cost`, split over the request's choices), else its tokens under `prices`
 * (completion tokens include reasoning tokens).
 */
export function costOf(usage: TokenUsage, prices: TokenPrices | undefined): number {
  if (usage.costUsd !== undefined) return usage.costUsd;
  if (!prices) return 0;
  return (usage.prompt * prices.promptPer1K + usage.completion * prices.completionPer1K) / 1000;
}

/** Spend so far against the run's token and cost limits. */
export class BudgetTracker {
  tokens = 0;
  costUsd = 0;

  constructor(private readonly budgets: SolveOptions['budgets']) {}

  /**
   * Adds one choice's usage; returns its cost (the billed one when the usage carries it, else
   * under `prices`: a pool model's own, by default the run's).
   */
  add(usage: TokenUsage, prices: TokenPrices | undefined = this.budgets.prices): number {
    const cost = costOf(usage, prices);
    this.tokens += usage.prompt + usage.completion;
    this.costUsd += cost;
    return cost;
  }

  /** The limit that is spent, with a message for the user, or undefined. */
  exceeded(): { reason: Extract<StopReason, 'tokens' | 'cost'>; message: string } | undefined {
    const { maxTokens, maxCostUsd } = this.budgets;
    if (maxTokens !== undefined && this.tokens >= maxTokens) {
      return { reason: 'tokens', message: `Token budget spent: ${this.tokens} of ${maxTokens} tokens used; no more samples are drawn.` };
    }
    if (maxCostUsd !== undefined && this.costUsd >= maxCostUsd) {
      return { reason: 'cost', message: `Cost budget spent: $${this.costUsd.toFixed(4)} of $${maxCostUsd.toFixed(4)}; no more samples are drawn.` };
    }
    return undefined;
  }
}

/** Why `options` cannot run, or undefined when they are usable. */
export function optionsProblem(options: SolveOptions): string | undefined {
  const { n, concurrency } = options.sampling;
  if (!Number.isInteger(n) || n < 1) return `The number of samples must be a whole number of at least 1 (got ${n}).`;
  if (!Number.isInteger(concurrency) || concurrency < 1) return `Concurrency must be a whole number of at least 1 (got ${concurrency}).`;
  if (!Number.isInteger(options.verifyConcurrency) || options.verifyConcurrency < 1) return `Verify concurrency must be at least 1 (got ${options.verifyConcurrency}).`;
  const wave = options.waves?.size;
  if (wave !== undefined && (!Number.isInteger(wave) || wave < 1)) return `The wave size must be a whole number of at least 1 (got ${wave}).`;
  if (options.earlyStopAgreeing < 0) return `Early stop must be 0 (off) or more (got ${options.earlyStopAgreeing}).`;
  if (options.promptTokenBudget < 1) return `The prompt token budget must be positive (got ${options.promptTokenBudget}).`;
  for (const [name, value] of Object.entries(options.budgets)) {
    if (typeof value === 'number' && !(value > 0)) return `Budget ${name} must be positive (got ${value}).`;
  }
  return undefined;
}
