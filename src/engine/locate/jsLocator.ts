import type { LocatedFunction } from './types';
import { scanJs } from './jsScanner';

const ID = '[A-Za-z_$][\\w$]*';

/** Ways a named function is written in JavaScript/TypeScript; group 1 is the name. */
const PATTERNS: RegExp[] = [
  new RegExp(`^[ \\t]*(?:export[ \\t]+(?:default[ \\t]+)?)?(?:declare[ \\t]+)?(?:async[ \\t]+)?function[ \\t]*\\*?[ \\t]*(${ID})[ \\t]*[<(]`, 'gm'),
  new RegExp(
    `^[ \\t]*(?:export[ \\t]+)?(?:const|let|var)[ \\t]+(${ID})[ \\t]*(?::[^=\\n]+)?=[ \\t]*(?:async[ \\t]*)?(?:function\\b|\\(|${ID}[ \\t]*=>|<)`,
    'gm',
  ),
  // Class methods and object shorthand methods: `name(…) {`, with modifiers.
  new RegExp(
    `^[ \\t]*(?:(?:public|private|protected|static|override|readonly|async)[ \\t]+)*(?:get[ \\t]+|set[ \\t]+)?\\*?[ \\t]*(${ID})[ \\t]*[<(]`,
    'gm',
  ),
  new RegExp(`^[ \\t]*(${ID})[ \\t]*:[ \\t]*(?:async[ \\t]+)?(?:function\\b|\\()`, 'gm'),
];

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'with', 'do', 'else', 'new', 'await', 'typeof']);

/** Names of the functions the JavaScript/TypeScript locator can find, in source order. */
export function listJsFunctions(text: string): string[] {
  const found: { name: string; at: number }[] = [];
  const literals = literalSpans(text);
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (KEYWORDS.has(m[1]) || found.some((f) => f.name === m[1])) continue;
      if (locateAt(text, m.index ?? 0, m[0].length, m[1], literals)) found.push({ name: m[1], at: m.index ?? 0 });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.name);
}

/**
 * Finds a named function declaration, `const name = (…) =>`/`function`
 * expression, or method in JavaScript/TypeScript. Brace matching skips strings,
 * comments, template literals and regex literals. Undefined when not found.
 */
export function locateJsFunction(text: string, name: string): LocatedFunction | undefined {
  const hits: LocatedFunction[] = [];
  let literals: [number, number][] | undefined;
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (m[1] !== name) continue;
      literals ??= literalSpans(text);
      const found = locateAt(text, m.index ?? 0, m[0].length, name, literals);
      if (found) hits.push(found);
    }
  }
  // A top-level declaration beats a method of the same name.
  hits.sort((a, b) => a.indent.length - b.indent.length || a.range.start - b.range.start);
  return hits[0];
}

function locateAt(text: string, lineStart: number, matchLength: number, name: string, literals: [number, number][]): LocatedFunction | undefined {
  if (insideSpan(literals, lineStart)) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  let i = lineStart + matchLength - 1;
  // Skip a generic parameter list `<T>` before the parameters.
  if (text[i] === '<') i = skipAngles(text, i);
  const bareParam = text.startsWith('=>', lineStart + matchLength - 2);
  while (!bareParam && i < text.length && text[i] !== '(' && text[i] !== '=' && text[i] !== '\n') i++;
  let afterParams: number;
  if (bareParam) {
    afterParams = lineStart + matchLength - 2;
  } else if (text[i] === '(') {
    const close = scanJs(text, i, 0);
    if (close.end >= text.length) return undefined;
    afterParams = close.end + 1;
  } else {
    afterParams = i; // `x => …`: the arrow follows a bare parameter.
  }
  const bodyOpen = findBodyStart(text, afterParams);
  if (bodyOpen === undefined) return undefined;
  let start = lineStart;
  // Decorators on the lines above belong to the definition.
  for (;;) {
    const prevEnd = start - 1;
    if (prevEnd < 0) break;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    if (!/^[ \t]*@/.test(text.slice(prevStart, prevEnd))) break;
    start = prevStart;
  }
  let end: number;
  let bodyRange: { start: number; end: number };
  let bodyIndent = indent + '  ';
  if (bodyOpen.kind === 'block') {
    const close = scanJs(text, bodyOpen.at, 0);
    if (close.end >= text.length) return undefined;
    end = close.end + 1;
    const inner = blockInner(text, bodyOpen.at, close.end);
    bodyRange = inner.range;
    bodyIndent = inner.indent ?? bodyIndent;
  } else {
    end = expressionEnd(text, bodyOpen.at);
    bodyRange = { start: bodyOpen.at, end: text[end - 1] === ';' ? end - 1 : end };
  }
  if (text[end] === ';') end++;
  const signature = text.slice(start, bodyOpen.at).trimEnd();
  return { name, range: { start, end }, bodyRange, signature, doc: leadingDoc(text, start), indent, bodyIndent };
}

