import type { ProviderProfile } from './types';

/** Profile ids that name a known server; `custom` is built with {@link customProfile}. */
export type KnownProviderId = Exclude<ProviderProfile['id'], 'custom'>;

/** Fields a caller may override; the id is fixed by the profile it starts from. */
export type ProviderProfileOverrides = Partial<Omit<ProviderProfile, 'id'>>;

/**
 * OpenAI's own API, through the Responses API: the only one that returns reasoning
 * summaries. Azure's v1 endpoint (`https://RESOURCE.openai.azure.com/openai/v1`) serves
 * `/responses` too and takes the same knobs.
 */
const OPENAI: ProviderProfile = {
  id: 'openai',
  label: 'OpenAI',
  api: 'responses',
  // Chat Completions takes `n`; the Responses API does not, so the client sends one request per sample.
  supportsN: true,
  // 'none' is GPT-5.1+, 'minimal' GPT-5; o-series take low/medium/high.
  reasoningEfforts: ['none', 'minimal', 'low', 'medium', 'high'],
  usesMaxCompletionTokens: true,
  supportsEnableThinking: false,
  supportsThinkingBudget: false,
  // o-series and GPT-5 reasoning models answer 400 to any temperature/top_p but the default.
  supportsSamplingParams: false,
  supportsStreaming: true,
  // Reasoning summaries arrive as reasoning text (Chat Completions would return only their token count).
  reasoningSources: ['reasoning'],
};

/**
 * What each OpenAI-compatible server really accepts on `/v1/chat/completions`, each
 * capability cited from the provider's own documentation where it is not obvious.
 * The request builder sends only these knobs; anything else is reported as not applied.
 */
