import { takesEffortOrBudget } from './reasoningKnobs';
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
 * server takes no reasoning control, the user asked for fast mode, or an effort server was
 * given no effort it accepts (nothing is sent then, and the server's own default is unknown,
 * so no step can be shown to stay below it).
 */
export function reasoningLadder(profile: ProviderProfile, chosen: ReasoningControls): ReasoningControls[] {
  if (chosen.fastMode) return [chosen];
  // Servers that take an effort or a budget (OpenRouter, Gemini) get the budget and not the effort
  // when both are set, so an effort ladder would repeat one request: climb the budget instead.
  if (takesEffortOrBudget(profile) && profile.supportsThinkingBudget && chosen.budgetTokens !== undefined) return budgetLadder([], chosen, true);
  if (profile.reasoningEfforts.length > 0 && chosen.effort !== undefined) return effortLadder(profile.reasoningEfforts, chosen.effort, chosen);
  // A thinking switch, or a model that thinks only when given a budget (Anthropic, with the budget as the ceiling): no thinking first, then budgets.
  if (profile.supportsEnableThinking || (profile.thinksByDefault === false && profile.supportsThinkingBudget && chosen.budgetTokens !== undefined)) return budgetLadder([{ fastMode: true }], chosen, profile.supportsThinkingBudget);
  return [chosen];
}

function effortLadder(accepted: readonly ReasoningEffort[], top: ReasoningEffort, chosen: ReasoningControls): ReasoningControls[] {
  // Only accepted efforts at or below the chosen one: an effort the server does not take is
  // not sent at all, so climbing to the server's top would overshoot what the user asked for.
  const ceiling = EFFORT_ORDER.indexOf(top);
  const ordered = EFFORT_ORDER.filter((e, i) => i <= ceiling && accepted.includes(e));
  if (ordered.length === 0) return [chosen];
  const { budgetTokens } = chosen;
  return ordered.map((effort) => (budgetTokens === undefined ? { effort } : { effort, budgetTokens }));
}

/** `first`, then (with `budgets`) the thinking budgets below the chosen one (all of them without one), then the chosen setting. */
function budgetLadder(first: readonly ReasoningControls[], chosen: ReasoningControls, budgets: boolean): ReasoningControls[] {
  const steps = [...first];
  const ceiling = chosen.budgetTokens;
  if (budgets) for (const budgetTokens of BUDGET_STEPS) if (ceiling === undefined || budgetTokens < ceiling) steps.push({ budgetTokens });
  steps.push({ ...chosen });
  return steps;
}
