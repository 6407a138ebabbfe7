import type { CandidateView, ReasoningView, RiskSignView, StopReasonView } from '../src/protocol';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12,345`. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** `1 test`, `1,204 tests`. */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** `850 ms`, `2.3 s`, `1 m 05 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} m ${String(seconds).padStart(2, '0')} s`;
}

/** `$0`, `$0.0012`, `$1.25`: enough digits that small per-sample costs stay visible. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 10 ? 3 : 2)}`;
}

/** The state column of a candidate, e.g. `passed 5/5`, `duplicate of #2`. */
export function stateLabel(candidate: CandidateView): string {
  const v = candidate.verification;
  switch (candidate.state) {
    case 'sampling':
      return 'sampling…';
    case 'queued':
      return 'queued';
    case 'verifying':
      return 'verifying…';
    case 'passed':
      return v ? `passed ${v.passed}/${v.total}` : 'passed';
    case 'failed':
      return v ? `failed ${v.passed}/${v.total}` : 'failed';
    case 'timeout':
      return 'timeout';
    case 'error':
      return 'error';
    case 'duplicate':
      return candidate.duplicateOf !== undefined ? `duplicate of #${candidate.duplicateOf}` : 'duplicate';
    case 'rejected':
      return 'rejected';
    case 'truncated':
      return 'truncated';
    case 'cancelled':
      return 'cancelled';
    case 'tampered':
      return 'tampered';
  }
}

/** Tokens in words: `182 prompt · 120 reasoning · 64 answer tokens`. */
export function tokenSummary(candidate: CandidateView): string {
  const u = candidate.usage;
  return tokenWords(u.prompt, u.reasoning, u.completion, u.estimated);
}

/**
 * Prompt, reasoning and answer tokens in words. The answer is the completion less its
 * reasoning, where the server counts reasoning inside the completion.
 */
export function tokenWords(prompt: number, reasoning: number, completion: number, estimated = false): string {
  const answer = Math.max(0, completion - reasoning);
  const parts = [`${formatCount(prompt)} prompt`];
  if (reasoning > 0) parts.push(`${formatCount(reasoning)} reasoning`);
  parts.push(`${formatCount(reasoning > 0 ? answer : completion)} answer tokens`);
  return `${parts.join(' · ')}${estimated ? ' (estimated)' : ''}`;
}

const STOP_REASONS: Record<StopReasonView, string> = {
  completed: 'all samples drawn',
  'early-stop': 'early stop: verified candidates agreed',
  tokens: 'token budget',
  cost: 'cost budget',
  time: 'wall-time budget',
  cancelled: 'cancelled',
  error: 'error',
};

/** What ended sampling, in words. */
export function stopReasonLabel(reason: StopReasonView): string {
  return STOP_REASONS[reason];
}

/** A reasoning setting in a few words: `effort low`, `fast mode`, `thinking ≤4096`, `effort high · thinking ≤8000`. */
export function reasoningShort(r: ReasoningView): string {
  if (r.fastMode) return 'fast mode';
  const parts: string[] = [];
  if (r.effort !== undefined) parts.push(`effort ${r.effort}`);
  if (r.budgetTokens !== undefined) parts.push(`thinking ≤${r.budgetTokens}`);
  return parts.length > 0 ? parts.join(' · ') : 'default reasoning';
}

/** Stable identity of a reasoning setting, to count the distinct steps a run used. */
export function reasoningKey(r: ReasoningView): string {
  return JSON.stringify([r.effort ?? null, r.budgetTokens ?? null, r.fastMode === true]);
}

/** The badge text of a candidate's risk signs: `subprocess, env`; empty when it has none. */
export function riskSummary(signs: readonly RiskSignView[] | undefined): string {
  return [...new Set((signs ?? []).map((s) => s.label))].join(', ');
}

/** One line per sign, for a tooltip or a list: `subprocess: os.system() at line 2 (seen in its code)`. */
export function riskLine(sign: RiskSignView): string {
  return `${sign.label}: ${sign.detail} (${sign.source === 'static' ? 'seen in its code' : 'seen by the sandbox'})`;
}
