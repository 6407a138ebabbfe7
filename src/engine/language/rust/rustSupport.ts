import { sitesOfTypes } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';

/** Rust: free functions, methods in `impl` blocks and default trait methods; `#[…]` attributes go with them. */
export const rustSupport: LanguageSupport = braceLanguageSupport(
  {
    grammarFor: () => 'rust',
    sites: sitesOfTypes('function_item'),
    attached: new Set(['attribute_item']),
    overloads: new Set(),
    comments: new Set(['line_comment', 'block_comment']),
    atomic: new Set(['string_literal', 'raw_string_literal', 'char_literal']),
    indentUnit: '    ',
  },
  { language: 'rust', displayName: 'Rust', extensions: ['rs'], languageIds: ['rust'], fenceTags: ['rust', 'rs'], grammars: ['rust'], codeStart: /^\s*(?:(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?fn|use|impl|#\[)\b/ },
);
