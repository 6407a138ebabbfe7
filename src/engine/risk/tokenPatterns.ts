import type { RiskSign } from '../verify/types';
import type { CodeToken } from './codeTokens';

/** One thing a scan found in code: what kind of risk, the construct (`subprocess.run`), where. */
export interface RiskFinding {
  kind: RiskSign['kind'];
  /** The construct as written, resolved through imports (`os.environ`, `open(…, 'w')`). */
  what: string;
  line: number;
}

/** The dotted name starting at `i` (`os.path.join`), or undefined when `i` is not the start of one. */
export function dottedAt(tokens: readonly CodeToken[], i: number): { name: string; end: number } | undefined {
  const t = tokens[i];
  if (t?.kind !== 'name') return undefined;
  const before = tokens[i - 1];
  if (before?.kind === 'op' && before.value === '.') return undefined;
  const parts = [t.value];
  let j = i + 1;
  // `a?.b` (optional chaining) reads as `a.b`.
  while (true) {
    const dot = tokens[j]?.value === '?' && tokens[j + 1]?.value === '.' ? j + 1 : j;
    if (tokens[dot]?.kind === 'op' && tokens[dot].value === '.' && tokens[dot + 1]?.kind === 'name') {
      parts.push(tokens[dot + 1].value);
      j = dot + 2;
    } else break;
  }
  return { name: parts.join('.'), end: j };
}

/** True when tokens[i] is the operator `value`. */
export function isOp(tokens: readonly CodeToken[], i: number, value: string): boolean {
  return tokens[i]?.kind === 'op' && tokens[i].value === value;
}

/**
 * The arguments of the call whose `(` is at `open`: each a token slice, split at top-level
 * commas, up to the matching `)`.
 */
export function callArgs(tokens: readonly CodeToken[], open: number): CodeToken[][] {
  const args: CodeToken[][] = [[]];
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind === 'op' && '([{'.includes(t.value)) {
      depth++;
      if (depth === 1) continue;
    } else if (t.kind === 'op' && ')]}'.includes(t.value)) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && t.kind === 'op' && t.value === ',') {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(t);
  }
  return args.filter((a, k) => a.length > 0 || k < args.length - 1);
}

/** A lone string literal argument's text, else undefined. */
export function literalString(arg: readonly CodeToken[] | undefined): string | undefined {
  return arg && arg.length === 1 && arg[0].kind === 'string' ? arg[0].value : undefined;
}

/** True when `name` is `prefix` or starts with `prefix.`. */
export function under(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(`${prefix}.`);
}

/**
 * True when the `(` at `open` starts a declaration's parameter list rather than a call: the
 * name before it follows `def`/`function`, or the matching `)` is followed by a body `{` or a
 * type annotation `:` (a method in a class or an object type).
 */
export function declaresAt(tokens: readonly CodeToken[], nameIndex: number, open: number): boolean {
  const before = tokens[nameIndex - 1]?.value;
  if (before === 'def' || before === 'function' || before === 'class') return true;
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind !== 'op') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) {
      const next = tokens[j + 1];
      return next?.kind === 'op' && (next.value === '{' || next.value === ':');
    }
  }
  return false;
}
