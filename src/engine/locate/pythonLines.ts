/** One physical line of Python source with what a scanner knows about its start. */
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
  /** Starts inside a bracket, a triple-quoted string or after a `\` continuation: not a new statement. */
  continuation: boolean;
  /** Starts inside a triple-quoted string: its text is data, not indentation. */
  inString: boolean;
}

/** Brackets and strings still open at the end of a scan; all zero/empty means balanced. */
export interface PythonScanState {
  depth: number;
  /** The open string's quote (`'`, `"`, `'''`, `"""`), or '' when none. */
  quote: string;
  /** A bracket closed that was never opened. */
  underflow: boolean;
}

/**
 * Splits Python source into physical lines and marks which start a new logical
 * statement. Strings and comments are tracked so that brackets or `def` inside
 * them do not fool indentation-based range finding.
 */
export function scanPythonLines(text: string): { lines: PythonLine[]; state: PythonScanState } {
  const lines: PythonLine[] = [];
  let depth = 0;
  let quote = '';
  let underflow = false;
  let backslash = false;
  let unterminated = '';
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const inString = quote.length === 3;
    const continuation = depth > 0 || inString || backslash;
    let i = pos;
    let indent = 0;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) {
      i++;
      indent++;
    }
    const blank = i === end || (i === end - 1 && text[i] === '\r');
    const commentOnly = !continuation && text[i] === '#';
    lines.push({ start: pos, end, indent, blank, commentOnly, continuation, inString });
    backslash = false;
    for (let j = pos; j < end; j++) {
      const c = text[j];
      if (quote) {
        if (c === '\\') {
          j++;
          continue;
        }
        if (text.startsWith(quote, j)) {
          j += quote.length - 1;
          quote = '';
        }
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        quote = text.startsWith(c.repeat(3), j) ? c.repeat(3) : c;
        j += quote.length - 1;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) underflow = true;
        else depth--;
      } else if (c === '\\' && (j === end - 1 || (j === end - 2 && text[end - 1] === '\r'))) backslash = true;
    }
    // A single-quoted string cannot span lines: remember the error and go on scanning.
    if (quote.length === 1 && !backslash) {
      unterminated = quote;
      quote = '';
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  return { lines, state: { depth, quote: quote || unterminated, underflow } };
}

/** Whether Python `code` has balanced brackets and closed strings (not a full syntax check). */
export function pythonBalanceProblem(code: string): string | undefined {
  const { state } = scanPythonLines(code);
  if (state.underflow) return 'a closing bracket has no opening bracket';
  if (state.quote) return `a string opened with ${state.quote} is never closed`;
  if (state.depth > 0) return `${state.depth} bracket(s) are never closed`;
  return undefined;
}
