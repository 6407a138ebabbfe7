import type { Node } from '@vscode/tree-sitter-wasm';
import type { LocatedFunction } from '../locate/types';
import type { GrammarName } from './treeSitter';
import { bracketProblem, descendants, indentOfLine, lineStartOf, tokens, withTree } from './syntaxTree';

/** A function or method definition the grammar's tree holds. */
export interface FunctionSite {
  name: string;
  /** What the definition spans: `export`, the `const` declaration or the object pair included. */
  outer: Node;
  /** The block (or an arrow function's expression) that is the body. */
  body: Node;
}

/**
 * What the shared locator needs from a language whose bodies are braced blocks
 * (JavaScript, TypeScript, Go, Rust, Java): where its functions are in the tree and
 * which node types are comments, literals and attachments.
 */
export interface BraceGrammar {
  /** The grammar to parse `text` with (TypeScript picks TSX when only that parses). */
  grammarFor(text: string): GrammarName;
  /** Every function site under `root`, in source order. */
  sites(root: Node): FunctionSite[];
  /** Sibling types written just before a definition that belong to it: decorators, attributes. */
  attached: ReadonlySet<string>;
  /** Sibling types that are overload signatures of the definition that follows (TypeScript). */
  overloads: ReadonlySet<string>;
  comments: ReadonlySet<string>;
  /** Literal types kept whole: strings, template literals, regexes. */
  atomic: ReadonlySet<string>;
  indentUnit: string;
}

/** The name of a site's `name` field, '' when it has none (anonymous default exports). */
export function fieldName(node: Node | null | undefined): string {
  return node?.childForFieldName('name')?.text ?? '';
}

/** Sites of a grammar whose functions are exactly the nodes of `types` with a `name` and a `body` (Go, Rust, Java). */
export function sitesOfTypes(...types: string[]): (root: Node) => FunctionSite[] {
  const wanted = new Set(types);
  return (root) =>
    descendants(root).flatMap((node) => {
      const body = wanted.has(node.type) ? node.childForFieldName('body') : null;
      return body ? [{ name: fieldName(node), outer: node, body }] : [];
    });
}

/** Finds function `name`: the least indented definition wins, then the first. */
export function locateBraceFunction(grammar: BraceGrammar, text: string, name: string): LocatedFunction | undefined {
  return withTree(grammar.grammarFor(text), text, (root) => {
    const hits = grammar.sites(root).filter((s) => s.name === name);
    hits.sort((a, b) => indentOfLine(text, a.outer.startIndex).length - indentOfLine(text, b.outer.startIndex).length || a.outer.startIndex - b.outer.startIndex);
    return hits[0] ? describe(grammar, text, hits[0]) : undefined;
  });
}

/** Names of every function site, in source order, once each. */
export function listBraceFunctions(grammar: BraceGrammar, text: string): string[] {
  return withTree(grammar.grammarFor(text), text, (root) => [...new Set(grammar.sites(root).map((s) => s.name).filter(Boolean))]);
}

function describe(grammar: BraceGrammar, text: string, site: FunctionSite): LocatedFunction {
  let first = site.outer;
  for (let prev = first.previousSibling; prev; prev = prev.previousSibling) {
    if (prev.type === ';') continue; // A class body keeps a signature's `;` as a sibling.
    const overload = grammar.overloads.has(prev.type) || (prev.type === 'export_statement' && grammar.overloads.has(prev.namedChildren[0]?.type ?? ''));
    if (!grammar.attached.has(prev.type) && !(overload && signatureName(prev) === site.name)) break;
    first = prev;
  }
  const lineStart = lineStartOf(text, first.startIndex);
  const start = /^[ \t]*$/.test(text.slice(lineStart, first.startIndex)) ? lineStart : first.startIndex;
  let end = site.outer.endIndex;
  if (text[end] === ';') end++;
  const indent = indentOfLine(text, site.outer.startIndex);
  const signature = text.slice(start, site.body.startIndex).trimEnd();
  const doc = leadingDoc(grammar, text, first);
  if (text[site.body.startIndex] !== '{') {
    // An arrow function's expression body.
    return { name: site.name, range: { start, end }, bodyRange: { start: site.body.startIndex, end: site.body.endIndex }, signature, doc, indent, bodyIndent: indent + grammar.indentUnit };
  }
  const inner = blockInner(text, site.body.startIndex, site.body.endIndex - 1);
  return { name: site.name, range: { start, end }, bodyRange: inner.range, signature, doc, indent, bodyIndent: inner.indent ?? indent + grammar.indentUnit };
}

function signatureName(node: Node): string {
  const inner = node.type === 'export_statement' ? node.namedChildren[0] : node;
  return fieldName(inner);
}

/** Inside a block's braces: whole lines when the braces sit on their own lines, else the trimmed text. */
function blockInner(text: string, open: number, close: number): { range: { start: number; end: number }; indent?: string } {
  const nlAfterOpen = text.indexOf('\n', open);
  const closeLineStart = lineStartOf(text, close);
  const onOwnLines = nlAfterOpen !== -1 && nlAfterOpen < close && /^\s*$/.test(text.slice(open + 1, nlAfterOpen)) && /^[ \t]*$/.test(text.slice(closeLineStart, close));
  if (!onOwnLines) {
    let s = open + 1;
    let e = close;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    return { range: { start: s, end: e } };
  }
  const start = nlAfterOpen + 1;
  if (start >= closeLineStart) return { range: { start: closeLineStart, end: closeLineStart } };
  const firstCode = text.slice(start, closeLineStart - 1).split('\n').find((l) => l.trim());
  return { range: { start, end: closeLineStart - 1 }, indent: firstCode ? /^[ \t]*/.exec(firstCode)?.[0] : undefined };
}

