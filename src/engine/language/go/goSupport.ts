import { sitesOfTypes } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';

/** Go: functions and methods (receiver functions). */
export const goSupport: LanguageSupport = braceLanguageSupport(
  {
    grammarFor: () => 'go',
    sites: sitesOfTypes('function_declaration', 'method_declaration'),
    attached: new Set(),
    overloads: new Set(),
    comments: new Set(['comment']),
    atomic: new Set(['interpreted_string_literal', 'raw_string_literal', 'rune_literal']),
    indentUnit: '\t',
  },
  { language: 'go', displayName: 'Go', extensions: ['go'], languageIds: ['go'], fenceTags: ['go', 'golang'], grammars: ['go'], codeStart: /^\s*(?:func|package|import|type|var|const)\b/ },
);
