/** Leading whitespace of the first line of `text` at `offset` (a line start). */
export function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(offset))?.[0] ?? '';
}

/**
 * Smallest indentation width among non-blank lines. `literalLines[i]` marks a line
 * that starts inside a multi-line literal: its whitespace is data and does not count.
 */
export function minIndent(code: string, literalLines: readonly boolean[] = []): number {
  let min = Infinity;
  code.split('\n').forEach((line, i) => {
    if (!line.trim() || literalLines[i]) return;
    min = Math.min(min, line.length - line.trimStart().length);
  });
  return min === Infinity ? 0 : min;
}

/**
 * Moves every line `from` columns left and prefixes `to`. Blank lines become
 * empty; lines inside multi-line literals (`literalLines`) are left alone, since
 * their whitespace is data.
 */
export function reindent(code: string, from: number, to: string, literalLines: readonly boolean[] = []): string {
  return code
    .split('\n')
    .map((line, i) => {
      if (literalLines[i]) return line;
      if (!line.trim()) return '';
      const lead = line.length - line.trimStart().length;
      return to + line.slice(Math.min(lead, from));
    })
    .join('\n');
}

/** Trims blank lines at both ends and trailing whitespace on each line. */
export function trimBlankLines(code: string): string {
  const lines = code.replace(/\r/g, '').split('\n').map((l) => l.trimEnd());
  while (lines.length && !lines[0]) lines.shift();
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines.join('\n');
}
