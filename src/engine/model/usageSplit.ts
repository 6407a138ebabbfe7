import { countTokens } from '../tokens';
import type { ChatMessage, TokenUsage } from './types';

/** The `usage` object of a chat completion, as far as it is read. */
export interface ServerUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** What the request was billed, in US dollars (OpenRouter's `usage.cost`). */
  cost?: number | null;
}

/** The text of one finished choice, for weighting and local counting. */
export interface ChoiceText {
  content: string;
  reasoning: string;
}

/**
 * Per-choice usage of one request that returned `choices`.
 *
 * With a server `usage`: the prompt was sent once, so its tokens are spread evenly over
 * the choices; completion tokens are spread in proportion to each choice's locally counted
 * output, and reasoning tokens in proportion to its reasoning text (or to its completion
 * share when the server hides the text). Largest-remainder rounding keeps the per-choice
 * numbers summing exactly to the server's totals, so no token is counted twice or lost.
 * A server that reports no reasoning split gets the reasoning text counted locally.
 *
 * Without `usage`: everything is counted with tiktoken and marked `estimated`.
 *
 * A billed `cost` is split in proportion to each choice's tokens (prompt share plus
 * completion), in whole pico-dollars with the same rounding, so the parts add up to the
 * bill to the last pico-dollar.
 */
export function splitUsage(usage: ServerUsage | undefined | null, choices: readonly ChoiceText[], messages: readonly ChatMessage[]): TokenUsage[] {
  const count = choices.length;
  if (count === 0) return [];
  const contentTokens = choices.map((c) => countTokens(c.content));
  const reasoningText = choices.map((c) => countTokens(c.reasoning));
  const even = choices.map(() => 1);

  if (!isCompleteUsage(usage)) {
    const prompt = apportion(estimatePromptTokens(messages), even);
    const estimated = choices.map((_, i) => ({
      prompt: prompt[i] ?? 0,
      completion: (contentTokens[i] ?? 0) + (reasoningText[i] ?? 0),
      reasoning: reasoningText[i] ?? 0,
      estimated: true,
    }));
    return withCost(estimated, usage?.cost);
  }

  const prompt = apportion(usage.prompt_tokens, even);
  const completion = apportion(
    usage.completion_tokens,
    choices.map((_, i) => (contentTokens[i] ?? 0) + (reasoningText[i] ?? 0)),
  );
  const reportedReasoning = usage.completion_tokens_details?.reasoning_tokens;
  let reasoning: number[];
  if (typeof reportedReasoning === 'number' && reportedReasoning >= 0) {
    const hasText = reasoningText.some((t) => t > 0);
    reasoning = apportion(reportedReasoning, hasText ? reasoningText : completion);
  } else {
    // The server's completion count includes reasoning; only the split is counted here.
    reasoning = reasoningText.map((t, i) => Math.min(t, completion[i] ?? 0));
  }
  const split = choices.map((_, i) => ({
    prompt: prompt[i] ?? 0,
    completion: completion[i] ?? 0,
    reasoning: reasoning[i] ?? 0,
    estimated: false,
  }));
  return withCost(split, usage.cost);
}

/** Dollars are split as whole pico-dollars: exact integers for any bill under about $9,000. */
const PICO_PER_USD = 1e12;

/** `usages` with the request's billed `cost` shared out by tokens, or unchanged when there is no cost. */
function withCost(usages: TokenUsage[], cost: number | null | undefined): TokenUsage[] {
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) return usages;
  const parts = apportion(Math.round(cost * PICO_PER_USD), usages.map((u) => u.prompt + u.completion));
  return usages.map((u, i) => ({ ...u, costUsd: (parts[i] ?? 0) / PICO_PER_USD }));
}

/**
 * Prompt tokens of `messages` in the chat format: each message's text plus a few
 * tokens of role and separators, plus the tokens that prime the reply. An estimate for
 * servers that send no usage.
 */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  const perMessage = 4;
  const replyPrimer = 3;
  return messages.reduce((sum, m) => sum + countTokens(m.content) + perMessage, replyPrimer);
}

/**
 * Splits the whole number `total` in proportion to `weights` (evenly when they are all
 * zero), rounding with the largest-remainder method so the parts sum to `total`.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / weights.length);
  const parts = shares.map((s) => Math.floor(s));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

function isCompleteUsage(usage: ServerUsage | undefined | null): usage is ServerUsage & { prompt_tokens: number; completion_tokens: number } {
  return (
    usage !== undefined &&
    usage !== null &&
    typeof usage.prompt_tokens === 'number' &&
    typeof usage.completion_tokens === 'number' &&
    usage.prompt_tokens >= 0 &&
    usage.completion_tokens >= 0
  );
}
