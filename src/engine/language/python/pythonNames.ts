import type { Node } from '@vscode/tree-sitter-wasm';
import { descendants, memoByText, withTree } from '../syntaxTree';

const same = (a: Node | null | undefined, b: Node): boolean => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex;

/**
 * Identifiers `code` reads, from the syntax tree: names in strings and comments are
 * not code; `x.count` reads `x`, not a module-level `count`; `sorted(r, reverse=True)`
 * and `y = 1` name or bind rather than read.
 */
export const referencedNames: (code: string) => ReadonlySet<string> = memoByText((code) =>
  withTree('python', code, (root) => {
    const names = new Set<string>();
    for (const node of descendants(root, (n) => n.type === 'string' && !n.descendantsOfType('interpolation').length)) {
      if (node.type !== 'identifier') continue;
      const parent = node.parent;
      if (parent?.type === 'attribute' && same(parent.childForFieldName('attribute'), node)) continue;
      if ((parent?.type === 'keyword_argument' || parent?.type === 'default_parameter' || parent?.type === 'typed_default_parameter') && same(parent.childForFieldName('name'), node)) continue;
      if (isAssigned(node)) continue;
      names.add(node.text);
    }
    return names;
  }),
);

/** Whether `node` is (part of) the target of a plain assignment. */
function isAssigned(node: Node): boolean {
  let child: Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'assignment') return same(p.childForFieldName('left'), child);
    if (p.type !== 'pattern_list' && p.type !== 'tuple_pattern' && p.type !== 'list_pattern') return false;
  }
  return false;
}

/** Names a body binds by assignment, `for`, `with … as`, `except … as` or import. */
export function boundNames(code: string): string[] {
  return withTree('python', code, (root) => {
    const names: string[] = [];
    for (const node of descendants(root)) {
      if (node.type === 'assignment' || node.type === 'augmented_assignment') names.push(...targetNames(node.childForFieldName('left')));
      else if (node.type === 'for_statement' || node.type === 'for_in_clause') names.push(...targetNames(node.childForFieldName('left')));
      else if (node.type === 'as_pattern') names.push(...node.namedChildren.filter((c) => c?.type === 'as_pattern_target').flatMap((c) => (c ? targetNames(c.namedChildren[0]) : [])));
      else if (node.type === 'import_statement' || node.type === 'import_from_statement') names.push(...importedNames(node));
    }
    return names.filter(Boolean);
  });
}

/** The names an import binds: `import a.b` binds `a`, `import a as b` and `from m import a as b` bind `b`. */
export function importedNames(node: Node): string[] {
  const from = node.type !== 'import_statement';
  return node.childrenForFieldName('name').flatMap((n) => {
    if (!n) return [];
    if (n.type === 'aliased_import') return [n.childForFieldName('alias')?.text ?? ''];
    return [from ? n.text : n.text.split('.')[0]];
  }).filter(Boolean);
}

/** Identifiers an assignment target binds (`a`, `a, b`, `(a, b)`); attributes and subscripts bind none. */
export function targetNames(target: Node | null): string[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target.text];
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') return target.namedChildren.flatMap((c) => targetNames(c));
  return [];
}
