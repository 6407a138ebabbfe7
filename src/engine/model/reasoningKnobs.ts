import type { ProviderProfile, ReasoningControls, ReasoningEffort, ThinkingBudgetField } from './types';

/** The reasoning part of a request body, and whether the model will think with it. */
export interface ReasoningKnobs {
  /** Body fields, nested where the server nests them (`thinking: { type }`, `extra_body: { google: … }`). */
  fields: Record<string, unknown>;
  notApplied: string[];
  /** `off` only when thinking is known to be off: switched off, or never switched on where that is the default. */
  thinking: 'on' | 'off';
}

/**
 * Fields that must travel with a budget field for the server to act on it.
 * Anthropic, "OpenAI SDK compatibility" (extended thinking): `thinking: { type: 'enabled', budget_tokens }`.
 * Gemini, "OpenAI compatibility" (thinking): `extra_body: { google: { thinking_config: { thinking_budget,
 * include_thoughts: true } } }`; without `include_thoughts` no thought text comes back.
 */
const BUDGET_COMPANIONS: Readonly<Record<ThinkingBudgetField, readonly (readonly [string, unknown])[]>> = {
  'chat_template_kwargs.thinking_budget': [],
  thinking_token_budget: [],
  'reasoning.max_tokens': [],
  'thinking.budget_tokens': [['thinking.type', 'enabled']],
  'extra_body.google.thinking_config.thinking_budget': [['extra_body.google.thinking_config.include_thoughts', true]],
};

/** True when the profile takes an effort or a budget but not both (OpenRouter's `reasoning` object, Gemini). */
export function takesEffortOrBudget(profile: ProviderProfile): boolean {
  return profile.effortOrBudget ?? profile.reasoningObject === true;
}

/**
 * Fast mode can be expressed: a thinking switch, a model that thinks only when given a budget,
 * or a `none`/`minimal` effort.
 */
export function canTurnThinkingOff(profile: ProviderProfile): boolean {
  return profile.supportsEnableThinking || profile.thinksByDefault === false || profile.reasoningEfforts.includes('none') || profile.reasoningEfforts.includes('minimal');
}

/** Where `profile` puts a thinking budget, with the defaults {@link ProviderProfile.thinkingBudgetFields} describes. */
export function budgetFieldsOf(profile: ProviderProfile): ThinkingBudgetField[] {
  if (profile.thinkingBudgetFields !== undefined) return [...profile.thinkingBudgetFields];
  return [profile.reasoningObject === true ? 'reasoning.max_tokens' : 'chat_template_kwargs.thinking_budget'];
}

/**
 * The body fields for `controls` on `profile`, each requested control the profile cannot
 * express listed in `notApplied` with the reason. Fast mode wins over an effort and a
 * budget; with {@link takesEffortOrBudget} the budget wins over the effort.
 * `maxTokens` is the request's completion cap, for servers that need the budget below it.
 */
export function buildReasoningKnobs(profile: ProviderProfile, controls: ReasoningControls, maxTokens: number | undefined): ReasoningKnobs {
  const fields: Record<string, unknown> = {};
  const notApplied: string[] = [];
  const name = profile.label;
  const { effort, budgetTokens, fastMode } = controls;
  let thinking: 'on' | 'off' = profile.thinksByDefault === false ? 'off' : 'on';

  if (fastMode === true) {
    const offEffort = (['none', 'minimal'] as const).find((e) => profile.reasoningEfforts.includes(e));
    if (profile.supportsEnableThinking) {
      if (profile.thinkingSwitch === 'thinking.type') setPath(fields, 'thinking.type', 'disabled');
      else setPath(fields, 'chat_template_kwargs.enable_thinking', false);
      thinking = 'off';
    } else if (profile.thinksByDefault === false) {
      // Nothing to send: the model thinks only when a budget switches thinking on.
      thinking = 'off';
    } else if (offEffort !== undefined) {
      setEffort(profile, fields, offEffort);
      if (offEffort === 'none') thinking = 'off';
    } else {
      notApplied.push(`fast mode: ${name} has no way to turn thinking off`);
    }
    if (effort !== undefined) notApplied.push(`effort ${effort}: fast mode turns thinking off instead`);
    if (budgetTokens !== undefined) notApplied.push(`reasoning budget ${budgetTokens} tokens: fast mode turns thinking off instead`);
    return { fields, notApplied, thinking };
  }

  let budgetSent = false;
  if (budgetTokens !== undefined) {
    const budget = applicableBudget(profile, budgetTokens, maxTokens, notApplied);
    if (budget !== undefined) {
      for (const field of budgetFieldsOf(profile)) {
        for (const [path, value] of BUDGET_COMPANIONS[field]) setPath(fields, path, value);
        setPath(fields, field, budget);
      }
      budgetSent = true;
      thinking = 'on';
    }
  }
  if (effort !== undefined) {
    if (!profile.reasoningEfforts.includes(effort)) {
      const accepted = profile.reasoningEfforts.length > 0 ? `accepts ${profile.reasoningEfforts.join(', ')}` : 'takes no reasoning effort';
      notApplied.push(`effort ${effort}: ${name} ${accepted}`);
    } else if (budgetSent && takesEffortOrBudget(profile)) {
      notApplied.push(`effort ${effort}: ${name} takes an effort or a token budget, and the budget was sent`);
    } else {
      setEffort(profile, fields, effort);
      thinking = effort === 'none' ? 'off' : 'on';
    }
  }
  return { fields, notApplied, thinking };
}

/** The budget to send, raised to the profile's minimum; undefined (and reported) when it cannot be sent. */
function applicableBudget(profile: ProviderProfile, asked: number, maxTokens: number | undefined, notApplied: string[]): number | undefined {
  const name = profile.label;
  if (!profile.supportsThinkingBudget) {
    notApplied.push(`reasoning budget ${asked} tokens: ${name} takes no reasoning-token budget`);
    return undefined;
  }
  let budget = asked;
  const min = profile.minThinkingBudget;
  if (min !== undefined && budget < min) {
    notApplied.push(`reasoning budget ${asked} tokens: ${name} takes at least ${min}, so ${min} was sent`);
    budget = min;
  }
  if (profile.thinkingBudgetBelowMaxTokens === true && maxTokens !== undefined && budget >= maxTokens) {
    notApplied.push(`reasoning budget ${budget} tokens: ${name} needs it below the max tokens (${maxTokens}), so thinking stayed off`);
    return undefined;
  }
  return budget;
}

function setEffort(profile: ProviderProfile, fields: Record<string, unknown>, effort: ReasoningEffort): void {
  setPath(fields, profile.reasoningObject === true ? 'reasoning.effort' : 'reasoning_effort', effort);
}

/** Sets `a.b.c` in `target`, creating the objects on the way (the paths here are fixed strings, never input). */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() ?? path;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else node = node[key] = {};
  }
  node[last] = value;
}
