import type { Node } from '@vscode/tree-sitter-wasm';
import { fieldName, type FunctionSite } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';
import { descendants } from '../syntaxTree';

function javaSites(root: Node): FunctionSite[] {
  const sites: FunctionSite[] = [];
  for (const node of descendants(root)) {
    const body = node.childForFieldName('body');
    if ((node.type === 'method_declaration' || node.type === 'constructor_declaration') && body) sites.push({ name: fieldName(node), outer: node, body });
  }
  return sites;
}

/** Java: methods and constructors (annotations are part of their modifiers). */
export const javaSupport: LanguageSupport = braceLanguageSupport(
  {
    grammarFor: () => 'java',
    sites: javaSites,
    attached: new Set(),
    overloads: new Set(),
    comments: new Set(['line_comment', 'block_comment']),
    atomic: new Set(['string_literal', 'character_literal', 'text_block']),
    indentUnit: '    ',
  },
  { language: 'java', displayName: 'Java', extensions: ['java'], languageIds: ['java'], fenceTags: ['java'], grammars: ['java'], codeStart: /^\s*(?:(?:public|private|protected|static|final|abstract|synchronized)\s+)*(?:class|interface|record|enum|import|package|@|[\w<>[\],\s]+\s+\w+\s*\()/ },
);
