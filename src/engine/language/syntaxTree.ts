import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeToken } from '../risk/codeTokens';
import { grammarLoaded, parseWith, type GrammarName } from './treeSitter';

/** Raised when code is parsed before {@link ensureLanguageLayer} has loaded the grammars. */
export class LanguageLayerNotLoadedError extends Error {
  constructor(grammar: GrammarName) {
    super(`the ${grammar} grammar is not loaded: await ensureLanguageLayer() (src/engine/language/registry.ts) at the entry point before locating, extracting or hashing code`);
    this.name = 'LanguageLayerNotLoadedError';
  }
}

/**
 * Parses `text`, hands the root to `read` and frees the tree (the WebAssembly heap
 * does not shrink by itself). Nodes must not escape `read`.
 */
export function withTree<T>(grammar: GrammarName, text: string, read: (root: Node) => T): T {
  if (!grammarLoaded(grammar)) throw new LanguageLayerNotLoadedError(grammar);
  const tree = parseWith(grammar, text);
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** Children of `node` that exist (the binding types them as nullable). */
export function childrenOf(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/**
 * Walks `root`'s subtree in source order with one cursor (cheaper than `children`
 * arrays): `enter` sees each node and returns false to skip its children; `leave`
 * sees it after its children.
 */
export function walkTree(root: Node, enter: (node: Node) => boolean, leave?: (node: Node) => void): void {
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      const node = cursor.currentNode;
      if (enter(node) && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      leave?.(node);
      while (!(depth > 0 && cursor.gotoNextSibling())) {
        if (depth === 0 || !cursor.gotoParent()) return;
        depth--;
        leave?.(cursor.currentNode);
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Every node under `root` (itself included) in source order; `skip` prunes a subtree. */
export function descendants(root: Node, skip?: (node: Node) => boolean): Node[] {
  const out: Node[] = [];
  walkTree(root, (node) => {
    out.push(node);
    return !skip?.(node);
  });
  return out;
}

/** A token as the scans need it, read off the cursor without building a `Node` per node (that marshalling dominates). */
export interface Token {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  /** Inserted by the parser's error recovery; not in the text. */
  isMissing: boolean;
}

/**
 * The tokens of `root` in order: leaves, except that nodes whose type is in `atomic`
 * (string and regex literals) count as one token with their whole text.
 */
export function tokens(root: Node, atomic: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      const type = cursor.nodeType;
      if (atomic.has(type) || !cursor.gotoFirstChild()) {
        out.push({ type, text: cursor.nodeText, startIndex: cursor.startIndex, endIndex: cursor.endIndex, isMissing: cursor.nodeIsMissing });
        while (!(depth > 0 && cursor.gotoNextSibling())) {
          if (depth === 0 || !cursor.gotoParent()) return out;
          depth--;
        }
      } else depth++;
    }
  } finally {
    cursor.delete();
  }
}

/** What {@link normaliseTree} keeps and marks for one language. */
export interface NormaliseShape {
  /** Literal node types kept whole, their text verbatim (strings are behaviour). */
  atomic: ReadonlySet<string>;
  /** Node types that are comments, left out. */
  comments: ReadonlySet<string>;
  /** Node types whose extent is syntax (Python's indented blocks): marked where they open and close. */
  blocks?: ReadonlySet<string>;
}

/**
 * Code as its token sequence, one space apart: comments and every layout whitespace
 * gone, literals kept byte for byte. Two candidates that differ only in layout or
 * comments get the same text.
 */
export function normaliseTree(root: Node, shape: NormaliseShape): string {
  const out: string[] = [];
  walkTree(
    root,
    (node) => {
      if (shape.comments.has(node.type)) return false;
      if (node.childCount === 0 || shape.atomic.has(node.type)) {
        if (!node.isMissing && node.text !== '') out.push(node.text);
        return false;
      }
      if (shape.blocks?.has(node.type)) out.push('⟨');
      return true;
    },
    (node) => {
      if (shape.blocks?.has(node.type) && node.childCount > 0) out.push('⟩');
    },
  );
  return out.join(' ');
}

/**
 * `compute` remembered for the last few texts: one candidate is parsed by several
 * steps in a row (split, dedent, fit, check), each asking about the same text.
 * Results are shared, so callers must not change them.
 */
export function memoByText<T>(compute: (text: string) => T, size = 64): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T;
    const value = compute(text);
    if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    cache.set(text, value);
    return value;
  };
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Leading whitespace of the line holding `offset`. */
export function indentOfLine(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))?.[0] ?? '';
}

/** Why brackets in the token stream do not balance, or undefined when they do. */
export function bracketProblem(tokenTexts: Iterable<string>): string | undefined {
  let depth = 0;
  for (const t of tokenTexts) {
    if (t === '(' || t === '[' || t === '{' || t === '${') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      if (depth === 0) return 'a closing bracket has no opening bracket';
      depth--;
    }
  }
  return depth > 0 ? `${depth} bracket(s) are never closed` : undefined;
}

/**
 * {@link CodeToken}s of `root`: literals (`shape.atomic`) whole with their quotes and
 * prefix removed, numbers, names and keywords, and every other token split into
 * one-character operators (`==` is `=`, `=`), as the risk patterns read them.
 */
export function codeTokensOf(root: Node, shape: NormaliseShape, isNumber: (type: string) => boolean): CodeToken[] {
  const out: CodeToken[] = [];
  walkTree(root, (node) => {
    if (shape.comments.has(node.type)) return false;
    const line = node.startPosition.row + 1;
    if (shape.atomic.has(node.type)) {
      // Code inside `${…}` or an f-string's `{…}` is code: read the parts, the literal text as strings.
      if (node.children.some((c) => c?.type === 'template_substitution' || c?.type === 'interpolation')) return true;
      out.push({ kind: 'string', value: literalValue(node), line });
      return false;
    }
    if (node.childCount > 0) return true;
    const text = node.text;
    if (node.isMissing || text === '' || LITERAL_DELIMITERS.has(node.type)) return false;
    if (LITERAL_PARTS.has(node.type)) {
      out.push({ kind: 'string', value: text, line });
      return false;
    }
    if (isNumber(node.type)) out.push({ kind: 'number', value: text, line });
    else if (/^[A-Za-z_$][\w$]*$/.test(text)) out.push({ kind: 'name', value: text, line });
    else for (const c of text.replace(/\s+/g, '')) out.push({ kind: 'op', value: c, line });
    return false;
  });
  return out;
}

const LITERAL_DELIMITERS = new Set(['string_start', 'string_end', '`']);
const LITERAL_PARTS = new Set(['string_fragment', 'string_content', 'escape_sequence']);

/** A literal's contents: between its opening and closing quote (a prefix such as `rb` or `f` dropped). */
function literalValue(node: Node): string {
  const first = node.firstChild;
  const last = node.lastChild;
  // Python strings have `string_start`/`string_end` tokens that hold prefix and quotes.
  if (first?.type === 'string_start' && last && last !== first) return node.text.slice(first.endIndex - node.startIndex, last.startIndex - node.startIndex);
  const text = node.text;
  const open = /^[A-Za-z]*("""|\'\'\'|["'`/])/.exec(text)?.[1] ?? '';
  const close = open === '/' ? text.lastIndexOf('/') : text.length - open.length;
  return text.slice(open.length, Math.max(open.length, close));
}
