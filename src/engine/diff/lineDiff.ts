/** One line of a diff. */
export interface DiffLine {
  kind: 'equal' | 'add' | 'remove';
  text: string;
  /** 1-based line number in the old text (equal/remove). */
  oldLine?: number;
  /** 1-based line number in the new text (equal/add). */
  newLine?: number;
}

/**
 * Line diff by Myers' O(ND) algorithm: the shortest edit script, removals
 * before additions within a change. Lines compare exactly (whitespace counts:
 * indentation changes matter in Python).
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const trace = myersTrace(a, b);
  const ops: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const v = trace[d];
    const k = x - y;
    const offset = trace.length;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? -1) < (v[offset + k + 1] ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (v[offset + prevK] ?? 0);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: 'equal', text: a[x - 1], oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (down) {
      ops.push({ kind: 'add', text: b[y - 1], newLine: y });
      y--;
    } else {
      ops.push({ kind: 'remove', text: a[x - 1], oldLine: x });
      x--;
    }
  }
  return ops.reverse();
}

/** V arrays per edit distance d; `v[offset + k]` is the furthest x on diagonal k. */
function myersTrace(a: string[], b: string[]): number[][] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice());
        return normalise(trace, offset);
      }
    }
    trace.push(v.slice());
  }
  return normalise(trace, offset);
}

// The backtrack indexes with `trace.length` as offset; re-base each snapshot to that.
function normalise(trace: number[][], offset: number): number[][] {
  const target = trace.length;
  return trace.map((v) => {
    const out: number[] = [];
    for (let k = -target; k <= target; k++) out[target + k] = v[offset + k] ?? -1;
    return out;
  });
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  fromLabel?: string;
  toLabel?: string;
  /** Unchanged lines shown around each change. Default 3. */
  context?: number;
  /** Added to every line number, e.g. the target's first line in its file minus one. */
  lineOffset?: number;
}

/** A unified diff (`---`/`+++`/`@@` hunks) of two texts; '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions = {}): string {
  const lines = diffLines(oldText, newText);
  const context = options.context ?? 3;
  const shift = options.lineOffset ?? 0;
  const changed = lines.map((l, i) => (l.kind === 'equal' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${options.fromLabel ?? 'current'}`, `+++ ${options.toLabel ?? 'candidate'}`];
  let i = 0;
  while (i < changed.length) {
    const from = Math.max(0, changed[i] - context);
    let to = Math.min(lines.length, changed[i] + context + 1);
    while (i + 1 < changed.length && changed[i + 1] - context <= to) {
      i++;
      to = Math.min(lines.length, changed[i] + context + 1);
    }
    const hunk = lines.slice(from, to);
    const oldStart = firstNumber(lines, from, 'oldLine');
    const newStart = firstNumber(lines, from, 'newLine');
    const oldCount = hunk.filter((l) => l.kind !== 'add').length;
    const newCount = hunk.filter((l) => l.kind !== 'remove').length;
    out.push(`@@ -${oldStart + shift},${oldCount} +${newStart + shift},${newCount} @@`);
    for (const l of hunk) out.push(`${l.kind === 'add' ? '+' : l.kind === 'remove' ? '-' : ' '}${l.text}`);
    i++;
  }
  return out.join('\n') + '\n';
}

/** Line number where a hunk starting at `index` begins on one side (unified-diff convention). */
function firstNumber(lines: DiffLine[], index: number, side: 'oldLine' | 'newLine'): number {
  for (let j = index; j < lines.length; j++) {
    const n = lines[j][side];
    if (n !== undefined) return n;
  }
  // Only insertions/removals to the end: count the side's lines before the hunk.
  return lines.slice(0, index).filter((l) => l[side] !== undefined).length + (lines.length > index ? 0 : 1);
}
