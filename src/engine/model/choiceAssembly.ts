import { ModelError } from './types';
import { reasoningDetailsText } from './reasoningDetails';
import { isTagSource, TAG_SOURCES, ThinkTagSplitter } from './reasoningText';
import type { ReasoningFields, SplitText } from './reasoningText';
import type { CompletionDelta, ReasoningSource } from './types';
import type { ServerUsage } from './usageSplit';

/** One choice as the server sent it, before reasoning is split out. */
export interface RawChoice {
  index: number;
  rawContent: string;
  fields: ReasoningFields;
  finishReason: string;
  /** `Date.now()` when the choice finished arriving. */
  finishedAt: number;
}

const FIELD_SOURCES = ['reasoning', 'reasoning_content', 'reasoning_details'] as const;
type FieldSource = (typeof FIELD_SOURCES)[number];

/**
 * Reads the choices of a non-streamed chat completion. The body is checked by hand
 * because OpenAI-compatible servers vary: a missing or empty `choices`, or a text body,
 * is a `bad-response` error naming what came back.
 */
export function readCompletion(body: unknown, baseURL: string, now: number): { choices: RawChoice[]; usage?: ServerUsage } {
  if (typeof body !== 'object' || body === null) {
    const text = typeof body === 'string' ? `text instead of JSON: ${JSON.stringify(body.slice(0, 200))}` : 'an empty body';
    throw new ModelError(`The model server at ${baseURL} sent ${text}.`, 'bad-response');
  }
  const choices = field(body, 'choices');
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new ModelError(`The model server at ${baseURL} sent a completion with no choices.`, 'bad-response');
  }
  const raw = choices.map((choice: unknown, position): RawChoice => {
    const message = isObject(choice) ? field(choice, 'message') : undefined;
    if (!isObject(choice) || !isObject(message)) {
      throw new ModelError(`The model server at ${baseURL} sent choice ${position} without a message.`, 'bad-response');
    }
    const index = field(choice, 'index');
    const finish = field(choice, 'finish_reason');
    return {
      index: typeof index === 'number' ? index : position,
      rawContent: stringOr(field(message, 'content'), ''),
      fields: readReasoningFields(message),
      finishReason: typeof finish === 'string' ? finish : 'unknown',
      finishedAt: now,
    };
  });
  const usage = readUsage(field(body, 'usage'));
  return usage === undefined ? { choices: sortByIndex(raw) } : { choices: sortByIndex(raw), usage };
}

interface StreamState {
  raw: string;
  fields: Record<FieldSource, string>;
  finishReason?: string;
  finishedAt: number;
  /** One per tag source of the profile, in its order: content passes through each in turn. */
  splitters: ThinkTagSplitter[];
}

/**
 * Collects a streamed completion chunk by chunk, per choice index, and reports each
 * fragment through `onDelta` with reasoning (fields in the profile's sources, and
 * `<think>` / `<thought>` tags when the profile uses them) already separated from content.
 * When one delta carries the same reasoning in two fields (OpenRouter sends `reasoning`
 * and `reasoning_details`), only the profile's preferred one is reported, so it shows once.
 */
export class StreamAssembler {
  private readonly states = new Map<number, StreamState>();
  private usage: ServerUsage | undefined;

  constructor(
    private readonly sources: readonly ReasoningSource[],
    private readonly onDelta: ((delta: CompletionDelta) => void) | undefined,
  ) {}

