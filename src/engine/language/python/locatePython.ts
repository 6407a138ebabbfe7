import type { Node } from '@vscode/tree-sitter-wasm';
import type { LocatedFunction } from '../../locate/types';
import { childrenOf, descendants, indentOfLine, lineStartOf, memoByText, withTree } from '../syntaxTree';

/** Every `def` of one text by name: the shallowest (then first) definition and its parameters. */
interface PythonFunctions {
  byName: Map<string, { located: LocatedFunction; parameters: string[] }>;
}

// Extraction asks about the same file (and the same candidate) many times: parse each text once.
const functionsOf = memoByText(
  (text): PythonFunctions =>
    withTree('python', text, (root) => {
      const best = new Map<string, Node>();
      for (const node of descendants(root)) {
        if (node.type !== 'function_definition') continue;
        const name = nameOf(node);
        const seen = best.get(name);
        // The shallowest definition wins, so a module function beats a method of the same name.
        if (!seen || indentOfLine(text, node.startIndex).length < indentOfLine(text, seen.startIndex).length) best.set(name, node);
      }
      return { byName: new Map([...best].map(([name, node]) => [name, { located: describe(text, node, name), parameters: parametersOf(node) }])) };
    }),
  16,
);

/** Names of every `def` in Python source, in order (methods and nested functions included), once each. */
export function listPythonFunctions(text: string): string[] {
  return [...functionsOf(text).byName.keys()];
}

/**
 * Finds `def name` (or `async def`) in Python source. The shallowest definition
 * wins when the name occurs more than once, so a module function beats a method
 * of the same name. Returns undefined when there is no such function.
 */
export function locatePythonFunction(text: string, name: string): LocatedFunction | undefined {
  const found = functionsOf(text).byName.get(name)?.located;
  return found && { ...found, range: { ...found.range }, bodyRange: { ...found.bodyRange } };
}

/** Parameter names of Python function `name` in `text` (`self`, `*args` and `**kw` included). */
export function pythonParameters(text: string, name: string): string[] {
  return [...(functionsOf(text).byName.get(name)?.parameters ?? [])];
}

function parametersOf(def: Node): string[] {
  const params = def.childForFieldName('parameters');
  if (!params) return [];
  return params.namedChildren.flatMap((p) => {
    if (!p) return [];
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
    return id ? [id.text] : [];
  });
}

function nameOf(def: Node): string {
  return def.childForFieldName('name')?.text ?? '';
}

function describe(text: string, def: Node, name: string): LocatedFunction {
  const outer = def.parent?.type === 'decorated_definition' ? def.parent : def;
  const indent = indentOfLine(text, def.startIndex);
  const start = lineStartOf(text, outer.startIndex);
  const block = def.childForFieldName('body');
  const colon = childrenOf(def).filter((c) => c.type === ':').pop();
  const sigEnd = colon ? colon.endIndex : (block?.startIndex ?? def.endIndex);
  const statements = block ? childrenOf(block) : [];
  const end = bodyEnd(text, statements, indent.length, def.endIndex);
  const range = { start, end };
  const signature = text.slice(start, sigEnd);
  const code = statements.filter((s) => s.type !== 'comment');
  const first = code[0];
  if (first && lineStartOf(text, first.startIndex) < sigEnd) {
    // `def f(): return 1` — the body shares the signature's line.
    return { name, range, bodyRange: { start: first.startIndex, end }, signature, doc: '', indent, bodyIndent: indent + '    ' };
  }
  const bodyIndent = first ? indentOfLine(text, first.startIndex) : indent + '    ';
  const docNode = first && isDocstring(first) ? first : undefined;
  const doc = docNode ? dedentDoc(stringValue(docNode.namedChildren[0] as Node)) : '';
  // The body starts on the line after the signature (or the docstring); blank lines before it are not body.
  const afterLineOf = (offset: number): number => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  const bodyFrom = afterLineOf(docNode ? docNode.endIndex : sigEnd - 1);
  let bodyStart = bodyFrom;
  while (bodyStart < end && /^[ \t]*\r?(\n|$)/.test(text.slice(bodyStart, afterLineOf(bodyStart)))) bodyStart = afterLineOf(bodyStart);
  const bodyRange = bodyStart < end ? { start: bodyStart, end } : { start: Math.min(bodyFrom, end), end: Math.min(bodyFrom, end) };
  return { name, range, bodyRange, signature, doc, indent, bodyIndent };
}

/**
 * Where the definition ends: its last statement, plus comments after it that are
 * indented deeper than the `def` (a comment at the margin belongs to what follows).
 */
function bodyEnd(text: string, statements: Node[], defIndent: number, fallback: number): number {
  let end = fallback;
  let lastCode = -1;
  statements.forEach((s, i) => {
    if (s.type !== 'comment') lastCode = i;
  });
  if (lastCode >= 0) {
    end = statements[lastCode].endIndex;
    for (const c of statements.slice(lastCode + 1)) {
      if (indentOfLine(text, c.startIndex).length <= defIndent) break;
      end = c.endIndex;
    }
  }
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

function isDocstring(statement: Node): boolean {
  return statement.type === 'expression_statement' && statement.namedChildCount === 1 && statement.namedChildren[0]?.type === 'string';
}

/** A string literal's text between its quotes. */
function stringValue(node: Node): string {
  const open = node.firstChild;
  const close = node.lastChild;
  if (!open || !close || close.type !== 'string_end') return '';
  return node.text.slice(open.endIndex - node.startIndex, close.startIndex - node.startIndex);
}

/** Dedents a docstring the way `inspect.cleandoc` does. */
function dedentDoc(raw: string): string {
  const lines = raw.replace(/\r/g, '').split('\n');
  const rest = lines.slice(1).filter((l) => l.trim());
  const cut = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(cut).trimEnd())].join('\n').trim();
}
