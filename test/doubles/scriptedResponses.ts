/**
 * The Responses API side of the scripted model server: the same {@link ScriptedReply}
 * scripts rendered as a `response` object (non-streamed) or as the Responses SSE stream
 * (`event:` + `data:` per message, each with a `sequence_number`), as OpenAI's API
 * reference describes them. A reply's reasoning becomes the reasoning summary (one
 * summary part per blank-line-separated paragraph); `finish_reason: length` becomes an
 * `incomplete` response with `max_output_tokens` as its reason.
 */
import { choicesOf, usageOf } from './scriptedReplies';
import type { ReplyContext, ScriptedReply } from './scriptedReplies';
import { isObject } from './scriptedServerIo';

const CREATED = 1_700_000_000;

/**
 * Top-level fields of `POST /responses` the server knows. OpenAI answers 400
 * `unknown_parameter` for anything else (a chat-only `n`, `max_tokens`, `messages`), and
 * so does this double, so a client that sends chat fields here is caught.
 */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'model', 'input', 'instructions', 'max_output_tokens', 'reasoning', 'store', 'stream', 'stream_options',
  'temperature', 'top_p', 'text', 'tools', 'tool_choice', 'metadata', 'include', 'previous_response_id',
  'parallel_tool_calls', 'truncation', 'user', 'service_tier', 'background', 'prompt_cache_key',
  'safety_identifier', 'top_logprobs', 'conversation', 'prompt', 'max_tool_calls',
]);

/** Why a `/responses` body would be refused, or undefined when it is acceptable. */
export function responsesBodyProblem(body: unknown): { message: string; param: string | null; code: string } | undefined {
  if (!isObject(body) || typeof body['model'] !== 'string') {
    return { message: 'The body must be JSON with `model` and `input`.', param: null, code: 'missing_required_parameter' };
  }
  const unknown = Object.keys(body).find((key) => !KNOWN_FIELDS.has(key));
  if (unknown !== undefined) return { message: `Unknown parameter: '${unknown}'.`, param: unknown, code: 'unknown_parameter' };
  if (typeof body['input'] !== 'string' && !Array.isArray(body['input'])) {
    return { message: "Missing required parameter: 'input'.", param: 'input', code: 'missing_required_parameter' };
  }
  return undefined;
}

/** Characters of the prompt (`instructions` and every text in `input`), for computed usage. */
export function responsesPromptChars(body: Record<string, unknown>): number {
  const text = (value: unknown): number => {
    if (typeof value === 'string') return value.length;
    if (Array.isArray(value)) return value.reduce<number>((sum, part) => sum + text(part), 0);
    if (isObject(value)) return text(value['content'] ?? value['text']);
    return 0;
  };
  return text(body['instructions']) + text(body['input']);
}

/** The reply as one Responses answer: the first choice's text, reasoning and finish. */
interface Answer {
  content: string;
  summaries: string[];
  status: 'completed' | 'incomplete';
  incompleteReason?: string;
}

function answerOf(reply: ScriptedReply): Answer {
  const [choice] = choicesOf(reply, 1);
  const reasoning = choice?.reasoning ?? choice?.reasoning_content ?? '';
  const summaries = reasoning === '' ? [] : reasoning.split(/\n\s*\n/);
  const finish = choice?.finish_reason ?? 'stop';
  if (finish === 'stop') return { content: choice?.content ?? '', summaries, status: 'completed' };
  const incompleteReason = finish === 'length' ? 'max_output_tokens' : finish;
  return { content: choice?.content ?? '', summaries, status: 'incomplete', incompleteReason };
}

/** A Responses `usage` object from the script's (chat-shaped) usage, or undefined for none. */
function responsesUsage(reply: ScriptedReply, ctx: ReplyContext): Record<string, unknown> | undefined {
  const chat = usageOf(reply, { ...ctx, n: 1 });
  if (chat === undefined) return undefined;
  const details = chat['completion_tokens_details'];
  const reasoning = isObject(details) && typeof details['reasoning_tokens'] === 'number' ? details['reasoning_tokens'] : 0;
  return {
    input_tokens: chat['prompt_tokens'],
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: chat['completion_tokens'],
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: chat['total_tokens'],
  };
}

