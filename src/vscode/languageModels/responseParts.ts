/** One streamed part of a Language Model API response, as the client uses it. */
export type ResponsePiece = { kind: 'content'; text: string } | { kind: 'reasoning'; text: string } | { kind: 'other' };

type PartClass = abstract new (...args: never[]) => unknown;

/**
 * Sorts a response part into answer text, reasoning text, or something else (tool calls,
 * data parts). Thinking parts (`LanguageModelThinkingPart`) exist only in newer VS Code
 * releases: by class where the host exports it, else by shape — a part whose constructor
 * name contains `Thinking` and whose `value` is a string or a list of strings. (VS Code's
 * bundle minifies class names, so the class check is the one that works there.)
 */
export function classifyPart(part: unknown, textPart: PartClass, thinkingPart?: PartClass): ResponsePiece {
  if (part instanceof textPart) return { kind: 'content', text: readValue(part) ?? '' };
  if (typeof part !== 'object' || part === null) return { kind: 'other' };
  if (thinkingPart !== undefined && part instanceof thinkingPart) return { kind: 'reasoning', text: readValue(part) ?? '' };
  const constructorName = (part as { constructor?: { name?: unknown } }).constructor?.name;
  const value = readValue(part);
  if (typeof constructorName === 'string' && constructorName.includes('Thinking') && value !== undefined) {
    return { kind: 'reasoning', text: value };
  }
  // A text part from another copy of the API (a different realm) still has its constructor name.
  if (constructorName === 'LanguageModelTextPart' && value !== undefined) return { kind: 'content', text: value };
  return { kind: 'other' };
}

function readValue(part: unknown): string | undefined {
  const value = (part as { value?: unknown }).value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value.join('');
  return undefined;
}
