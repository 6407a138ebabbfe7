/**
 * The reply side of the scripted model server: what a script may say, and the exact
 * OpenAI wire format (chat.completion JSON and chat.completion.chunk SSE events) built
 * from it. Kept apart from the HTTP plumbing in `scriptedModelServer.ts`.
 */

/** One choice of a scripted completion. Every field is optional. */
export interface ScriptedChoice {
  /** The answer text, `<think>` tags and code fences included as the model would send them. */
  content?: string;
  /** vLLM / LM Studio / DeepSeek style reasoning field. */
  reasoning_content?: string;
  /** OpenRouter / Ollama / newer vLLM style reasoning field. */
  reasoning?: string;
  /** OpenRouter's structured reasoning; streamed text and summaries are cut into fragments like content. */
  reasoning_details?: ScriptedReasoningDetail[];
  /**
   * Stream each `reasoning_details` fragment in one delta with the same text as `reasoning`,
   * as OpenRouter does (set `reasoning` to the joined text for the non-streamed message).
   */
  mirrorReasoning?: boolean;
  /** Default `stop`. */
  finish_reason?: string;
}

/** One entry of OpenRouter's `reasoning_details`; `reasoning.encrypted` carries only opaque `data`. */
export type ScriptedReasoningDetail =
  | { type: 'reasoning.text'; text: string; signature?: string }
  | { type: 'reasoning.summary'; summary: string }
  | { type: 'reasoning.encrypted'; data: string };

/** A `usage` object; `reasoning_tokens` becomes `completion_tokens_details.reasoning_tokens`. */
export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens?: number;
  /** OpenRouter's `usage.cost`: what the request was billed, in US dollars. */
  cost?: number;
}

/**
 * What the server does with one chat completion request. The top-level choice fields are
 * shorthand for "every choice": the reply has `n` of them (the request's `n`, default 1)
 * unless `choices` lists them explicitly (then exactly those, whatever `n` said — as a
 * server that ignores `n` would).
 */
export interface ScriptedReply extends ScriptedChoice {
  choices?: ScriptedChoice[];
  /** Omitted: computed (about 4 characters a token). `null`: no usage at all, as some servers do. */
  usage?: ScriptedUsage | null;
  /** HTTP status, default 200. A non-2xx status sends `body` (default an OpenAI error object). */
  status?: number;
  /** Extra response headers, e.g. `{ "retry-after": "1" }` or `{ "retry-after-ms": "300" }`. */
  headers?: Record<string, string>;
  /** Replaces the response body: a string is sent verbatim (malformed JSON), anything else as JSON. */
  body?: unknown;
  /** Wait before answering at all. */
  delayMs?: number;
  /** Wait between SSE chunks, for slow streams. */
  chunkDelayMs?: number;
  /** Characters per streamed content/reasoning fragment, default 16. */
  chunkChars?: number;
  /** Destroy the socket after this many SSE chunks (non-streamed: after half the body). */
  dropAfterChunks?: number;
}

/** The parts of a request body the replies depend on. */
export interface ReplyContext {
  model: string;
  n: number;
  includeUsage: boolean;
  promptChars: number;
}

const CREATED = 1_700_000_000;

/** A choice with its defaults filled in. */
export interface ResolvedChoice extends ScriptedChoice {
  content: string;
  finish_reason: string;
}

/** The choices a reply describes for a request asking for `n`. */
export function choicesOf(reply: ScriptedReply, n: number): ResolvedChoice[] {
  const base: ScriptedChoice[] = reply.choices ?? Array.from({ length: n }, () => reply);
  return base.map((c) => ({
    content: c.content ?? '',
    finish_reason: c.finish_reason ?? 'stop',
    ...(c.reasoning_content !== undefined ? { reasoning_content: c.reasoning_content } : {}),
    ...(c.reasoning !== undefined ? { reasoning: c.reasoning } : {}),
    ...(c.reasoning_details !== undefined ? { reasoning_details: c.reasoning_details } : {}),
    ...(c.mirrorReasoning !== undefined ? { mirrorReasoning: c.mirrorReasoning } : {}),
  }));
}

