import type { ReasoningSource } from './types';

/** The opening and closing tag around reasoning inside the content. */
export interface TagPair {
  open: string;
  close: string;
}

/** Reasoning models served without a reasoning parser (DeepSeek-R1 style, Qwen3). */
export const THINK_TAGS: TagPair = { open: '<think>', close: '</think>' };
/** Gemini, "OpenAI compatibility": thoughts asked for with `include_thoughts` come back in the content in these tags. */
export const THOUGHT_TAGS: TagPair = { open: '<thought>', close: '</thought>' };

/** The tag pair of a tag reasoning source. */
export const TAG_SOURCES: Readonly<Record<Extract<ReasoningSource, `${string}-tags`>, TagPair>> = {
  'think-tags': THINK_TAGS,
  'thought-tags': THOUGHT_TAGS,
};

/** True for the sources that are tags inside the content rather than fields beside it. */
export function isTagSource(source: ReasoningSource): source is keyof typeof TAG_SOURCES {
  return Object.prototype.hasOwnProperty.call(TAG_SOURCES, source);
}

/** Text of one choice with the model's reasoning taken out of the answer. */
export interface SplitText {
  content: string;
  reasoning: string;
}

/** Reasoning fields some servers put beside `content` in a message or a stream delta (`reasoning_details` as its text). */
export type ReasoningFields = Partial<Record<Exclude<ReasoningSource, keyof typeof TAG_SOURCES>, string>>;

/**
 * Takes `<think>…</think>` blocks (or those of another `tags` pair) out of `text`. Also handles the two truncated shapes
 * real servers produce: an unclosed `<think>` at the start (the reasoning cap was hit, so
 * everything is reasoning) and a `</think>` with no opening tag (templates that put
 * `<think>` into the prompt, so the output starts inside it). An unclosed `<think>` after
 * real content is kept as content: it is more likely code that mentions the tag.
 */
export function splitThinkTags(text: string, tags: TagPair = THINK_TAGS): SplitText {
  const { open: openTag, close: closeTag } = tags;
  const reasoning: string[] = [];
  let content = '';
  let pos = 0;
  const firstClose = text.indexOf(closeTag);
  const firstOpen = text.indexOf(openTag);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
    reasoning.push(text.slice(0, firstClose));
    pos = firstClose + closeTag.length;
  }
  while (pos < text.length) {
    const open = text.indexOf(openTag, pos);
    if (open < 0) {
      content += text.slice(pos);
      break;
    }
    content += text.slice(pos, open);
    const close = text.indexOf(closeTag, open + openTag.length);
    if (close < 0) {
      const rest = text.slice(open + openTag.length);
      if (content.trim() === '') reasoning.push(rest);
      else content += text.slice(open);
      break;
    }
    reasoning.push(text.slice(open + openTag.length, close));
    pos = close + closeTag.length;
  }
  if (reasoning.length === 0) return { content: text, reasoning: '' };
  // Only line breaks are stripped: leading spaces may be the first line's indentation.
  const answer = content.trim() === '' ? '' : content.replace(/^[\r\n]+/, '');
  return { content: answer, reasoning: mergeReasoning(reasoning) };
}

/** Joins reasoning texts from several places, dropping empty ones and exact repeats. */
export function mergeReasoning(parts: readonly string[]): string {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === '' || seen.has(trimmed)) continue;
    seen.add(trimmed);
    kept.push(trimmed);
  }
  return kept.join('\n\n');
}

/**
 * The final content and reasoning of a choice, reading reasoning from `sources` in their
 * order: the reasoning fields and `<think>` / `<thought>` tags in the content.
 * Sources outside the list are ignored, so content is left untouched when a profile
 * does not use tags. Some servers send the same text in two fields; it is kept once.
 */
export function resolveReasoning(sources: readonly ReasoningSource[], fields: ReasoningFields, rawContent: string): SplitText {
  let content = rawContent;
  const parts: string[] = [];
  for (const source of sources) {
    if (isTagSource(source)) {
      const split = splitThinkTags(content, TAG_SOURCES[source]);
      content = split.content;
      parts.push(split.reasoning);
    } else {
      parts.push(fields[source] ?? '');
    }
  }
  return { content, reasoning: mergeReasoning(parts) };
}

/**
 * Streaming counterpart of {@link splitThinkTags}: feed it content fragments as they
 * arrive and it returns what is content and what is reasoning so far. A tag split across
 * fragments (`<thi` + `nk>`) is held back until it is decided. It is meant for live
 * display; the final text is re-split with {@link splitThinkTags}, which also sees the
 * shapes only the whole text reveals (a `</think>` without an opening tag).
 */
export class ThinkTagSplitter {
  private inThink = false;
  private pending = '';
  /** Drop line breaks right after `</think>`, as the whole-text split does. */
  private afterClose = false;

  constructor(private readonly tags: TagPair = THINK_TAGS) {}

  /** Splits the next fragment; either part may be empty. */
  push(fragment: string): SplitText {
    let text = this.pending + fragment;
    this.pending = '';
    let content = '';
    let reasoning = '';
    while (text.length > 0) {
      const tag = this.inThink ? this.tags.close : this.tags.open;
      const at = text.indexOf(tag);
      if (at >= 0) {
        if (this.inThink) reasoning += text.slice(0, at);
        else content += this.stripAfterClose(text.slice(0, at));
        this.inThink = !this.inThink;
        this.afterClose = !this.inThink;
        text = text.slice(at + tag.length);
        continue;
      }
      const held = partialTagSuffix(text, tag);
      const ready = text.slice(0, text.length - held);
      this.pending = text.slice(text.length - held);
      if (this.inThink) reasoning += ready;
      else content += this.stripAfterClose(ready);
      break;
    }
    return { content, reasoning };
  }

  /** Releases a held-back partial tag once the stream has ended. */
  flush(): SplitText {
    const rest = this.pending;
    this.pending = '';
    return this.inThink ? { content: '', reasoning: rest } : { content: this.stripAfterClose(rest), reasoning: '' };
  }

  private stripAfterClose(text: string): string {
    if (!this.afterClose) return text;
    const stripped = text.replace(/^[\r\n]+/, '');
    if (stripped.length > 0) this.afterClose = false;
    return stripped;
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  for (let len = Math.min(tag.length - 1, text.length); len > 0; len--) {
    if (text.endsWith(tag.slice(0, len))) return len;
  }
  return 0;
}
