import type { Node } from '@vscode/tree-sitter-wasm';
import { fieldName, type FunctionSite } from '../braceFunctions';
import { braceLanguageSupport } from '../braceLanguage';
import type { LanguageSupport } from '../languageSupport';
import { descendants } from '../syntaxTree';

function rustSites(root: Node): FunctionSite[] {
  const sites: FunctionSite[] = [];
  for (const node of descendants(root)) {
    const body = node.childForFieldName('body');
    if (node.type === 'function_item' && body) sites.push({ name: fieldName(node), outer: node, body });
  }
  return sites;
}

/** Rust: free functions, methods in `impl` blocks and default trait methods; `#[…]` attributes go with them. */
export const rustSupport: LanguageSupport = braceLanguageSupport(
  {
    grammarFor: () => 'rust',
    sites: rustSites,
    attached: new Set(['attribute_item']),
    overloads: new Set(),
    comments: new Set(['line_comment', 'block_comment']),
    atomic: new Set(['string_literal', 'raw_string_literal', 'char_literal']),
    indentUnit: '    ',
  },
  { language: 'rust', displayName: 'Rust', extensions: ['rs'], languageIds: ['rust'], fenceTags: ['rust', 'rs'], grammars: ['rust'], codeStart: /^\s*(?:(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?fn|use|impl|#\[)\b/ },
);