/** The `usage` object of a reply, or undefined when the script says there is none. */
export function usageOf(reply: ScriptedReply, ctx: ReplyContext): Record<string, unknown> | undefined {
  if (reply.usage === null) return undefined;
  if (reply.usage !== undefined) {
    const { prompt_tokens, completion_tokens, reasoning_tokens, cost } = reply.usage;
    return {
      prompt_tokens,
      completion_tokens,
      total_tokens: prompt_tokens + completion_tokens,
      ...(reasoning_tokens !== undefined ? { completion_tokens_details: { reasoning_tokens } } : {}),
      ...(cost !== undefined ? { cost } : {}),
    };
  }
  const choices = choicesOf(reply, ctx.n);
  const tokens = (s: string | undefined): number => Math.ceil((s ?? '').length / 4);
  const detailText = (c: ScriptedChoice): string =>
    (c.reasoning_details ?? []).map((d) => (d.type === 'reasoning.text' ? d.text : d.type === 'reasoning.summary' ? d.summary : '')).join('');
  // A mirrored `reasoning` repeats the details' text: its tokens are counted once.
  const reasoning = choices.reduce((sum, c) => sum + tokens(c.reasoning_content) + (c.mirrorReasoning === true ? 0 : tokens(c.reasoning)) + tokens(detailText(c)), 0);
  const completion = choices.reduce((sum, c) => sum + tokens(c.content), 0) + reasoning;
  const prompt = Math.ceil(ctx.promptChars / 4);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    completion_tokens_details: { reasoning_tokens: reasoning },
  };
}

/** A non-streamed `chat.completion` body. */
export function completionBody(reply: ScriptedReply, ctx: ReplyContext, id: string): Record<string, unknown> {
  const usage = usageOf(reply, ctx);
  return {
    id,
    object: 'chat.completion',
    created: CREATED,
    model: ctx.model,
    choices: choicesOf(reply, ctx.n).map((c, index) => ({
      index,
      message: {
        role: 'assistant',
        content: c.content,
        ...(c.reasoning_content !== undefined ? { reasoning_content: c.reasoning_content } : {}),
        ...(c.reasoning !== undefined ? { reasoning: c.reasoning } : {}),
        ...(c.reasoning_details !== undefined ? { reasoning_details: c.reasoning_details } : {}),
      },
      finish_reason: c.finish_reason,
    })),
    ...(usage !== undefined ? { usage } : {}),
  };
}

/**
 * The `data:` payloads of a streamed reply, in order, `[DONE]` last. Choices are
 * interleaved fragment by fragment, as servers do for `n > 1`; each choice streams its
 * reasoning fields first, then its content, then a chunk carrying `finish_reason`.
 */
export function streamEvents(reply: ScriptedReply, ctx: ReplyContext, id: string): string[] {
  const size = Math.max(1, reply.chunkChars ?? 16);
  const chunk = (choices: unknown[], usage?: Record<string, unknown>): string =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created: CREATED, model: ctx.model, choices, ...(usage ? { usage } : {}) });
  const perChoice = choicesOf(reply, ctx.n).map((c, index) => {
    const deltas: Record<string, unknown>[] = [{ role: 'assistant', content: '' }];
    for (const key of ['reasoning_content', 'reasoning'] as const) {
      if (key === 'reasoning' && c.mirrorReasoning === true) continue;
      for (const piece of pieces(c[key] ?? '', size)) deltas.push({ [key]: piece });
    }
    deltas.push(...reasoningDetailDeltas(c, size));
    for (const piece of pieces(c.content, size)) deltas.push({ content: piece });
    const events = deltas.map((delta) => chunk([{ index, delta, finish_reason: null }]));
    events.push(chunk([{ index, delta: {}, finish_reason: c.finish_reason }]));
    return events;
  });
  const events: string[] = [];
  const longest = Math.max(0, ...perChoice.map((e) => e.length));
  for (let i = 0; i < longest; i++) for (const list of perChoice) if (i < list.length) events.push(list[i] ?? '');
  const usage = ctx.includeUsage ? usageOf(reply, ctx) : undefined;
  if (usage !== undefined) events.push(chunk([], usage));
  events.push('[DONE]');
  return events;
}

/** An OpenAI-style error body. */
export function errorBody(message: string, type: string, code: string | null): Record<string, unknown> {
  return { error: { message, type, param: null, code } };
}

/** Stream deltas of a choice's `reasoning_details`: one entry per delta, texts cut into fragments. */
function reasoningDetailDeltas(choice: ScriptedChoice, size: number): Record<string, unknown>[] {
  const deltas: Record<string, unknown>[] = [];
  (choice.reasoning_details ?? []).forEach((detail, index) => {
    if (detail.type === 'reasoning.encrypted') {
      deltas.push({ reasoning_details: [{ ...detail, index }] });
      return;
    }
    const text = detail.type === 'reasoning.text' ? detail.text : detail.summary;
    for (const piece of pieces(text, size)) {
      const entry = detail.type === 'reasoning.text' ? { type: detail.type, text: piece, index } : { type: detail.type, summary: piece, index };
      deltas.push({ reasoning_details: [entry], ...(choice.mirrorReasoning === true ? { reasoning: piece } : {}) });
    }
  });
  return deltas;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