  /** Feeds one parsed SSE chunk. */
  add(chunk: unknown, now: number): void {
    if (!isObject(chunk)) return;
    // Servers with continuous usage stats send it on every chunk; the last one is the total.
    this.usage = readUsage(field(chunk, 'usage')) ?? this.usage;
    const choices = field(chunk, 'choices');
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      if (!isObject(choice)) continue;
      const index = field(choice, 'index');
      const state = this.stateFor(typeof index === 'number' ? index : 0);
      const delta = field(choice, 'delta');
      if (isObject(delta)) this.addDelta(typeof index === 'number' ? index : 0, state, delta);
      const finish = field(choice, 'finish_reason');
      if (typeof finish === 'string' && finish !== '') {
        state.finishReason = finish;
        state.finishedAt = now;
      }
    }
  }

  /** Indices that have streamed anything, so a retry can tell the listener to reset them. */
  streamedIndices(): number[] {
    return [...this.states.keys()];
  }

  /**
   * The finished choices. Throws `bad-response` when nothing came, and returns the
   * indices still unfinished so the caller can treat the stream as dropped.
   */
  finish(baseURL: string): { choices: RawChoice[]; unfinished: number[]; usage?: ServerUsage } {
    if (this.states.size === 0) {
      throw new ModelError(`The model server at ${baseURL} ended the stream without any choice.`, 'bad-response');
    }
    const unfinished: number[] = [];
    const choices: RawChoice[] = [];
    for (const [index, state] of this.states) {
      this.emit(index, flushSplitters(state.splitters));
      if (state.finishReason === undefined) unfinished.push(index);
      const fields: ReasoningFields = {};
      for (const source of FIELD_SOURCES) if (state.fields[source] !== '') fields[source] = state.fields[source];
      choices.push({ index, rawContent: state.raw, fields, finishReason: state.finishReason ?? 'unknown', finishedAt: state.finishedAt });
    }
    const sorted = sortByIndex(choices);
    return this.usage === undefined ? { choices: sorted, unfinished } : { choices: sorted, unfinished, usage: this.usage };
  }

  private stateFor(index: number): StreamState {
    let state = this.states.get(index);
    if (state === undefined) {
      const splitters = this.sources.filter(isTagSource).map((source) => new ThinkTagSplitter(TAG_SOURCES[source]));
      state = { raw: '', fields: { reasoning: '', reasoning_content: '', reasoning_details: '' }, finishedAt: 0, splitters };
      this.states.set(index, state);
    }
    return state;
  }

  private addDelta(index: number, state: StreamState, delta: object): void {
    const texts = new Map<FieldSource, string>();
    for (const source of FIELD_SOURCES) {
      const text = fieldText(delta, source);
      if (text === '') continue;
      state.fields[source] += text;
      texts.set(source, text);
    }
    const preferred = this.sources.find((s): s is FieldSource => texts.has(s as FieldSource));
    if (preferred !== undefined) this.emit(index, { content: '', reasoning: texts.get(preferred) ?? '' });
    const content = field(delta, 'content');
    if (typeof content !== 'string' || content === '') return;
    state.raw += content;
    this.emit(index, pushThroughSplitters(state.splitters, content));
  }

  private emit(index: number, part: { content: string; reasoning: string }): void {
    if (this.onDelta === undefined) return;
    if (part.reasoning !== '') this.onDelta({ index, reasoning: part.reasoning });
    if (part.content !== '') this.onDelta({ index, content: part.content });
  }
}

/** Content through each tag splitter in turn: what one leaves as content, the next splits again. */
function pushThroughSplitters(splitters: readonly ThinkTagSplitter[], fragment: string): SplitText {
  let content = fragment;
  let reasoning = '';
  for (const splitter of splitters) {
    const part = splitter.push(content);
    content = part.content;
    reasoning += part.reasoning;
  }
  return { content, reasoning };
}

/** Releases what the splitters held back at the end of a stream, each one's rest passed down the chain. */
function flushSplitters(splitters: readonly ThinkTagSplitter[]): SplitText {
  let content = '';
  let reasoning = '';
  for (const splitter of splitters) {
    const pushed = splitter.push(content);
    const rest = splitter.flush();
    content = pushed.content + rest.content;
    reasoning += pushed.reasoning + rest.reasoning;
  }
  return { content, reasoning };
}

/** The reasoning text of one field of a message or delta: a string, or the text of OpenRouter's `reasoning_details`. */
function fieldText(message: object, source: FieldSource): string {
  const value = field(message, source);
  if (source === 'reasoning_details') return reasoningDetailsText(value);
  return typeof value === 'string' ? value : '';
}

/** The reasoning fields of a message, when present. */
function readReasoningFields(message: object): ReasoningFields {
  const fields: ReasoningFields = {};
  for (const source of FIELD_SOURCES) {
    const text = fieldText(message, source);
    if (text !== '') fields[source] = text;
  }
  return fields;
}

/** The counts of a `usage` object, or undefined when there is none. */
function readUsage(value: unknown): ServerUsage | undefined {
  if (!isObject(value)) return undefined;
  const number = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const details = field(value, 'completion_tokens_details');
  const reasoning = isObject(details) ? number(field(details, 'reasoning_tokens')) : undefined;
  // OpenRouter, "Usage Accounting": `cost` is what the request was charged, in credits (US dollars).
  const cost = number(field(value, 'cost'));
  return {
    prompt_tokens: number(field(value, 'prompt_tokens')) ?? null,
    completion_tokens: number(field(value, 'completion_tokens')) ?? null,
    completion_tokens_details: reasoning === undefined ? null : { reasoning_tokens: reasoning },
    ...(cost !== undefined && cost >= 0 ? { cost } : {}),
  };
}

function field(obj: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function sortByIndex(choices: RawChoice[]): RawChoice[] {
  return [...choices].sort((a, b) => a.index - b.index);
}
