import type { Node } from '@vscode/tree-sitter-wasm';
import { fieldName, type FunctionSite } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';
import { descendants } from '../syntaxTree';

function goSites(root: Node): FunctionSite[] {
  const sites: FunctionSite[] = [];
  for (const node of descendants(root)) {
    const body = node.childForFieldName('body');
    if ((node.type === 'function_declaration' || node.type === 'method_declaration') && body) sites.push({ name: fieldName(node), outer: node, body });
  }
  return sites;
}

/** Go: functions and methods (receiver functions). */
export const goSupport: LanguageSupport = braceLanguageSupport(
  {
    grammarFor: () => 'go',
    sites: goSites,
    attached: new Set(),
    overloads: new Set(),
    comments: new Set(['comment']),
    atomic: new Set(['interpreted_string_literal', 'raw_string_literal', 'rune_literal']),
    indentUnit: '\t',
  },
  { language: 'go', displayName: 'Go', extensions: ['go'], languageIds: ['go'], fenceTags: ['go', 'golang'], grammars: ['go'], codeStart: /^\s*(?:func|package|import|type|var|const)\b/ },
);
