import type { BraceGrammar } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import { JAVASCRIPT_GRAMMAR, JS_CODE_START } from '../javascript/javascriptSupport';
import type { LanguageSupport } from '../languageSupport';
import { memoByText, withTree } from '../syntaxTree';
import type { GrammarName } from '../treeSitter';

/**
 * TypeScript unless only TSX parses it: `.ts` and `.tsx` differ (`<T>x` is a cast in
 * one and an element in the other) and a candidate's code comes without a file name.
 * Remembered per text, since locate, list and fit parse the same text in a row.
 */
const typescriptGrammar = memoByText(
  (text): GrammarName => (withTree('typescript', text, (r) => r.hasError) && !withTree('tsx', text, (r) => r.hasError) ? 'tsx' : 'typescript'),
  16,
);

const TYPESCRIPT_GRAMMAR: BraceGrammar = {
  ...JAVASCRIPT_GRAMMAR,
  grammarFor: typescriptGrammar,
  // Overload signatures sit just before the implementation and are replaced with it.
  overloads: new Set(['function_signature', 'method_signature']),
};

/** TypeScript and TSX: the JavaScript shapes plus overloads, generics and types. */
export const typescriptSupport: LanguageSupport = braceLanguageSupport(TYPESCRIPT_GRAMMAR, {
  language: 'typescript',
  displayName: 'TypeScript',
  extensions: ['ts', 'mts', 'cts', 'tsx'],
  languageIds: ['typescript', 'typescriptreact'],
  fenceTags: ['typescript', 'ts', 'tsx', 'javascript', 'js'],
  grammars: ['typescript', 'tsx'],
  codeStart: JS_CODE_START,
});