function reasoningItem(id: string, summaries: string[]): Record<string, unknown> {
  return { id: `rs_${id}`, type: 'reasoning', summary: summaries.map((text) => ({ type: 'summary_text', text })) };
}

function messageItem(id: string, text: string, status: string): Record<string, unknown> {
  const content = text === '' && status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }];
  return { id: `msg_${id}`, type: 'message', status, role: 'assistant', content };
}

/** The `response` object, as a non-streamed body or inside the stream's first and last events. */
function responseObject(answer: Answer | undefined, ctx: ReplyContext, id: string, usage: Record<string, unknown> | undefined): Record<string, unknown> {
  const output: Record<string, unknown>[] = [];
  if (answer !== undefined && answer.summaries.length > 0) output.push(reasoningItem(id, answer.summaries));
  if (answer !== undefined) output.push(messageItem(id, answer.content, answer.status === 'completed' ? 'completed' : 'incomplete'));
  return {
    id: `resp_${id}`,
    object: 'response',
    created_at: CREATED,
    status: answer?.status ?? 'in_progress',
    error: null,
    incomplete_details: answer?.incompleteReason !== undefined ? { reason: answer.incompleteReason } : null,
    model: ctx.model,
    output,
    ...(usage !== undefined ? { usage } : {}),
  };
}

/** A non-streamed Responses body. */
export function responsesBody(reply: ScriptedReply, ctx: ReplyContext, id: string): Record<string, unknown> {
  return responseObject(answerOf(reply), ctx, id, responsesUsage(reply, ctx));
}

/**
 * The SSE messages of a streamed reply, in order, each `event: TYPE\ndata: JSON\n\n`:
 * `response.created`, `response.in_progress`, the reasoning item with its summary parts and
 * text deltas, the message item with its `output_text` deltas, then `response.completed`
 * (or `response.incomplete`) carrying the usage. There is no `[DONE]` in this API.
 */
export function responsesStreamEvents(reply: ScriptedReply, ctx: ReplyContext, id: string): string[] {
  const answer = answerOf(reply);
  const size = Math.max(1, reply.chunkChars ?? 16);
  const events: string[] = [];
  const emit = (type: string, fields: Record<string, unknown>): void => {
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: events.length, ...fields })}\n\n`);
  };
  emit('response.created', { response: responseObject(undefined, ctx, id, undefined) });
  emit('response.in_progress', { response: responseObject(undefined, ctx, id, undefined) });
  let outputIndex = 0;
  if (answer.summaries.length > 0) {
    const item_id = `rs_${id}`;
    const output_index = outputIndex++;
    emit('response.output_item.added', { output_index, item: reasoningItem(id, []) });
    answer.summaries.forEach((text, summary_index) => {
      const at = { item_id, output_index, summary_index };
      emit('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
      for (const delta of pieces(text, size)) emit('response.reasoning_summary_text.delta', { ...at, delta });
      emit('response.reasoning_summary_text.done', { ...at, text });
      emit('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text } });
    });
    emit('response.output_item.done', { output_index, item: reasoningItem(id, answer.summaries) });
  }
  const at = { item_id: `msg_${id}`, output_index: outputIndex, content_index: 0 };
  emit('response.output_item.added', { output_index: outputIndex, item: messageItem(id, '', 'in_progress') });
  emit('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [] } });
  for (const delta of pieces(answer.content, size)) emit('response.output_text.delta', { ...at, delta, logprobs: [] });
  emit('response.output_text.done', { ...at, text: answer.content, logprobs: [] });
  emit('response.content_part.done', { ...at, part: { type: 'output_text', text: answer.content, annotations: [] } });
  emit('response.output_item.done', { output_index: outputIndex, item: messageItem(id, answer.content, answer.status) });
  const final = responseObject(answer, ctx, id, responsesUsage(reply, ctx));
  emit(answer.status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final });
  return events;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
