/*
 * The one line diff of the product: the CLI prints it as a unified diff and the panel renders
 * it. Pure (no Node or VS Code imports) so the webview bundles this very module, and both
 * surfaces show the same edit for the same two texts. The edit script itself comes from the
 * `diff` package (Myers' O(ND) algorithm); this file only fixes the conventions.
 */
import { diffArrays } from 'diff';

/** One line of a diff. */
export interface DiffLine {
  kind: 'equal' | 'add' | 'remove';
  /** The line as shown; for `equal`, the new text's line (it may differ in trailing whitespace). */
  text: string;
  /** 1-based line number in the old text (equal/remove). */
  oldLine?: number;
  /** 1-based line number in the new text (equal/add). */
  newLine?: number;
}

/**
 * Beyond this many edits the two texts are unrelated: remove-all + add-all says as much and
 * keeps the cost bounded while code streams into the panel.
 */
const MAX_EDITS = 500;

/** Splits text into lines (`\n`, `\r\n` or `\r`); a trailing newline makes no extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The shortest edit script from `oldText` to `newText`, line by line, removals before additions
 * within a change. Trailing whitespace is no change (as in VS Code's diff editor: editors trim it
 * on save); leading whitespace is, since indentation is code in Python.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const changes = diffArrays(a, b, { comparator: (x: string, y: string) => x.trimEnd() === y.trimEnd(), maxEditLength: MAX_EDITS });
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  if (!changes) {
    for (const text of a) out.push({ kind: 'remove', text, oldLine: ++oldLine });
    for (const text of b) out.push({ kind: 'add', text, newLine: ++newLine });
    return out;
  }
  for (const change of changes) {
    for (const text of change.value) {
      if (change.removed) out.push({ kind: 'remove', text, oldLine: ++oldLine });
      else if (change.added) out.push({ kind: 'add', text, newLine: ++newLine });
      else out.push({ kind: 'equal', text, oldLine: ++oldLine, newLine: ++newLine });
    }
  }
  return out;
}

/** A run of unchanged lines folded away in a view. */
export interface DiffFold {
  kind: 'fold';
  count: number;
}

/** Folds unchanged stretches longer than 2×`context` lines, keeping `context` lines around each change. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): (DiffLine | DiffFold)[] {
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
    const oldCount = hunk.filter((l) => l.kind !== 'add').length;
    const newCount = hunk.filter((l) => l.kind !== 'remove').length;
    out.push(`@@ -${hunkStart(lines, from, 'oldLine', oldCount) + shift},${oldCount} +${hunkStart(lines, from, 'newLine', newCount) + shift},${newCount} @@`);
    for (const l of hunk) out.push(`${l.kind === 'add' ? '+' : l.kind === 'remove' ? '-' : ' '}${l.text}`);
    i++;
  }
  return out.join('\n') + '\n';
}

/** Where a hunk starts on one side; an empty side starts at the line before (unified-diff convention). */
function hunkStart(lines: readonly DiffLine[], from: number, side: 'oldLine' | 'newLine', count: number): number {
  const before = lines.slice(0, from).filter((l) => l[side] !== undefined).length;
  return count === 0 ? before : before + 1;
}
