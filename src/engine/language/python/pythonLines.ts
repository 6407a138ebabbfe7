import type { Node } from '@vscode/tree-sitter-wasm';
import { bracketProblem, memoByText, tokens, withTree } from '../syntaxTree';

/** One physical line of Python source with what the parser knows about its start. */
export interface PythonLine {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset of the line's end (the `\n`, or the text's end), exclusive. */
  end: number;
  /** Leading whitespace width (tabs count as one column; mixed indentation is the verifier's problem). */
  indent: number;
  blank: boolean;
  /** Only a `#` comment after the indentation. */
  commentOnly: boolean;
  /** Starts inside brackets, a multi-line string or after a `\` continuation: not a new statement. */
  continuation: boolean;
  /** Starts inside a multi-line string: its text is data, not indentation. */
  inString: boolean;
}

/** Python string literals are one token each: their brackets and `#` are data. */
export const PYTHON_ATOMIC: ReadonlySet<string> = new Set(['string']);
const NOTHING_ATOMIC: ReadonlySet<string> = new Set();

/**
 * Splits Python source into physical lines and marks which start a new logical
 * statement, from the parser's tokens: a line inside brackets, a multi-line
 * string or after a `\` continuation continues the statement above it.
 */
export const pythonLines: (text: string) => readonly PythonLine[] = memoByText((text) => withTree('python', text, (root) => linesOf(text, root)));

function linesOf(text: string, root: Node): PythonLine[] {
  // Offsets where bracket depth changes, spans of multi-line strings, and `\` line ends, in order.
  const depthAt: { at: number; delta: number }[] = [];
  const stringSpans: [number, number][] = [];
  const continued = new Set<number>();
  for (const token of tokens(root, PYTHON_ATOMIC)) {
    const t = token.text;
    if (token.type === 'string' || token.type === 'string_start') {
      // An unclosed string (an ERROR holding a lone `string_start`) runs to the end, as Python reads it.
      const end = token.type === 'string' ? token.endIndex : text.length;
      if (text.lastIndexOf('\n', end - 1) > token.startIndex) stringSpans.push([token.startIndex, end]);
    } else if (token.type === 'line_continuation' || t.startsWith('\\')) {
      continued.add(text.indexOf('\n', token.startIndex) + 1);
    } else if (!token.isMissing && (t === '(' || t === '[' || t === '{')) depthAt.push({ at: token.endIndex, delta: 1 });
    else if (!token.isMissing && (t === ')' || t === ']' || t === '}')) depthAt.push({ at: token.startIndex, delta: -1 });
  }
  const lines: PythonLine[] = [];
  let depth = 0;
  let d = 0;
  let s = 0;
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    while (d < depthAt.length && depthAt[d].at <= pos) depth = Math.max(0, depth + depthAt[d++].delta);
    while (s < stringSpans.length && stringSpans[s][1] <= pos) s++;
    const inString = s < stringSpans.length && stringSpans[s][0] < pos && pos < stringSpans[s][1];
    const indentMatch = /^[ \t]*/.exec(text.slice(pos, end))?.[0] ?? '';
    const i = pos + indentMatch.length;
    const blank = i === end || (i === end - 1 && text[i] === '\r');
    const continuation = depth > 0 || inString || continued.has(pos);
    lines.push({ start: pos, end, indent: indentMatch.length, blank, commentOnly: !continuation && text[i] === '#', continuation, inString });
    if (nl === -1) break;
    pos = nl + 1;
  }
  return lines;
}

/**
 * Why Python `code` does not close its strings or brackets, from the parser's
 * tokens (not a full syntax check: the rest is left to the verifier).
 */
export function pythonBalanceProblem(code: string): string | undefined {
  return withTree('python', code, (root) => {
    // Strings nest (f-string fields): each start waits for its end; a missing end is one the parser invented.
    const open: string[] = [];
    for (const token of tokens(root, NOTHING_ATOMIC)) {
      if (token.type === 'string_start') open.push(token.text.replace(/^[A-Za-z]+/, ''));
      else if (token.type === 'string_end') {
        if (token.isMissing) return `a string opened with ${open.pop() ?? '"'} is never closed`;
        open.pop();
      }
    }
    if (open.length) return `a string opened with ${open[0]} is never closed`;
    const texts: string[] = [];
    for (const token of tokens(root, PYTHON_ATOMIC)) if (!token.isMissing) texts.push(token.text);
    return bracketProblem(texts);
  });
}