export const PROVIDER_PROFILES: Readonly<Record<KnownProviderId, Readonly<ProviderProfile>>> = {
  openai: OPENAI,
  azure: { ...OPENAI, id: 'azure', label: 'Azure OpenAI' },
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    // OpenRouter routes each request to one upstream and returns one choice whatever `n` says.
    supportsN: false,
    reasoningEfforts: ['none', 'minimal', 'low', 'medium', 'high'],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    // `reasoning.max_tokens` is its normalised thinking budget.
    supportsThinkingBudget: true,
    // OpenRouter, "Reasoning Tokens": `reasoning` takes `effort` or `max_tokens`, not both.
    effortOrBudget: true,
    supportsSamplingParams: true,
    supportsStreaming: true,
    // OpenRouter, "Reasoning Tokens": `reasoning_details` (text, summaries; encrypted ones carry no
    // text) in messages and stream deltas, beside the plain `reasoning` string.
    reasoningSources: ['reasoning_details', 'reasoning', 'think-tags'],
    reasoningObject: true,
    // OpenRouter, "Usage Accounting": `usage.cost` is the request's charge in credits (one US dollar each).
    // The page now says usage is always included and `usage: { include: true }` is deprecated with
    // no effect; it is still sent because earlier versions of the page required it for the cost.
    reportsCost: true,
  },
  vllm: {
    id: 'vllm',
    label: 'vLLM',
    supportsN: true,
    // Only templates that read it (gpt-oss) act on reasoning_effort; hybrid models use enable_thinking.
    reasoningEfforts: ['low', 'medium', 'high'],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: true,
    supportsThinkingBudget: true,
    // Read by chat templates that define it (Qwen3); vLLM itself enforces `thinking_token_budget`.
    thinkingBudgetFields: ['thinking_token_budget', 'chat_template_kwargs.thinking_budget'],
    supportsSamplingParams: true,
    supportsStreaming: true,
    // Older vLLM sends `reasoning_content`, newer `reasoning`; without a reasoning parser the tags stay in content.
    reasoningSources: ['reasoning_content', 'reasoning', 'think-tags'],
  },
  ollama: {
    id: 'ollama',
    label: 'Ollama',
    // The OpenAI-compatible endpoint ignores `n` and always answers with one choice.
    supportsN: false,
    // 'none' is how its compatibility layer turns thinking off.
    reasoningEfforts: ['none', 'low', 'medium', 'high'],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    supportsThinkingBudget: false,
    supportsSamplingParams: true,
    supportsStreaming: true,
    reasoningSources: ['reasoning', 'think-tags'],
  },
  lmstudio: {
    id: 'lmstudio',
    label: 'LM Studio',
    supportsN: false,
    reasoningEfforts: ['low', 'medium', 'high'],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    supportsThinkingBudget: false,
    supportsSamplingParams: true,
    supportsStreaming: true,
    // `reasoning_content` when "separate reasoning" is on in its developer settings, tags otherwise.
    reasoningSources: ['reasoning_content', 'think-tags'],
  },
  deepseek: {
    id: 'deepseek',
    label: 'DeepSeek',
    // The chat completion reference lists no `n`: one request per sample.
    supportsN: false,
    // DeepSeek API docs, "Thinking Mode": `reasoning_effort` maps minimal/low to low and
    // medium/high to high, so only the two that differ are offered.
    reasoningEfforts: ['low', 'high'],
    usesMaxCompletionTokens: false,
    // DeepSeek API docs, "Thinking Mode": `thinking: { type: 'enabled' | 'disabled' }`, enabled by default.
    supportsEnableThinking: true,
    thinkingSwitch: 'thinking.type',
    thinksByDefault: true,
    supportsThinkingBudget: false,
    // DeepSeek API docs, "Thinking Mode": temperature and top_p are accepted but have no effect
    // in thinking mode, so they are sent only when fast mode turns thinking off.
    supportsSamplingParams: true,
    samplingOffWhileThinking: true,
    supportsStreaming: true,
    // DeepSeek API docs, "Thinking Mode" / "Reasoning Model": the chain of thought is `reasoning_content`,
    // beside `content`; "Create Chat Completion": its tokens are `usage.completion_tokens_details.reasoning_tokens`.
    reasoningSources: ['reasoning_content'],
  },
  anthropic: {
    id: 'anthropic',
    label: 'Anthropic (OpenAI SDK compatibility)',
    // Anthropic, "OpenAI SDK compatibility": `n` must be exactly 1.
    supportsN: false,
    // Same page: `reasoning_effort` is ignored.
    reasoningEfforts: [],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    // Same page: extended thinking through `thinking: { type: 'enabled', budget_tokens }` in the body;
    // extended thinking docs: at least 1,024 tokens and below `max_tokens`. Without it Claude does not think.
    supportsThinkingBudget: true,
    thinkingBudgetFields: ['thinking.budget_tokens'],
    minThinkingBudget: 1024,
    thinkingBudgetBelowMaxTokens: true,
    thinksByDefault: false,
    // Same page: temperature from 0 to 1, higher values capped at 1; extended thinking docs:
    // thinking is not compatible with temperature changes.
    supportsSamplingParams: true,
    maxTemperature: 1,
    samplingOffWhileThinking: true,
    supportsStreaming: true,
    // Same page: the thinking is applied but its text is not returned, and
    // `completion_tokens_details` stays empty, so neither text nor its token count comes back.
    reasoningSources: [],
    reportsReasoningTokens: false,
  },
  gemini: {
    id: 'gemini',
    label: 'Gemini (OpenAI compatibility)',
    // The compatibility page does not list `n`: one request per sample is the safe reading.
    supportsN: false,
    // Gemini API, "OpenAI compatibility": `reasoning_effort` minimal/low/medium/high map to thinking
    // levels or budgets; `none` turns thinking off on the models that allow it (not 2.5 Pro or Gemini 3).
    reasoningEfforts: ['none', 'minimal', 'low', 'medium', 'high'],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    // Same page: a budget through `extra_body.google.thinking_config.thinking_budget`, which overlaps
    // `reasoning_effort` and cannot be sent with it. `extra_body` is a literal key of the JSON body
    // (the page's REST example); Python's SDK needs it nested in its own `extra_body` option to get there.
    supportsThinkingBudget: true,
    thinkingBudgetFields: ['extra_body.google.thinking_config.thinking_budget'],
    effortOrBudget: true,
    supportsSamplingParams: true,
    supportsStreaming: true,
    // Same page: with `include_thoughts: true` the thoughts come back inside the content, in
    // `<thought>` tags (sent with a budget only: the thinking config cannot go beside an effort).
    reasoningSources: ['thought-tags'],
  },
  // `best-of-n replay-server`: takes every knob and records it, so the controls can be shown working,
  // but its answers are recorded samples that no effort or budget changes (max tokens still cuts them).
  replay: {
    id: 'replay',
    label: 'Replay server (recorded answers: effort and budgets are recorded, not acted on)',
    supportsN: true,
    reasoningEfforts: ['none', 'minimal', 'low', 'medium', 'high'],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: true,
    supportsThinkingBudget: true,
    supportsSamplingParams: true,
    supportsStreaming: true,
    reasoningSources: [],
  },
  // VS Code's Language Model API (`vscode.lm`): no `n`, no sampling or reasoning options the
  // API defines (model options are vendor-specific), no usage in the response (tokens are
  // counted with the model's own `countTokens`), and reasoning text only as thinking parts
  // where the model provides them.
  'vscode-lm': {
    id: 'vscode-lm',
    label: 'VS Code language model',
    supportsN: false,
    reasoningEfforts: [],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    supportsThinkingBudget: false,
    supportsSamplingParams: false,
    supportsStreaming: true,
    reasoningSources: ['reasoning'],
  },
};

