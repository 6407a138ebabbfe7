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
 * What each OpenAI-compatible server really accepts on `/v1/chat/completions`.
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
    supportsSamplingParams: true,
    supportsStreaming: true,
    reasoningSources: ['reasoning', 'think-tags'],
    reasoningObject: true,
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
  };
}
