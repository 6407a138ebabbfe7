import { sitesOfTypes } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';

/** Java: methods and constructors (annotations are part of their modifiers). */
export const javaSupport: LanguageSupport = braceLanguageSupport(
  {
    grammarFor: () => 'java',
    sites: sitesOfTypes('method_declaration', 'constructor_declaration'),
    attached: new Set(),
    overloads: new Set(),
    comments: new Set(['line_comment', 'block_comment']),
    atomic: new Set(['string_literal', 'character_literal', 'text_block']),
    indentUnit: '    ',
  },
  { language: 'java', displayName: 'Java', extensions: ['java'], languageIds: ['java'], fenceTags: ['java'], grammars: ['java'], codeStart: /^\s*(?:(?:public|private|protected|static|final|abstract|synchronized)\s+)*(?:class|interface|record|enum|import|package|@|[\w<>[\],\s]+\s+\w+\s*\()/ },
);
