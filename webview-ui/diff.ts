/*
 * Line diff (Myers' O(ND) algorithm) between the target's text and a candidate's code.
 * Computed in the webview so streaming code needs no extra messages from the host.
 */

export interface DiffLine {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Beyond this many edits the two texts are unrelated; showing delete-all + insert-all is clearer and bounded. */
const MAX_EDITS = 2000;

/** Splits text into lines; a trailing newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The shortest edit script from `before` to `after`, line by line. Trailing whitespace does
 * not count as a change (as in VS Code's diff editor): editors trim it on save and format.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const ka = a.map((line) => line.trimEnd());
  const kb = b.map((line) => line.trimEnd());
  // Common prefix and suffix are cheap to peel off and keep the O(ND) core small.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && ka[prefix] === kb[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && ka[a.length - 1 - suffix] === kb[b.length - 1 - suffix]) suffix++;
  const equal = (from: number, to: number): DiffLine[] => b.slice(from, to).map((text): DiffLine => ({ kind: 'equal', text }));
  const middle = myers(
    { texts: a.slice(prefix, a.length - suffix), keys: ka.slice(prefix, a.length - suffix) },
    { texts: b.slice(prefix, b.length - suffix), keys: kb.slice(prefix, b.length - suffix) },
  );
  return [...equal(0, prefix), ...middle, ...equal(b.length - suffix, b.length)];
}

/** Lines as shown, and the keys they are compared by. */
interface Side {
  texts: string[];
  keys: string[];
}

function myers(a: Side, b: Side): DiffLine[] {
  const n = a.keys.length;
  const m = b.keys.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  // trace[d] holds v[k] for k in [-(d-1), d-1] as it was before round d: all that backtracking reads.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= n + m; d++) {
    if (d > MAX_EDITS) return replaceAll(a.texts, b.texts);
    const snapshot = new Int32Array(Math.max(0, 2 * d - 1));
    for (let k = -(d - 1); k <= d - 1; k++) snapshot[k + d - 1] = v[k + offset];
    trace.push(snapshot);
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[k - 1 + offset] < v[k + 1 + offset]) ? v[k + 1 + offset] : v[k - 1 + offset] + 1;
      let y = x - k;
      while (x < n && y < m && a.keys[x] === b.keys[y]) {
        x++;
        y++;
      }
      v[k + offset] = x;
      if (x >= n && y >= m) return backtrack(trace, a.texts, b.texts);
    }
  }
  return replaceAll(a.texts, b.texts);
}

function backtrack(trace: Int32Array[], a: string[], b: string[]): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snapshot = trace[d];
    const at = (k: number): number => snapshot[k + d - 1];
    const k = x - y;
    let prevX = 0;
    let prevY = 0;
    if (d > 0) {
      const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
      prevX = at(prevK);
      prevY = prevX - prevK;
    }
    while (x > prevX && y > prevY) {
      out.push({ kind: 'equal', text: b[y - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ kind: 'insert', text: b[y - 1] });
      else out.push({ kind: 'delete', text: a[x - 1] });
      x = prevX;
      y = prevY;
    }
  }
  return out.reverse();
}

function replaceAll(a: string[], b: string[]): DiffLine[] {
  return [...a.map((text): DiffLine => ({ kind: 'delete', text })), ...b.map((text): DiffLine => ({ kind: 'insert', text }))];
}

/** A run of unchanged lines folded away in the view. */
export interface DiffFold {
  kind: 'fold';
  count: number;
}

/** Folds unchanged stretches longer than 2×`context` lines, keeping `context` lines around each change. */
export function foldUnchanged(lines: DiffLine[], context = 3): (DiffLine | DiffFold)[] {
  const out: (DiffLine | DiffFold)[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].kind !== 'equal') {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].kind === 'equal') j++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = j === lines.length ? 0 : context;
    if (j - i > keepBefore + keepAfter + 1) {
      out.push(...lines.slice(i, i + keepBefore), { kind: 'fold', count: j - i - keepBefore - keepAfter }, ...lines.slice(j - keepAfter, j));
    } else {
      out.push(...lines.slice(i, j));
    }
    i = j;
  }
  return out;
}
