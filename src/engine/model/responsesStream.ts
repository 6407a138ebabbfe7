import { APIError } from 'openai';
import type { RawChoice } from './choiceAssembly';
import { StreamDroppedError } from './modelErrors';
import { ThinkTagSplitter } from './reasoningText';
import { ModelError } from './types';
import type { CompletionDelta, ReasoningSource } from './types';
import type { ServerUsage } from './usageSplit';

/** What one Responses API answer holds, in the shape the chat path produces. */
export interface ResponsesResult {
  choices: RawChoice[];
  usage?: ServerUsage;
}

/** Summary parts (and reasoning items) are told apart by a blank line, as in the final text. */
const PART_SEPARATOR = '\n\n';

/**
 * Collects a streamed Responses API answer event by event (OpenAI API reference,
 * "Streaming events"): `response.reasoning_summary_text.delta` is reasoning,
 * `response.output_text.delta` is content, and `response.completed` / `response.incomplete`
 * end it with the usage. `response.failed` and `error` events throw. Fragments go to
 * `onDelta` as they come (reasoning only when the profile reads `reasoning`).
 */
export class ResponsesStreamAssembler {
  private content = '';
  private readonly summaries: string[] = [];
  /** The summary part being streamed, as `output_index:summary_index`. */
  private currentPart: string | undefined;
  private finishReason: string | undefined;
  private finishedAt = 0;
  private usage: ServerUsage | undefined;
  private events = 0;
  private readonly splitter: ThinkTagSplitter | undefined;

  constructor(
    private readonly sources: readonly ReasoningSource[],
    private readonly onDelta: ((delta: CompletionDelta) => void) | undefined,
  ) {
    // Servers other than OpenAI's may answer /responses with tags in the text.
    if (sources.includes('think-tags')) this.splitter = new ThinkTagSplitter();
  }

  /** Feeds one parsed SSE event. */
  add(event: unknown, now: number): void {
    if (!isObject(event) || typeof event['type'] !== 'string') return;
    this.events++;
    switch (event['type']) {
      case 'response.reasoning_summary_part.added':
        this.startPart(`${String(event['output_index'])}:${String(event['summary_index'])}`);
        return;
      case 'response.reasoning_summary_text.delta': {
        const delta = event['delta'];
        if (typeof delta !== 'string' || delta === '') return;
        // A server that skips `part.added` still marks a new part by its indices.
        this.startPart(`${String(event['output_index'])}:${String(event['summary_index'])}`);
        this.summaries[this.summaries.length - 1] += delta;
        this.emitReasoning(delta);
        return;
      }
      case 'response.output_text.delta': {
        const delta = event['delta'];
        if (typeof delta !== 'string' || delta === '') return;
        this.content += delta;
        if (this.splitter === undefined) this.emit({ content: delta, reasoning: '' });
        else this.emit(this.splitter.push(delta));
        return;
      }
      case 'response.completed':
      case 'response.incomplete': {
        const response = isObject(event['response']) ? event['response'] : {};
        this.finishReason = finishReasonOf(response);
        this.finishedAt = now;
        this.usage = readResponsesUsage(response['usage']);
        return;
      }
      case 'response.failed': {
        const response = isObject(event['response']) ? event['response'] : {};
        throw failureOf(response['error']);
      }
      case 'error':
        throw failureOf(event);
      default:
        return;
    }
  }

  /**
   * The answer once the stream has ended. No Responses event at all is a `bad-response`
   * (the server does not speak this API); events without a final one mean the connection
   * dropped mid-answer.
   */
  finish(baseURL: string): ResponsesResult {
    if (this.events === 0) {
      throw new ModelError(
        `The model server at ${baseURL} sent no Responses API events; if it serves only /chat/completions, choose a profile that uses Chat Completions.`,
        'bad-response',
      );
    }
    if (this.splitter !== undefined) this.emit(this.splitter.flush());
    if (this.finishReason === undefined) throw new StreamDroppedError('the response never completed');
    const choice: RawChoice = {
      index: 0,
      rawContent: this.content,
      fields: this.summaries.length > 0 ? { reasoning: this.summaries.join(PART_SEPARATOR) } : {},
      finishReason: this.finishReason,
      finishedAt: this.finishedAt,
    };
    return this.usage === undefined ? { choices: [choice] } : { choices: [choice], usage: this.usage };
  }