/** A doc block comment or the line comments directly above `node`, without comment markers. */
function leadingDoc(grammar: BraceGrammar, text: string, node: Node): string {
  const lines: string[] = [];
  let below = node.startIndex;
  for (let c = node.previousSibling; c && grammar.comments.has(c.type); c = c.previousSibling) {
    const gap = text.slice(c.endIndex, below);
    if (/\S/.test(gap) || (gap.match(/\n/g) ?? []).length > 1) break;
    if (c.text.startsWith('/*')) {
      if (lines.length) break;
      return c.text
        .slice(2, -2)
        .replace(/^\*/, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\*? ?/, '').trimEnd())
        .join('\n')
        .trim();
    }
    lines.unshift(c.text.replace(/^\/\/[/!]? ?/, '').trimEnd());
    below = c.startIndex;
  }
  return lines.join('\n').trim();
}

const OPENERS: Record<string, string> = { '"': 'string opened with "', "'": "string opened with '", '`': 'template literal' };

/** Why brackets or literals of `code` never close, or undefined when they do. */
export function braceBalanceProblem(grammar: BraceGrammar, code: string): string | undefined {
  return withTree(grammar.grammarFor(code), code, (root) => {
    for (const node of descendants(root, (n) => grammar.atomic.has(n.type))) {
      if (node.childCount !== 0 || !node.parent?.isError) continue;
      if (OPENERS[node.text]) return `a ${OPENERS[node.text]} is never closed`;
      if (node.text === '/' && node.nextSibling?.type === 'regex_pattern') return node.nextSibling.text.startsWith('*') ? 'a block comment is never closed' : 'a regular expression is never closed';
    }
    return bracketProblem(codeTokens(grammar, root));
  });
}

/** Token texts outside comments, literals whole, inserted (missing) tokens left out. */
function codeTokens(grammar: BraceGrammar, root: Node): string[] {
  const out: string[] = [];
  for (const t of tokens(root, grammar.atomic)) if (!t.isMissing && !grammar.comments.has(t.type)) out.push(t.text);
  return out;
}

/** Offset of the first `}` that closes a brace `code` never opened (the end of a completed body), if any. */
export function unopenedBrace(grammar: BraceGrammar, code: string): number | undefined {
  return withTree(grammar.grammarFor(code), code, (root) => {
    let depth = 0;
    for (const t of tokens(root, grammar.atomic)) {
      if (t.isMissing || grammar.comments.has(t.type)) continue;
      if (t.text === '(' || t.text === '[' || t.text === '{' || t.text === '${') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0) return t.text === '}' ? t.startIndex : undefined;
        depth--;
      }
    }
    return undefined;
  });
}

/** Declaration types that bind module-level values (not functions) in the braced grammars. */
const VALUE_DECLARATIONS = new Set(['lexical_declaration', 'variable_declaration', 'const_declaration', 'var_declaration', 'const_item', 'static_item']);

/** A top-level value declaration (`const SMALL = new Set([...])`) and the names it binds. */
export interface TopLevelValue {
  names: string[];
  start: number;
  end: number;
}

/** The top-level value declarations of `text` that are not function definitions, in source order. */
export function topLevelValues(grammar: BraceGrammar, text: string): TopLevelValue[] {
  return withTree(grammar.grammarFor(text), text, (root) => {
    const functionStarts = new Set(grammar.sites(root).map((s) => s.outer.startIndex));
    const values: TopLevelValue[] = [];
    for (const child of root.namedChildren) {
      if (!child) continue;
      const declaration = child.type === 'export_statement' ? child.childForFieldName('declaration') : child;
      if (!declaration || !VALUE_DECLARATIONS.has(declaration.type) || functionStarts.has(child.startIndex) || functionStarts.has(declaration.startIndex)) continue;
      const names = descendants(declaration)
        .filter((n) => n.type.endsWith('identifier') && n.parent?.childForFieldName('name')?.equals(n))
        .map((n) => n.text);
      let end = child.endIndex;
      if (text[end] === ';') end++;
      if (names.length) values.push({ names, start: lineStartOf(text, child.startIndex), end });
    }
    return values;
  });
}

/** Whether `code` has a token outside comments. */
export function hasCode(grammar: BraceGrammar, code: string): boolean {
  return withTree(grammar.grammarFor(code), code, (root) => codeTokens(grammar, root).length > 0);
}

/** Identifiers `code` mentions outside literals and comments. */
export function mentionedNames(grammar: BraceGrammar, code: string): Set<string> {
  return withTree(grammar.grammarFor(code), code, (root) => {
    const names = new Set<string>();
    for (const t of tokens(root, grammar.atomic)) if (/identifier$/.test(t.type)) names.add(t.text);
    return names;
  });
}

/** For each line, whether it starts inside a multi-line literal (a template literal's text). */
export function braceLiteralLines(grammar: BraceGrammar, code: string): boolean[] {
  return withTree(grammar.grammarFor(code), code, (root) => {
    const starts: number[] = [0];
    for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
    const inside = starts.map(() => false);
    for (const t of tokens(root, grammar.atomic)) {
      if (!grammar.atomic.has(t.type) || !t.text.includes('\n')) continue;
      starts.forEach((s, i) => {
        if (t.startIndex < s && s < t.endIndex) inside[i] = true;
      });
    }
    return inside;
  });
}

