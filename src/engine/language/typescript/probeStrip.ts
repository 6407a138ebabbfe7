import type { Node } from '@vscode/tree-sitter-wasm';
import { parseWith, parserFor } from '../treeSitter';

/** TypeScript that has no plain-JavaScript reading without a compiler (enums, namespaces, `import =`). */
export class StripError extends Error {
  override readonly name = 'StripError';
}

/** Declarations that exist only for the type checker: removed whole. */
const TYPE_ONLY = new Set(['interface_declaration', 'type_alias_declaration', 'ambient_declaration', 'function_signature', 'abstract_method_signature', 'index_signature']);
/** Parts of a node that are types: removed, the rest of the node kept. */
const TYPE_PARTS = new Set(['type_annotation', 'type_predicate_annotation', 'asserts_annotation', 'type_parameters', 'type_arguments', 'implements_clause']);
/** Modifier keywords with no runtime meaning. */
const MODIFIERS = new Set(['accessibility_modifier', 'readonly', 'override', 'abstract', 'declare']);
const UNSUPPORTED: Record<string, string> = {
  enum_declaration: 'an enum',
  internal_module: 'a namespace',
  module: 'a namespace',
  import_alias: 'an `import x = …` alias',
};

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Spaces in place of `text`, newlines kept, so line numbers in errors stay the source's. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function hasToken(node: Node, token: string): Node | undefined {
  return node.children.find((c): c is Node => c !== null && c.type === token);
}

class Stripper {
  readonly edits: Edit[] = [];

  constructor(private readonly text: string) {}

  remove(from: number, to: number): void {
    this.edits.push({ start: from, end: to, text: blank(this.text.slice(from, to)) });
  }

  removeNode(node: Node, withComma = false): void {
    let end = node.endIndex;
    const next = node.nextSibling;
    if (withComma && next?.type === ',') end = next.endIndex;
    this.remove(node.startIndex, end);
  }

  visit(node: Node): void {
    const unsupported = UNSUPPORTED[node.type];
    if (unsupported) throw new StripError(`${unsupported} at line ${node.startPosition.row + 1} needs the TypeScript compiler`);
    if (TYPE_ONLY.has(node.type)) {
      const exported = node.parent?.type === 'export_statement' ? node.parent : node;
      return this.removeNode(exported);
    }
    if ((node.type === 'import_statement' || node.type === 'export_statement') && hasToken(node, 'type')) return this.removeNode(node);
    if ((node.type === 'import_specifier' || node.type === 'export_specifier') && hasToken(node, 'type')) return this.removeNode(node, true);
    if (node.type === 'public_field_definition' && hasToken(node, 'declare')) return this.removeNode(node);
    if (TYPE_PARTS.has(node.type)) return this.removeNode(node);
    if (node.type === 'as_expression' || node.type === 'satisfies_expression') {
      const keyword = hasToken(node, node.type === 'as_expression' ? 'as' : 'satisfies');
      if (keyword) this.remove(keyword.startIndex, node.endIndex);
      const value = node.namedChild(0);
      if (value) this.visit(value);
      return;
    }
    if (node.type === 'non_null_expression') {
      const bang = node.lastChild;
      if (bang?.type === '!') this.remove(bang.startIndex, bang.endIndex);
    }
    if (node.type === 'required_parameter' && node.childForFieldName('pattern')?.type === 'this') return this.removeNode(node, true);
    if (node.type === 'method_definition' && node.childForFieldName('name')?.text === 'constructor') this.parameterProperties(node);
    for (const child of node.children) {
      if (!child) continue;
      if (MODIFIERS.has(child.type)) this.remove(child.startIndex, child.endIndex);
      // `x?: T` and `x!: T`: the mark goes with the type.
      else if ((child.type === '?' || child.type === '!') && child.nextSibling?.type === 'type_annotation') this.remove(child.startIndex, child.endIndex);
      else this.visit(child);
    }
  }

  /** `constructor(private x: T)` declares and assigns `this.x`: the assignment is written out. */
  private parameterProperties(ctor: Node): void {
    const params = ctor.childForFieldName('parameters')?.namedChildren ?? [];
    const names = params
      .filter((p): p is Node => p !== null && p.children.some((c) => c !== null && (c.type === 'accessibility_modifier' || c.type === 'readonly')))
      .map((p) => p.childForFieldName('pattern')?.text ?? '');
    const body = ctor.childForFieldName('body');
    if (names.length === 0 || !body) return;
    if (names.some((n) => !/^[\w$]+$/.test(n))) throw new StripError(`a destructured parameter property at line ${ctor.startPosition.row + 1} needs the TypeScript compiler`);
    const superCall = body.namedChildren.find((s) => s?.type === 'expression_statement' && s.namedChild(0)?.type === 'call_expression' && s.namedChild(0)?.childForFieldName('function')?.type === 'super');
    const at = superCall ? superCall.endIndex : body.startIndex + 1;
    this.edits.push({ start: at, end: at, text: names.map((n) => ` this.${n} = ${n};`).join('') });
  }
}

/**
 * TypeScript as plain JavaScript for the Node probe worker, with the TypeScript grammar: type
 * annotations, interfaces, type aliases, type-only imports and exports, generics, `as` /
 * `satisfies` / `!` assertions, modifiers and overload signatures are blanked out (lines kept);
 * constructor parameter properties become assignments. What needs the compiler to mean
 * anything at run time (enums, namespaces) raises {@link StripError}.
 */
export async function stripTypes(source: string, tsx = false): Promise<string> {
  const grammar = tsx ? 'tsx' : 'typescript';
  await parserFor(grammar);
  const tree = parseWith(grammar, source);
  if (tree.rootNode.hasError) throw new StripError('the file does not parse as TypeScript');
  const stripper = new Stripper(source);
  stripper.visit(tree.rootNode);
  const edits = stripper.edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue; // inside something already removed
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}
