import { APIError } from 'openai';
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
 * `summariesRefused` is the server's reason when it has refused summaries to this key:
 * then none are asked for, and the note says why the reasoning stays empty.
 */
export function buildResponsesKnobs(profile: ProviderProfile, request: CompletionRequest, summariesRefused?: string): AppliedKnobs {
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
  if (profile.reasoningSources.includes('reasoning')) {
    if (summariesRefused === undefined) reasoning['summary'] = 'auto';
    else notApplied.push(`reasoning summaries: ${profile.label} refused them for this key ("${summariesRefused}"), so candidates come without reasoning text`);
  }
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

/**
 * Endpoints and models (`URL model`) whose server refused reasoning summaries to this
 * key, with its words, for the life of the process: later requests go without them.
 */
const refusedSummaries = new Map<string, string>();

/** The server's words if it has refused summaries for `key`, else undefined. */
export function summariesRefusedFor(key: string): string | undefined {
  return refusedSummaries.get(key);
}

/**
 * When `err` is the server refusing the `reasoning.summary` that `applied` asked for
 * (OpenAI answers 400 with that `param` to organizations that are not verified), records
 * the refusal for `key` and returns the server's words; the caller asks again without
 * summaries. Undefined for any other failure, so it is classified as usual.
 */
export function summaryRefusal(err: unknown, applied: AppliedKnobs, key: string): string | undefined {
  const reasoning = applied.sent['reasoning'];
  const asked = typeof reasoning === 'object' && reasoning !== null && 'summary' in reasoning;
  if (!asked || !(err instanceof APIError) || err.status !== 400 || err.param !== 'reasoning.summary') return undefined;
  const body: unknown = err.error;
  const said = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : err.message;
  const message = said.length > 200 ? `${said.slice(0, 200)}…` : said;
  // Parallel requests may all be refused; the first one's words are kept.
  if (!refusedSummaries.has(key)) refusedSummaries.set(key, message);
  return refusedSummaries.get(key);
}
