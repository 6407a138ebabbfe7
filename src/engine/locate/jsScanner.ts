/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_PREFIX = /[(,=:[!&|?{};+\-*%<>~^]$/;
const REGEX_KEYWORD = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/** Bracket and literal state after scanning JavaScript/TypeScript text. */
export interface JsScanResult {
  /** Offset where scanning stopped (the matching close, or the end of the text). */
  end: number;
  /** Brackets still open. */
  depth: number;
  /** A string, template, comment or regex left open. */
  openLiteral: string;
  /** A closing bracket had no opening one. */
  underflow: boolean;
}

/**
 * Walks JavaScript/TypeScript source from `from`, skipping strings, template
 * literals (with nested `${}`), comments and regex literals. With `stopAtDepth`
 * it stops at the bracket that closes back to that depth (for brace matching);
 * with `stopOnUnderflow` at the first closing bracket that was never opened.
 * `onLiteral` receives the span of every string, template part, comment and regex.
 */
export function scanJs(
  text: string,
  from: number,
  stopAtDepth?: number,
  stopOnUnderflow = false,
  onLiteral?: (start: number, end: number) => void,
): JsScanResult {
  // Each entry is a bracket char or '`' for a template literal whose `${` we are inside.
  const stack: string[] = [];
  let underflow = false;
  let i = from;
  const closeTo = (c: string): boolean => {
    const open = stack.pop();
    if (open === undefined) {
      underflow = true;
      return false;
    }
    return open === '${' && c === '}';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = skipQuoted(text, i, c);
      if (end < 0) return { end: text.length, depth: stack.length, openLiteral: c, underflow };
      onLiteral?.(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      const end = skipTemplate(text, i + 1);
      if (end.kind === 'open') return { end: text.length, depth: stack.length, openLiteral: '`', underflow };
      onLiteral?.(i, end.at);
      if (end.kind === 'interp') {
        stack.push('${');
        i = end.at;
        continue;
      }
      i = end.at;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      onLiteral?.(i, nl < 0 ? text.length : nl);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return { end: text.length, depth: stack.length, openLiteral: '/*', underflow };
      onLiteral?.(i, close + 2);
      i = close + 2;
      continue;
    }
    if (c === '/' && startsRegex(text, i)) {
      const end = skipRegex(text, i);
      if (end < 0) return { end: text.length, depth: stack.length, openLiteral: '/', underflow };
      onLiteral?.(i, end);
      i = end;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      stack.push(c);
    } else if (c === ')' || c === ']' || c === '}') {
      if (stopOnUnderflow && stack.length === 0) return { end: i, depth: 0, openLiteral: '', underflow: true };
      if (closeTo(c)) {
        // Back inside a template literal after `${ … }`.
        const end = skipTemplate(text, i + 1);
        if (end.kind === 'open') return { end: text.length, depth: stack.length, openLiteral: '`', underflow };
        onLiteral?.(i + 1, end.at);
        if (end.kind === 'interp') stack.push('${');
        i = end.at;
        continue;
      }
      if (stopAtDepth !== undefined && stack.length === stopAtDepth) return { end: i, depth: stack.length, openLiteral: '', underflow };
    }
    i++;
  }
  return { end: text.length, depth: stack.length, openLiteral: '', underflow };
}

function skipQuoted(text: string, i: number, q: string): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === q) return j + 1;
    else if (text[j] === '\n') return -1;
  }
  return -1;
}

/** From inside a template literal: where it ends, or where a `${` interpolation opens. */
function skipTemplate(text: string, j: number): { kind: 'closed' | 'interp' | 'open'; at: number } {
  for (; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '`') return { kind: 'closed', at: j + 1 };
    else if (text[j] === '$' && text[j + 1] === '{') return { kind: 'interp', at: j + 2 };
  }
  return { kind: 'open', at: text.length };
}

function startsRegex(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  if (k < 0 || text[k] === '\n') return true;
  const before = text.slice(Math.max(0, k - 10), k + 1);
  return REGEX_PREFIX.test(before) || REGEX_KEYWORD.test(before);
}

function skipRegex(text: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '\n') return -1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      j++;
      while (j < text.length && /[a-z]/i.test(text[j])) j++;
      return j;
    }
  }
  return -1;
}

/** Why JavaScript/TypeScript `code` cannot be balanced, or undefined when it is. */
export function jsBalanceProblem(code: string): string | undefined {
  const r = scanJs(code, 0);
  if (r.underflow) return 'a closing bracket has no opening bracket';
  if (r.openLiteral) return `a ${describeLiteral(r.openLiteral)} is never closed`;
  if (r.depth > 0) return `${r.depth} bracket(s) are never closed`;
  return undefined;
}

function describeLiteral(open: string): string {
  if (open === '`') return 'template literal';
  if (open === '/*') return 'block comment';
  if (open === '/') return 'regular expression';
  return `string opened with ${open}`;
}