/**
 * A profile for any other OpenAI-compatible server. The base is deliberately
 * conservative (no reasoning knobs, classic `max_tokens`) so nothing is sent that a
 * strict server would reject; `n` support is detected from the first answer (servers
 * that do not know `n` ignore it rather than reject it); `overrides` set capabilities.
 */
export function customProfile(overrides: ProviderProfileOverrides = {}): ProviderProfile {
  const base: ProviderProfile = {
    id: 'custom',
    label: 'Custom OpenAI-compatible server',
    supportsN: 'detect',
    reasoningEfforts: [],
    usesMaxCompletionTokens: false,
    supportsEnableThinking: false,
    supportsThinkingBudget: false,
    supportsSamplingParams: true,
    supportsStreaming: true,
    reasoningSources: ['reasoning_content', 'reasoning', 'think-tags'],
  };
  return copyProfile({ ...base, ...overrides, id: 'custom' });
}

/**
 * The profile for `id` (one of {@link PROVIDER_PROFILES} or `custom`), with `overrides`
 * applied. Returns a fresh copy, so callers may not change the shared table by accident.
 * Throws a clear error for an unknown id (it usually comes from a setting typed by hand).
 */
export function getProviderProfile(id: string, overrides: ProviderProfileOverrides = {}): ProviderProfile {
  if (id === 'custom') return customProfile(overrides);
  if (!isKnownProviderId(id)) {
    const known = [...Object.keys(PROVIDER_PROFILES), 'custom'].join(', ');
    throw new Error(`Unknown provider profile "${id}". Use one of: ${known}.`);
  }
  return copyProfile({ ...PROVIDER_PROFILES[id], ...overrides, id });
}

/** True when `id` names a built-in profile. */
export function isKnownProviderId(id: string): id is KnownProviderId {
  return Object.prototype.hasOwnProperty.call(PROVIDER_PROFILES, id);
}

function copyProfile(profile: ProviderProfile): ProviderProfile {
  return {
    ...profile,
    reasoningEfforts: [...profile.reasoningEfforts],
    reasoningSources: [...profile.reasoningSources],
    ...(profile.thinkingBudgetFields !== undefined ? { thinkingBudgetFields: [...profile.thinkingBudgetFields] } : {}),
  };
}
