import type { Task, TextRange } from '../engine/task';

/** Finds a function's range by name in a text, e.g. the engine's locator. */
export type FunctionRelocator = (text: string, functionName: string) => TextRange | undefined;

/**
 * How an Accept can proceed:
 * `apply` — the document is as the run saw it; replace the target range;
 * `conflict` — the document changed since the run started. `relocated` is where the
 * target is in the new text when it could be found; applying there needs the user's say-so.
 */
export type AcceptPlan =
  | { kind: 'apply'; range: TextRange }
  | { kind: 'conflict'; relocated?: TextRange; how?: 'unchanged-target' | 'by-name'; reason: string };

function uniqueIndex(haystack: string, needle: string): number {
  const first = haystack.indexOf(needle);
  if (first < 0 || haystack.indexOf(needle, first + 1) >= 0) return -1;
  return first;
}

/** Decides whether a candidate can go in as-is, or where it would go in the changed text. */
export function planAccept(task: Task, currentText: string, relocate?: FunctionRelocator): AcceptPlan {
  if (currentText === task.fileText) return { kind: 'apply', range: { ...task.range } };
  const target = task.fileText.slice(task.range.start, task.range.end);
  const at = uniqueIndex(currentText, target);
  if (at >= 0) {
    return {
      kind: 'conflict',
      relocated: { start: at, end: at + target.length },
      how: 'unchanged-target',
      reason: 'The file changed since the run started, but the target code is unchanged.',
    };
  }
  if (task.functionName && relocate) {
    const found = relocate(currentText, task.functionName);
    if (found && found.start >= 0 && found.end <= currentText.length && found.start < found.end) {
      return {
        kind: 'conflict',
        relocated: found,
        how: 'by-name',
        reason: `The file changed since the run started, and ${task.functionName} itself was edited; the candidates were tested against the old version.`,
      };
    }
  }
  return {
    kind: 'conflict',
    reason: task.functionName
      ? `The file changed since the run started and ${task.functionName} can no longer be found in it.`
      : 'The file changed since the run started and the selected code can no longer be found in it.',
  };
}

/** The text of `currentText` with `replacement` at `range`; used for the conflict diff. */
export function replaceRange(currentText: string, range: TextRange, replacement: string): string {
  return currentText.slice(0, range.start) + replacement + currentText.slice(range.end);
}
