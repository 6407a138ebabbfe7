import type { Node } from '@vscode/tree-sitter-wasm';
import { fieldName, type FunctionSite } from '../braceFunctions';
import { descendants } from '../syntaxTree';

/** Node types whose value is a function: arrow functions, function and generator expressions. */
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'generator_function_expression']);

const exported = (node: Node): Node => (node.parent?.type === 'export_statement' ? node.parent : node);

/**
 * Function sites of a JavaScript or TypeScript tree: declarations (`export`,
 * `export default`, `async`, generators), methods of classes and object literals,
 * functions and arrows assigned to `const`/`let`/`var`, class fields and
 * properties (`exports.f = function …`).
 */
export function javascriptSites(root: Node): FunctionSite[] {
  const sites: FunctionSite[] = [];
  const add = (name: string, outer: Node, fn: Node | null): void => {
    const body = fn?.childForFieldName('body');
    if (name && body) sites.push({ name, outer, body });
  };
  for (const node of descendants(root)) {
    switch (node.type) {
      case 'function_declaration':
      case 'generator_function_declaration':
        add(fieldName(node), exported(node), node);
        break;
      case 'method_definition':
        add(fieldName(node), node, node);
        break;
      case 'variable_declarator': {
        const value = node.childForFieldName('value');
        const declaration = node.parent;
        if (!value || !FUNCTION_VALUES.has(value.type) || node.childForFieldName('name')?.type !== 'identifier') break;
        // `const f = () => …;` is the whole statement; `const a = 1, f = () => …` only the declarator.
        add(fieldName(node), declaration && declaration.namedChildren.length === 1 ? exported(declaration) : node, value);
        break;
      }
      case 'pair':
      case 'public_field_definition':
      case 'field_definition': {
        const value = node.childForFieldName('value');
        const key = node.childForFieldName('key') ?? node.childForFieldName('name') ?? node.childForFieldName('property');
        if (value && key && FUNCTION_VALUES.has(value.type)) add(key.text.replace(/^['"]|['"]$/g, ''), node, value);
        break;
      }
      case 'assignment_expression': {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        if (!right || !left || !FUNCTION_VALUES.has(right.type)) break;
        const name = left.type === 'member_expression' ? left.childForFieldName('property')?.text : left.type === 'identifier' ? left.text : undefined;
        add(name ?? '', node.parent?.type === 'expression_statement' ? node.parent : node, right);
        break;
      }
    }
  }
  return sites;
}
