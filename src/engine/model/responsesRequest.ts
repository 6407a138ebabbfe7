import { buildRequestKnobs } from './requestKnobs';
import type { AppliedKnobs, ChatMessage, CompletionRequest, ProviderProfile } from './types';

/** One message of a Responses API `input` list (the "easy input message" shape). */
export interface ResponsesInputMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The body of `POST /responses` without the `stream` flag, which the client adds. */
export interface ResponsesBody {
  model: string;
  instructions?: string;
  input: ResponsesInputMessage[];
  /** Never kept on the server: a sample is used once, and the prompt may hold the user's code. */
  store: false;
  [knob: string]: unknown;
}

/**
 * The chat-completions knob names {@link buildRequestKnobs} produces, spelled for the
 * Responses API (OpenAI API reference, "Create a model response"): `reasoning_effort`
 * becomes `reasoning.effort`, either token cap becomes `max_output_tokens`, and the
 * sampling parameters keep their names. There is no `n` (one response per request).
 */
const TRANSLATED: Readonly<Record<string, string>> = {
  max_completion_tokens: 'max_output_tokens',
  max_tokens: 'max_output_tokens',
  temperature: 'temperature',
  top_p: 'top_p',
};

/**
 * The knobs of `request` for a profile that speaks the Responses API. What is applied is
 * decided by {@link buildRequestKnobs} exactly as for chat; this only renames what it
 * sent, asks for reasoning summaries when the profile reads reasoning text, and reports
 * any chat-only control (thinking-template flags, budgets) as not applied, with why.
 */
export function buildResponsesKnobs(profile: ProviderProfile, request: CompletionRequest): AppliedKnobs {
  // The client makes one request per sample here, so `n` never reaches the knobs.
  const chat = buildRequestKnobs({ ...profile, supportsN: false }, request);
  const sent: Record<string, unknown> = {};
  const notApplied = [...chat.notApplied];
  const reasoning: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(chat.sent)) {
    const renamed = TRANSLATED[name];
    if (renamed !== undefined) sent[renamed] = value;
    else if (name === 'reasoning_effort') reasoning['effort'] = value;
    else notApplied.push(`${name} ${JSON.stringify(value)}: the Responses API has no such parameter`);
  }
  // Summaries are the only reasoning text the Responses API returns (OpenAI docs, "Reasoning summaries").
  if (profile.reasoningSources.includes('reasoning')) reasoning['summary'] = 'auto';
  if (Object.keys(reasoning).length > 0) sent['reasoning'] = reasoning;
  return { sent, notApplied };
}

/**
 * The request body for `messages` with the knobs already decided. System messages become
 * `instructions` (joined by blank lines, in order); the others are the `input`. A
 * conversation of system messages only is sent as input as it is, since `input` is what
 * the model answers.
 */
export function buildResponsesBody(model: string, messages: readonly ChatMessage[], applied: AppliedKnobs): ResponsesBody {
  const system = messages.filter((m) => m.role === 'system');
  const rest = messages.filter((m) => m.role !== 'system');
  const input = (rest.length > 0 ? rest : system).map((m) => ({ role: m.role, content: m.content }));
  const instructions = rest.length > 0 && system.length > 0 ? system.map((m) => m.content).join('\n\n') : undefined;
  return {
    model,
    ...(instructions !== undefined ? { instructions } : {}),
    input,
    ...applied.sent,
    store: false,
  };
}
