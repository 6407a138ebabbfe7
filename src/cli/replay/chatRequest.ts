/** The parts of an OpenAI chat completions (or Responses API) request the replay server reads, validated. */
export interface ChatRequest {
  model: string;
  /** Every message's text, in order. */
  messages: { role: string; text: string }[];
  n: number;
  stream: boolean;
  includeUsage: boolean;
  /** `max_completion_tokens`, `max_tokens` or (Responses API) `max_output_tokens`, when sent. */
  maxTokens?: number;
  /** The sampling and reasoning knobs the request carried, as sent ({@link KNOB_FIELDS}). */
  knobs: Record<string, unknown>;
}

/**
 * Fields a client sends to steer sampling and reasoning. The server checks and records them
 * (a real server would act on them); only the token cap changes a replayed answer.
 */
export const KNOB_FIELDS = [
  'n',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'max_output_tokens',
  'reasoning_effort',
  'reasoning',
  'chat_template_kwargs',
  'thinking_token_budget',
] as const;

const EFFORTS: ReadonlySet<unknown> = new Set(['none', 'minimal', 'low', 'medium', 'high']);
const SUMMARIES: ReadonlySet<unknown> = new Set(['auto', 'concise', 'detailed']);

/**
 * Refuses knob values a real OpenAI-compatible server would refuse, so the replay server is
 * no laxer than one, and returns the knobs the request carried ({@link KNOB_FIELDS}).
 */
export function checkKnobs(record: Record<string, unknown>): Record<string, unknown> {
  const fail = (field: string, message: string): never => {
    throw new RequestError(`"${field}" ${message}`, 400, 'invalid_value', field);
  };
  const number = (field: string, min: number, max: number): void => {
    const value = record[field];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !(value >= min && value <= max))) fail(field, `must be a number from ${min} to ${max}.`);
  };
  number('temperature', 0, 2);
  number('top_p', 0, 1);
  if (record.reasoning_effort !== undefined && !EFFORTS.has(record.reasoning_effort)) fail('reasoning_effort', 'must be one of none, minimal, low, medium, high.');
  const reasoning = record.reasoning;
  if (reasoning !== undefined && (typeof reasoning !== 'object' || reasoning === null || Array.isArray(reasoning))) fail('reasoning', 'must be an object.');
  const effort = (reasoning as { effort?: unknown } | undefined)?.effort;
  if (effort !== undefined && !EFFORTS.has(effort)) fail('reasoning.effort', 'must be one of none, minimal, low, medium, high.');
  const summary = (reasoning as { summary?: unknown } | undefined)?.summary;
  if (summary !== undefined && summary !== null && !SUMMARIES.has(summary)) fail('reasoning.summary', 'must be one of auto, concise, detailed.');
  const kwargs = record.chat_template_kwargs;
  if (kwargs !== undefined && (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs))) fail('chat_template_kwargs', 'must be an object.');
  const budget = record.thinking_token_budget;
  if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 0)) fail('thinking_token_budget', 'must be a non-negative integer.');
  const knobs: Record<string, unknown> = {};
  for (const field of KNOB_FIELDS) if (record[field] !== undefined && record[field] !== null) knobs[field] = record[field];
  return knobs;
}

/** A request the server refuses, with the HTTP status and OpenAI-style error code to send. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

function messageText(content: unknown, index: number): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  // Content parts: only text parts carry anything this server can match on.
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        if (typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text') {
          const text = (part as { text?: unknown }).text;
          if (typeof text === 'string') return text;
        }
        return '';
      })
      .join('\n');
  }
  throw new RequestError(`messages[${index}].content must be a string or a list of content parts`, 400, 'invalid_value', `messages[${index}].content`);
}

/** A request body as a JSON object, or the 400 an OpenAI server gives for anything else. */
export function parseJsonObject(raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new RequestError('The request body is not valid JSON.', 400, 'invalid_json');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError('The request body must be a JSON object.', 400, 'invalid_json');
  }
  return body as Record<string, unknown>;
}

/** Parses and validates a `/v1/chat/completions` body. */
export function parseChatRequest(raw: string): ChatRequest {
  const record = parseJsonObject(raw);
  if (typeof record.model !== 'string' || record.model === '') {
    throw new RequestError('"model" is required.', 400, 'missing_required_parameter', 'model');
  }
  if (!Array.isArray(record.messages) || record.messages.length === 0) {
    throw new RequestError('"messages" must be a non-empty list.', 400, 'missing_required_parameter', 'messages');
  }
  const messages = record.messages.map((message: unknown, index: number) => {
    if (typeof message !== 'object' || message === null) {
      throw new RequestError(`messages[${index}] must be an object`, 400, 'invalid_value', `messages[${index}]`);
    }
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (typeof role !== 'string') throw new RequestError(`messages[${index}].role is required`, 400, 'invalid_value', `messages[${index}].role`);
    return { role, text: messageText(content, index) };
  });
  const n = record.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 128) {
    throw new RequestError('"n" must be an integer from 1 to 128.', 400, 'invalid_value', 'n');
  }
  const maxTokens = record.max_completion_tokens ?? record.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new RequestError('"max_tokens" must be a positive integer.', 400, 'invalid_value', 'max_tokens');
  }
  const knobs = checkKnobs(record);
  const streamOptions = record.stream_options as { include_usage?: unknown } | undefined;
  return {
    model: record.model,
    messages,
    n,
    stream: record.stream === true,
    includeUsage: streamOptions?.include_usage === true,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    knobs,
  };
}

/**
 * Whether the request asks for test cases rather than an implementation: CodeT's shape
 * (`# check the correctness of NAME` then `assert `, the recorded tests' own prompt) or a
 * plain instruction such as "write 5 unit tests" / "generate test cases" in the last user message.
 */
export function isTestCaseRequest(request: ChatRequest): boolean {
  const all = request.messages.map((m) => m.text).join('\n');
  if (/#\s*check the correctness of\s+\w+/.test(all)) return true;
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
  return /\b(write|generate|produce|give me)\s+(\d+\s+|some\s+|a few\s+)?(unit\s+|pytest\s+)?test(s| cases?)\b(?!\s+pass)/i.test(lastUser);
}
