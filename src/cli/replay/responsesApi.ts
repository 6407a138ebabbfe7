import type { ServerResponse } from 'node:http';
import { type ChatRequest, checkKnobs, parseJsonObject, RequestError } from './chatRequest';

/**
 * Chat Completions fields the Responses API does not take. OpenAI answers them with 400
 * `unknown_parameter`, and so does the replay server, so a client that mixes the APIs up
 * finds out here rather than against the real service.
 */
const CHAT_ONLY_FIELDS = ['n', 'messages', 'max_tokens', 'max_completion_tokens', 'reasoning_effort', 'stream_options', 'chat_template_kwargs', 'thinking_token_budget'];

/** The text of one `input` message's content: a string or a list of `input_text` / `output_text` parts. */
function inputText(content: unknown, at: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new RequestError(`${at}.content must be a string or a list of content parts.`, 400, 'invalid_value', `${at}.content`);
  // Only text parts carry anything the server can match a task on; images and files are skipped.
  return content
    .map((part: unknown) => {
      if (typeof part !== 'object' || part === null) return '';
      const { type, text } = part as { type?: unknown; text?: unknown };
      return (type === 'input_text' || type === 'output_text') && typeof text === 'string' ? text : '';
    })
    .join('\n');
}

/**
 * Parses and validates a `/v1/responses` body into the same request the chat route reads:
 * `instructions` as a system message first, then each `input` message in order (a string
 * `input` is one user message). There is no `n`: one request is one sample.
 */
export function parseResponsesRequest(raw: string): ChatRequest {
  const record = parseJsonObject(raw);
  const chatOnly = CHAT_ONLY_FIELDS.find((field) => record[field] !== undefined);
  if (chatOnly !== undefined) throw new RequestError(`Unknown parameter: '${chatOnly}'.`, 400, 'unknown_parameter', chatOnly);
  if (typeof record.model !== 'string' || record.model === '') {
    throw new RequestError('"model" is required.', 400, 'missing_required_parameter', 'model');
  }
  const messages: { role: string; text: string }[] = [];
  if (record.instructions !== undefined && record.instructions !== null) {
    if (typeof record.instructions !== 'string') throw new RequestError('"instructions" must be a string.', 400, 'invalid_value', 'instructions');
    messages.push({ role: 'system', text: record.instructions });
  }
  if (typeof record.input === 'string') {
    messages.push({ role: 'user', text: record.input });
  } else if (Array.isArray(record.input) && record.input.length > 0) {
    record.input.forEach((item: unknown, index: number) => {
      const at = `input[${index}]`;
      const { role, content, type } = (typeof item === 'object' && item !== null ? item : {}) as { role?: unknown; content?: unknown; type?: unknown };
      if (typeof role !== 'string' || (type !== undefined && type !== 'message')) {
        throw new RequestError(`${at} must be a message with a role; this replay server takes no tool calls or other items.`, 400, 'invalid_value', at);
      }
      messages.push({ role, text: inputText(content, at) });
    });
  } else {
    throw new RequestError('"input" must be a string or a non-empty list of messages.', 400, 'missing_required_parameter', 'input');
  }
  const maxTokens = record.max_output_tokens;
  if (maxTokens !== undefined && maxTokens !== null && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new RequestError('"max_output_tokens" must be a positive integer.', 400, 'invalid_value', 'max_output_tokens');
  }
  return {
    model: record.model,
    messages,
    n: 1,
    stream: record.stream === true,
    // A Responses answer always ends with its usage.
    includeUsage: true,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    knobs: checkKnobs(record),
  };
}

/** One replayed answer, as the Responses route sends it. */
export interface ResponsesReply {
  id: string;
  model: string;
  content: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
  /** The answer split into the fragments a stream sends. */
  pieces: string[];
}

/** The `response` object: `completed`, or `incomplete` at `max_output_tokens` when the cap cut the answer. */
function responseObject(reply: ResponsesReply, done: boolean): Record<string, unknown> {
  const incomplete = reply.finishReason === 'length';
  const status = !done ? 'in_progress' : incomplete ? 'incomplete' : 'completed';
  return {
    id: `resp_${reply.id}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    error: null,
    incomplete_details: done && incomplete ? { reason: 'max_output_tokens' } : null,
    model: reply.model,
    output: done ? [messageItem(reply, reply.content, status)] : [],
    ...(done
      ? {
          usage: {
            input_tokens: reply.promptTokens,
            input_tokens_details: { cached_tokens: 0 },
            // Recorded samples hold no reasoning, so none of the output is reasoning.
            output_tokens: reply.completionTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: reply.promptTokens + reply.completionTokens,
          },
        }
      : {}),
  };
}

function messageItem(reply: ResponsesReply, text: string | undefined, status: string): Record<string, unknown> {
  return { id: `msg_${reply.id}`, type: 'message', status, role: 'assistant', content: text === undefined ? [] : [{ type: 'output_text', text, annotations: [] }] };
}

/**
 * Sends `reply` as a Responses API answer: the `response` JSON, or its event stream
 * (`event:` and `data:` lines, numbered) from `response.created` to `response.completed`
 * or `response.incomplete`.
 */
export function sendResponsesReply(res: ServerResponse, reply: ResponsesReply, stream: boolean): void {
  if (!stream) {
    const text = JSON.stringify(responseObject(reply, true));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`);
  };
  const at = { item_id: `msg_${reply.id}`, output_index: 0, content_index: 0 };
  emit('response.created', { response: responseObject(reply, false) });
  emit('response.output_item.added', { output_index: 0, item: messageItem(reply, undefined, 'in_progress') });
  emit('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [] } });
  for (const delta of reply.pieces) emit('response.output_text.delta', { ...at, delta, logprobs: [] });
  emit('response.output_text.done', { ...at, text: reply.content, logprobs: [] });
  emit('response.content_part.done', { ...at, part: { type: 'output_text', text: reply.content, annotations: [] } });
  const final = responseObject(reply, true);
  emit('response.output_item.done', { output_index: 0, item: messageItem(reply, reply.content, String(final['status'])) });
  emit(reply.finishReason === 'length' ? 'response.incomplete' : 'response.completed', { response: final });
  res.end();
}
