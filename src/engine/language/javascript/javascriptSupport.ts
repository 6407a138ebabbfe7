import type { BraceGrammar } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';
import { javascriptSites } from './javascriptFunctions';

/** The JavaScript grammar's shape; TypeScript reuses it with its own grammar and overloads. */
export const JAVASCRIPT_GRAMMAR: BraceGrammar = {
  grammarFor: () => 'javascript',
  sites: javascriptSites,
  attached: new Set(['decorator']),
  overloads: new Set(),
  comments: new Set(['comment', 'html_comment']),
  atomic: new Set(['string', 'template_string', 'regex']),
  indentUnit: '  ',
};

/** The line that starts JavaScript or TypeScript code in an answer without fences. */
export const JS_CODE_START = /^\s*(?:(?:export\s+)?(?:async\s+)?function\b|(?:export\s+)?(?:const|let|var|class)\s|import\s)/;

/** JavaScript (and JSX, which its grammar parses). */
export const javascriptSupport: LanguageSupport = braceLanguageSupport(JAVASCRIPT_GRAMMAR, {
  language: 'javascript',
  displayName: 'JavaScript',
  extensions: ['js', 'mjs', 'cjs', 'jsx'],
  languageIds: ['javascript', 'javascriptreact'],
  fenceTags: ['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node', 'typescript', 'ts'],
  grammars: ['javascript'],
  codeStart: JS_CODE_START,
});
