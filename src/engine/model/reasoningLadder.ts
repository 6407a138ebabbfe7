import type { ProviderProfile, ReasoningControls, ReasoningEffort } from './types';

/** Efforts from cheapest to dearest; `none` and `minimal` are the no-think ends some servers take. */
const EFFORT_ORDER: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high'];

/** Thinking budgets tried before the user's own, when the server takes a budget but no effort. */
const BUDGET_STEPS: readonly number[] = [1024, 4096];

/**
 * The CoT escalation ladder for a profile (CoT-Valve, "Stop Overthinking": cheap reasoning
 * first, longer only where the tests say it failed). It climbs from the cheapest setting the
 * server accepts up to the user's chosen setting, which stays the ceiling: escalation never
 * spends more per sample than the user allowed. Returns one step (no escalation) when the
 * server takes no reasoning control or the user asked for fast mode.
 */
export function reasoningLadder(profile: ProviderProfile, chosen: ReasoningControls): ReasoningControls[] {
  if (chosen.fastMode) return [chosen];
  if (profile.reasoningEfforts.length > 0) return effortLadder(profile.reasoningEfforts, chosen);
  if (profile.supportsEnableThinking) return thinkingLadder(profile, chosen);
  return [chosen];
}

function effortLadder(accepted: readonly ReasoningEffort[], chosen: ReasoningControls): ReasoningControls[] {
  const ordered = EFFORT_ORDER.filter((e) => accepted.includes(e));
  const ceiling = chosen.effort && ordered.includes(chosen.effort) ? ordered.indexOf(chosen.effort) : ordered.length - 1;
  const { budgetTokens } = chosen;
  return ordered.slice(0, ceiling + 1).map((effort) => (budgetTokens === undefined ? { effort } : { effort, budgetTokens }));
}

function thinkingLadder(profile: ProviderProfile, chosen: ReasoningControls): ReasoningControls[] {
  const steps: ReasoningControls[] = [{ fastMode: true }];
  if (profile.supportsThinkingBudget) {
    const ceiling = chosen.budgetTokens;
    for (const budgetTokens of BUDGET_STEPS) if (ceiling === undefined || budgetTokens < ceiling) steps.push({ budgetTokens });
  }
  steps.push({ ...chosen });
  return steps;
}