function skipAngles(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    if (text[i] === '<') depth++;
    else if (text[i] === '>' && text[i - 1] !== '=' && --depth === 0) return i + 1;
  }
  return i;
}

/** After the parameter list: `{` of a block body, or the start of an arrow's expression body. */
function findBodyStart(text: string, i: number): { kind: 'block' | 'expression'; at: number } | undefined {
  while (/\s/.test(text[i] ?? '')) i++;
  if (text[i] === ':') {
    // A return type annotation: the body is the first `{` at depth 0 once the type has started.
    let depth = 0;
    let sawType = false;
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (text.startsWith('=>', i) && depth === 0) break;
      if (c === '{' && depth === 0 && sawType) break;
      if (c === '(' || c === '[' || c === '<' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) depth--;
      if (/\S/.test(c)) sawType = true;
      if (c === ';' && depth === 0) return undefined;
    }
  }
  if (text.startsWith('=>', i)) {
    i += 2;
    while (/\s/.test(text[i] ?? '')) i++;
    return text[i] === '{' ? { kind: 'block', at: i } : { kind: 'expression', at: i };
  }
  // `function` keyword between `=` and the parameters was consumed by the caller; a method needs `{` now.
  return text[i] === '{' ? { kind: 'block', at: i } : undefined;
}

function blockInner(text: string, open: number, close: number): { range: { start: number; end: number }; indent?: string } {
  const nlAfterOpen = text.indexOf('\n', open);
  const closeLineStart = text.lastIndexOf('\n', close - 1) + 1;
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
  const body = text.slice(start, closeLineStart - 1);
  const firstCode = body.split('\n').find((l) => l.trim());
  return { range: { start, end: closeLineStart - 1 }, indent: firstCode ? /^[ \t]*/.exec(firstCode)?.[0] : undefined };
}

/** End of an arrow function's expression body: a `;` or a line end where brackets are balanced. */
function expressionEnd(text: string, from: number): number {
  let lineEnd = from;
  for (;;) {
    const semi = text.indexOf(';', lineEnd);
    const nl = text.indexOf('\n', lineEnd);
    const stop = [semi, nl].filter((x) => x >= 0).sort((a, b) => a - b)[0] ?? text.length;
    const r = scanJs(text.slice(from, stop), 0);
    if ((r.depth === 0 && !r.openLiteral) || stop >= text.length) return text[stop] === ';' ? stop + 1 : stop;
    lineEnd = stop + 1;
  }
}

/** A JSDoc block or `//` comment lines directly above `start`, without comment markers. */
function leadingDoc(text: string, start: number): string {
  let end = start;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (text.startsWith('*/', end - 2)) {
    const open = text.lastIndexOf('/*', end - 2);
    if (open < 0) return '';
    return text
      .slice(open + 2, end - 2)
      .replace(/^\*/, '')
      .split('\n')
      .map((l) => l.replace(/^\s*\*? ?/, '').trimEnd())
      .join('\n')
      .trim();
  }
  const lines: string[] = [];
  let lineEnd = end;
  while (lineEnd > 0) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const m = /^\s*\/\/ ?(.*)$/.exec(text.slice(lineStart, lineEnd));
    if (!m) break;
    lines.unshift(m[1]);
    lineEnd = lineStart - 1;
  }
  return lines.join('\n').trim();
}

/** Spans of strings, template text, comments and regexes, in order, from one scan of the file. */
function literalSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  scanJs(text, 0, undefined, false, (start, end) => spans.push([start, end]));
  return spans;
}

/** Whether `pos` (a line start) lies strictly inside one of the sorted `spans`. */
function insideSpan(spans: [number, number][], pos: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = spans[mid];
    if (pos <= start) hi = mid - 1;
    else if (pos >= end) lo = mid + 1;
    else return true;
  }
  return false;
}
