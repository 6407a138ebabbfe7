import { scanPythonLines } from '../locate/pythonLines';

/** Leading whitespace of the first line of `text` at `offset` (a line start). */
export function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(offset))?.[0] ?? '';
}

/** Smallest indentation width among non-blank lines (Python: lines inside strings excluded). */
export function minIndent(code: string, python: boolean): number {
  const lines = code.split('\n');
  const inString = python ? scanPythonLines(code).lines.map((l) => l.inString) : [];
  let min = Infinity;
  lines.forEach((line, i) => {
    if (!line.trim() || inString[i]) return;
    min = Math.min(min, line.length - line.trimStart().length);
  });
  return min === Infinity ? 0 : min;
}

/**
 * Moves every line `from` columns left and prefixes `to`. Blank lines become
 * empty; lines inside Python triple-quoted strings are left alone, since their
 * whitespace is data.
 */
export function reindent(code: string, from: number, to: string, python: boolean): string {
  const inString = python ? scanPythonLines(code).lines.map((l) => l.inString) : [];
  return code
    .split('\n')
    .map((line, i) => {
      if (inString[i]) return line;
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
