import type { Node } from '@vscode/tree-sitter-wasm';
import { childrenOf, memoByText, withTree } from '../syntaxTree';
import { pythonLines } from './pythonLines';
import { importedNames, referencedNames, targetNames } from './pythonNames';

/** One top-level statement of a Python module (decorators included with their def/class). */
export interface PythonStatement {
  kind: 'import' | 'def' | 'class' | 'assign' | 'main-guard' | 'comment' | 'other';
  /** Names it binds (def/class/assignment targets, imported names). */
  names: string[];
  text: string;
}

/**
 * Splits Python code (already dedented to column 0) into top-level statements:
 * the parser's lines say where a statement starts (strings and brackets spanning
 * lines stay whole, so a broken statement does not swallow the next), and the
 * parser says what each one is.
 */
export function splitTopLevel(code: string): PythonStatement[] {
  const groups: { start: number; lines: string[] }[] = [];
  let pending: { start: number; lines: string[] } | undefined;
  for (const line of pythonLines(code)) {
    const text = code.slice(line.start, line.end);
    const startsStatement = !line.continuation && !line.blank && line.indent === 0;
    if (!startsStatement) {
      if (pending) pending.lines.push(text);
      else if (groups.length) groups[groups.length - 1].lines.push(text);
      continue;
    }
    // Decorators wait for the definition they belong to.
    pending ??= { start: line.start, lines: [] };
    pending.lines.push(text);
    if (text.startsWith('@')) continue;
    groups.push(pending);
    pending = undefined;
  }
  if (pending) groups.push(pending);
  const texts = groups.map((g) => trimTrailingBlank(g.lines).join('\n'));
  return withTree('python', code, (root) => {
    const top = childrenOf(root);
    return groups.map((group, i) => {
      const text = texts[i];
      const end = group.start + text.length;
      const inGroup = top.filter((n) => n.startIndex >= group.start && n.startIndex < end);
      // The whole parse answers when it split the code where the lines did; otherwise (an
      // error spanning statements, a margin comment inside a block) the statement is parsed alone.
      if (inGroup.length && inGroup.every((n) => !n.isError && n.endIndex <= end)) return statementOf(inGroup, text);
      return classify(text);
    });
  });
}

function trimTrailingBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 1 && !out[out.length - 1].trim()) out.pop();
  return out;
}

const classify = memoByText((text: string): PythonStatement => withTree('python', text, (root) => statementOf(childrenOf(root), text)));

/** What the statement made of `nodes` (its top-level nodes, comments included) is, and the names it binds. */
function statementOf(nodes: Node[], text: string): PythonStatement {
  const first = nodes.find((n) => n.type !== 'comment');
  if (!first) return { kind: 'comment', names: [], text };
  const definition = first.type === 'decorated_definition' ? first.childForFieldName('definition') : first;
  if (definition?.type === 'function_definition') return { kind: 'def', names: [nameOf(definition)], text };
  if (definition?.type === 'class_definition') return { kind: 'class', names: [nameOf(definition)], text };
  if (first.type === 'import_statement' || first.type === 'import_from_statement' || first.type === 'future_import_statement') return { kind: 'import', names: importedNames(first), text };
  if (first.type === 'if_statement' && /__name__\s*==/.test(first.childForFieldName('condition')?.text ?? '')) return { kind: 'main-guard', names: [], text };
  const assignment = first.type === 'expression_statement' ? first.namedChildren[0] : undefined;
  if (assignment?.type === 'assignment') {
    const names = targetNames(assignment.childForFieldName('left'));
    if (names.length) return { kind: 'assign', names, text };
  }
  return { kind: 'other', names: [], text };
}

function nameOf(node: Node): string {
  return node.childForFieldName('name')?.text ?? '';
}

/**
 * Statements the `roots` need: defs, classes, assignments and imports whose
 * names the kept code mentions, followed transitively. Order is preserved.
 */
export function neededStatements(roots: PythonStatement[], candidates: PythonStatement[]): PythonStatement[] {
  const kept = new Set<PythonStatement>(roots);
  let changed = true;
  while (changed) {
    changed = false;
    const refs = new Set<string>();
    for (const s of kept) for (const n of referencedNames(s.text)) refs.add(n);
    for (const s of candidates) {
      if (kept.has(s) || s.names.length === 0) continue;
      if (s.kind === 'other' || s.kind === 'main-guard' || s.kind === 'comment') continue;
      if (s.names.some((n) => refs.has(n))) {
        kept.add(s);
        changed = true;
      }
    }
  }
  return candidates.filter((s) => kept.has(s));
}
