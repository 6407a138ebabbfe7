import type { LocatedFunction } from './types';
import { scanPythonLines, type PythonLine } from './pythonLines';

const DEF_LINE = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(/;

/** Names of every `def` in Python source, in order (methods and nested functions included). */
export function listPythonFunctions(text: string): string[] {
  const { lines } = scanPythonLines(text);
  const names: string[] = [];
  for (const line of lines) {
    if (line.continuation) continue;
    const m = DEF_LINE.exec(text.slice(line.start, line.end));
    if (m) names.push(m[2]);
  }
  return names;
}

/**
 * Finds `def name` (or `async def`) in Python source. The shallowest definition
 * wins when the name occurs more than once, so a module function beats a method
 * of the same name. Returns undefined when there is no such function.
 */
export function locatePythonFunction(text: string, name: string): LocatedFunction | undefined {
  const { lines } = scanPythonLines(text);
  let best: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.continuation) continue;
    const m = DEF_LINE.exec(text.slice(line.start, line.end));
    if (m && m[2] === name && (best === undefined || line.indent < lines[best].indent)) best = i;
  }
  if (best === undefined) return undefined;
  return describe(text, lines, best, name);
}

function describe(text: string, lines: PythonLine[], defIndex: number, name: string): LocatedFunction {
  const defLine = lines[defIndex];
  const indent = text.slice(defLine.start, defLine.start + defLine.indent);
  let first = defIndex;
  while (first > 0) {
    const prev = lines[first - 1];
    if (prev.continuation || prev.blank) break;
    if (prev.indent !== defLine.indent || text[prev.start + prev.indent] !== '@') break;
    first--;
  }
  const sigEnd = signatureEnd(text, defLine.start);
  const sigLastLine = lineIndexAt(lines, sigEnd);
  // The body runs until the first statement line indented no deeper than the def.
  let last = sigLastLine;
  for (let i = sigLastLine + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.continuation) {
      last = i;
      continue;
    }
    if (line.blank || line.commentOnly) {
      if (line.commentOnly && line.indent > defLine.indent) last = i;
      continue;
    }
    if (line.indent <= defLine.indent) break;
    last = i;
  }
  const rangeEnd = trimCr(text, lines[last].end);
  const inlineBody = text.slice(sigEnd + 1, lines[sigLastLine].end).trim();
  const range = { start: lines[first].start, end: rangeEnd };
  const signature = text.slice(range.start, sigEnd + 1);
  if (inlineBody && !inlineBody.startsWith('#')) {
    // `def f(): return 1` — the body shares the signature's line.
    let s = sigEnd + 1;
    while (text[s] === ' ' || text[s] === '\t') s++;
    return { name, range, bodyRange: { start: s, end: rangeEnd }, signature, doc: '', indent, bodyIndent: indent + '    ' };
  }
  let bodyFirst = sigLastLine + 1;
  while (bodyFirst <= last && (lines[bodyFirst].blank || lines[bodyFirst].commentOnly)) bodyFirst++;
  const bodyIndent = bodyFirst <= last ? text.slice(lines[bodyFirst].start, lines[bodyFirst].start + lines[bodyFirst].indent) : indent + '    ';
  let doc = '';
  let afterDoc = sigLastLine + 1;
  if (bodyFirst <= last) {
    const ds = docstringAt(text, lines[bodyFirst].start + lines[bodyFirst].indent);
    if (ds) {
      doc = ds.value;
      afterDoc = lineIndexAt(lines, ds.end - 1) + 1;
    }
  }
  let bodyStartLine = afterDoc;
  while (bodyStartLine <= last && lines[bodyStartLine].blank) bodyStartLine++;
  const bodyRange =
    bodyStartLine <= last
      ? { start: lines[bodyStartLine].start, end: rangeEnd }
      : { start: Math.min(text.length, lines[afterDoc - 1].end + 1), end: Math.min(text.length, lines[afterDoc - 1].end + 1) };
  if (bodyRange.start > rangeEnd) {
    // Empty body at the very end of the file without a trailing newline.
    bodyRange.start = bodyRange.end = rangeEnd;
  }
  return { name, range, bodyRange, signature, doc, indent, bodyIndent };
}

/** Offset of the `:` ending the signature that starts at `from` (brackets and strings skipped). */
function signatureEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += q.length;
      while (i < text.length && !text.startsWith(q, i)) i += text[i] === '\\' ? 2 : 1;
      i += q.length - 1;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return text.length - 1;
}

/** A string literal statement at `pos` (the docstring), with its dedented value and end offset. */
function docstringAt(text: string, pos: number): { value: string; end: number } | undefined {
  const m = /^[rRuU]?("""|'''|"|')/.exec(text.slice(pos, pos + 5));
  if (!m) return undefined;
  const q = m[1];
  const open = pos + m[0].length;
  let i = open;
  while (i < text.length && !text.startsWith(q, i)) {
    if (q.length === 1 && text[i] === '\n') return undefined;
    i += text[i] === '\\' ? 2 : 1;
  }
  if (i >= text.length) return undefined;
  return { value: dedentDoc(text.slice(open, i)), end: i + q.length };
}

/** Dedents a docstring the way `inspect.cleandoc` does. */
export function dedentDoc(raw: string): string {
  const lines = raw.replace(/\r/g, '').split('\n');
  const rest = lines.slice(1).filter((l) => l.trim());
  const cut = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(cut).trimEnd())].join('\n').trim();
}

function lineIndexAt(lines: PythonLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function trimCr(text: string, end: number): number {
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}
