import { supportFor } from '../language/registry';
import type { Language } from '../task';

/**
 * One token of code for the risk scan and for code similarity, from the language's
 * parser: names (keywords included), numbers, literals and single-character operators,
 * comments left out. A string, template or regex literal is one token whose `value` is
 * its text without quotes or prefix, so what a literal or a comment *says* never reads
 * as code.
 */
export interface CodeToken {
  kind: 'name' | 'number' | 'string' | 'op';
  /** The text; for a literal, its contents without quotes or prefix. */
  value: string;
  /** 1-based line the token starts on. */
  line: number;
}

/** The tokens of `code` in `language`; a language without support has none. */
export function tokenize(code: string, language: Language): CodeToken[] {
  return supportFor(language)?.codeTokens(code) ?? [];
}
