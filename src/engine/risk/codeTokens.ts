/**
 * A small tokenizer for the risk scan and for code similarity: names, numbers, strings and
 * single-character operators, with comments dropped. Strings are one token each (their text
 * kept as `value`, quotes and prefix removed), so what a string or a comment *says* never
 * reads as code. It is not a parser: a JS regex literal holding a quote, or code inside a
 * template literal's `${}`, is misread. A tree-sitter scan is planned to replace it.
 */

export interface CodeToken {
  kind: 'name' | 'number' | 'string' | 'op';
  /** The text; for a string, its contents without quotes or prefix. */
  value: string;
  /** 1-based line the token starts on. */
  line: number;
}

const NAME_START = /[A-Za-z_$]/;
const NAME_PART = /[A-Za-z0-9_$]/;
const PY_STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

/** Tokens of Python (`#` comments, prefixed and triple-quoted strings) or of JS/TS-like code. */
export function tokenize(code: string, style: 'python' | 'c'): CodeToken[] {
  const out: CodeToken[] = [];
  let line = 1;
  let i = 0;
  const n = code.length;
  const advanceTo = (end: number): void => {
    for (let k = i; k < end; k++) if (code[k] === '\n') line++;
    i = end;
  };
  while (i < n) {
    const c = code[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\\') {
      i++;
    } else if (style === 'python' && c === '#') {
      while (i < n && code[i] !== '\n') i++;
    } else if (style === 'c' && c === '/' && code[i + 1] === '/') {
      while (i < n && code[i] !== '\n') i++;
    } else if (style === 'c' && c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      advanceTo(end < 0 ? n : end + 2);
    } else if (c === '"' || c === "'" || (style === 'c' && c === '`')) {
      const start = line;
      const { value, end } = readString(code, i, style);
      advanceTo(end);
      out.push({ kind: 'string', value, line: start });
    } else if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(code[j])) j++;
      const word = code.slice(i, j);
      // A string prefix (r'', b"", f'''…''') glued to its quote is part of the string.
      if (style === 'python' && (code[j] === '"' || code[j] === "'") && PY_STRING_PREFIX.test(word)) {
        const start = line;
        const { value, end } = readString(code, j, style);
        advanceTo(end);
        out.push({ kind: 'string', value, line: start });
      } else {
        out.push({ kind: 'name', value: word, line });
        i = j;
      }
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(code[j])) j++;
      out.push({ kind: 'number', value: code.slice(i, j), line });
      i = j;
    } else {
      out.push({ kind: 'op', value: c, line });
      i++;
    }
  }
  return out;
}

function readString(code: string, start: number, style: 'python' | 'c'): { value: string; end: number } {
  const q = code[start];
  const triple = style === 'python' && code.startsWith(q.repeat(3), start);
  const quote = triple ? q.repeat(3) : q;
  let j = start + quote.length;
  let value = '';
  while (j < code.length) {
    if (code.startsWith(quote, j)) return { value, end: j + quote.length };
    // An unclosed single-line string ends at the line break (template literals span lines).
    if (!triple && q !== '`' && code[j] === '\n') return { value, end: j };
    if (code[j] === '\\' && j + 1 < code.length) {
      value += code.slice(j, j + 2);
      j += 2;
      continue;
    }
    value += code[j];
    j++;
  }
  return { value, end: code.length };
}

/** Tokenizer style for a language. */
export function styleOf(language: string): 'python' | 'c' {
  return language === 'python' ? 'python' : 'c';
}
