import type { Node } from '@vscode/tree-sitter-wasm';
import type { RelatedSpan } from './context';

/** A caller longer than this many lines is shown as a window around the call, not whole. */
const WHOLE_CALLER_LINES = 30;
/** Lines kept on each side of a call inside a long caller. */
const CALL_WINDOW = 3;
/** Call sites the prompt looks at; a helper called from hundreds of places needs only a few. */
const MAX_CALLERS = 8;

/** Every descendant of `node` (itself included) in document order. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.namedChildren) if (child) yield* walk(child);
}

/** The nearest ancestor (or `node` itself) whose type is one of `types`. */
export function ancestorOfType(node: Node, types: ReadonlySet<string>): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (types.has(n.type)) return n;
  return undefined;
}

/** The smallest node of one of `types` that spans `lines` whole. */
export function enclosingNode(root: Node, types: ReadonlySet<string>, lines: { start: number; end: number }): Node | undefined {
  let best: Node | undefined;
  for (const n of walk(root)) {
    if (!types.has(n.type) || n.startPosition.row > lines.start || n.endPosition.row < lines.end) continue;
    if (!best || n.endIndex - n.startIndex < best.endIndex - best.startIndex) best = n;
  }
  return best;
}

/** True when `node` lies within `lines`. */
export function insideLines(node: Node, lines: { start: number; end: number }): boolean {
  return node.startPosition.row >= lines.start && node.endPosition.row <= lines.end;
}

/**
 * Spans of the target's call sites: the calling function whole when it is short, else the
 * lines around the call plus the caller's first line, so the model sees how the result is
 * used. Calls inside the target itself (recursion) are left out: the target is shown anyway.
 */
export function callerSpans(calls: readonly Node[], target: { start: number; end: number }, functionTypes: ReadonlySet<string>, nameOf: (fn: Node) => string): RelatedSpan[] {
  const spans: RelatedSpan[] = [];
  const add = (span: RelatedSpan): void => {
    // A caller that calls the target twice is one span, not two.
    if (!spans.some((s) => s.startLine === span.startLine && s.endLine === span.endLine)) spans.push(span);
  };
  for (const call of calls) {
    if (spans.length >= MAX_CALLERS) break;
    const row = call.startPosition.row;
    if (row >= target.start && row <= target.end) continue;
    const fn = ancestorOfType(call, functionTypes);
    const fnName = fn ? nameOf(fn) : '(module level)';
    if (fn && fn.endPosition.row - fn.startPosition.row < WHOLE_CALLER_LINES && !(fn.startPosition.row <= target.start && fn.endPosition.row >= target.end)) {
      add({ startLine: fn.startPosition.row, endLine: fn.endPosition.row, why: 'caller', name: fnName });
      continue;
    }
    if (fn && fn.startPosition.row < row - CALL_WINDOW) add({ startLine: fn.startPosition.row, endLine: fn.startPosition.row, why: 'caller', name: fnName });
    add({ startLine: Math.max(0, row - CALL_WINDOW), endLine: call.endPosition.row + CALL_WINDOW, why: 'caller', name: fnName });
  }
  return spans;
}

/**
 * Spans of the file's own definitions the target uses by name, outside the target itself:
 * each one's signature lines, as the language's `signatureLines` reads them.
 */
export function usedDefinitionSpans(
  names: Iterable<string>,
  local: ReadonlyMap<string, Node>,
  target: { start: number; end: number },
  signatureLines: (def: Node) => { startLine: number; endLine: number },
): RelatedSpan[] {
  const spans: RelatedSpan[] = [];
  for (const name of names) {
    const def = local.get(name);
    if (!def || insideLines(def, target)) continue;
    const lines = signatureLines(def);
    spans.push({ startLine: lines.startLine, endLine: lines.endLine, why: 'used', name });
  }
  return spans;
}

/** The text of `lines` (0-based, inclusive) of `text`. */
export function linesOf(text: string, start: number, end: number): string {
  return text.split('\n').slice(start, end + 1).join('\n');
}

/** Removes the common leading indentation of `text`'s non-blank lines. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
}

/** Normalises a relative path (`a/./b/../c` → `a/c`); undefined when it climbs out of the root. */
export function joinRelative(...parts: string[]): string | undefined {
  const out: string[] = [];
  for (const segment of parts.join('/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return out.join('/');
}

/** The folder part of a `/`-separated relative path ('' at the root). */
export function dirOf(relativePath: string): string {
  const at = relativePath.lastIndexOf('/');
  return at < 0 ? '' : relativePath.slice(0, at);
}