  private startPart(key: string): void {
    if (key === this.currentPart) return;
    this.currentPart = key;
    if (this.summaries.length > 0) this.emitReasoning(PART_SEPARATOR);
    this.summaries.push('');
  }

  private emitReasoning(text: string): void {
    if (this.sources.includes('reasoning')) this.emit({ content: '', reasoning: text });
  }

  private emit(part: { content: string; reasoning: string }): void {
    if (this.onDelta === undefined) return;
    if (part.reasoning !== '') this.onDelta({ index: 0, reasoning: part.reasoning });
    if (part.content !== '') this.onDelta({ index: 0, content: part.content });
  }
}

/**
 * Reads a non-streamed Responses API answer: `reasoning` items' `summary[].text` and
 * `message` items' `output_text` parts, in output order. Checked by hand, like chat
 * bodies, so a server that answers something else gets a `bad-response` naming it.
 */
export function readResponse(body: unknown, baseURL: string, now: number): ResponsesResult {
  if (!isObject(body)) {
    const text = typeof body === 'string' ? `text instead of JSON: ${JSON.stringify(body.slice(0, 200))}` : 'an empty body';
    throw new ModelError(`The model server at ${baseURL} sent ${text}.`, 'bad-response');
  }
  if (body['status'] === 'failed') throw failureOf(body['error']);
  const output = body['output'];
  if (!Array.isArray(output)) {
    throw new ModelError(`The model server at ${baseURL} sent a response with no output list; does it serve the Responses API?`, 'bad-response');
  }
  const summaries: string[] = [];
  let content = '';
  for (const item of output) {
    if (!isObject(item)) continue;
    if (item['type'] === 'reasoning' && Array.isArray(item['summary'])) {
      for (const part of item['summary']) if (isObject(part) && typeof part['text'] === 'string') summaries.push(part['text']);
    } else if (item['type'] === 'message' && Array.isArray(item['content'])) {
      for (const part of item['content']) {
        if (isObject(part) && part['type'] === 'output_text' && typeof part['text'] === 'string') content += part['text'];
      }
    }
  }
  const choice: RawChoice = {
    index: 0,
    rawContent: content,
    fields: summaries.length > 0 ? { reasoning: summaries.join(PART_SEPARATOR) } : {},
    finishReason: finishReasonOf(body),
    finishedAt: now,
  };
  const usage = readResponsesUsage(body['usage']);
  return usage === undefined ? { choices: [choice] } : { choices: [choice], usage };
}

/** A Responses `usage` object in the chat shape the usage split reads. */
export function readResponsesUsage(value: unknown): ServerUsage | undefined {
  if (!isObject(value)) return undefined;
  const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const details = value['output_tokens_details'];
  const reasoning = isObject(details) ? number(details['reasoning_tokens']) : null;
  return {
    prompt_tokens: number(value['input_tokens']),
    completion_tokens: number(value['output_tokens']),
    completion_tokens_details: reasoning === null ? null : { reasoning_tokens: reasoning },
  };
}

/** `stop`, or for an incomplete response its reason: a hit token cap is `length`, as in chat. */
function finishReasonOf(response: Record<string, unknown>): string {
  if (response['status'] !== 'incomplete') return 'stop';
  const details = response['incomplete_details'];
  const reason = isObject(details) ? details['reason'] : undefined;
  if (reason === 'max_output_tokens') return 'length';
  return typeof reason === 'string' ? reason : 'incomplete';
}

/**
 * The error of a failed response or an `error` event. It is raised as the SDK raises an
 * error object inside a stream (an `APIError` without a status), so it is classified and
 * retried the same way; codes that another attempt cannot fix are not retried.
 */
function failureOf(error: unknown): Error {
  const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : undefined;
  const message = isObject(error) && typeof error['message'] === 'string' ? error['message'] : 'the response failed';
  if (code !== undefined && code !== 'server_error' && code !== 'rate_limit_exceeded') {
    return new ModelError(`The model server refused the request (${code}): "${message}"`, 'bad-request');
  }
  return new APIError(undefined, { message, code }, message, undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
