/** Languages whose test runners and code shapes the engine knows. */
export type Language = 'python' | 'javascript' | 'typescript' | 'go' | 'rust' | 'other';

/**
 * What the target range holds and so how a candidate replaces it:
 * `function` — a whole function definition, replaced by a whole function;
 * `body` — a signature (+docstring) whose body the candidate completes;
 * `selection` — arbitrary selected text, replaced verbatim.
 */
export type TargetKind = 'function' | 'body' | 'selection';

/** Character offsets into {@link Task.fileText}, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** One unit of work: change `range` of `filePath` so that `testCommand` passes. */
export interface Task {
  /** Absolute path of the workspace the tests run in. */
  workspaceRoot: string;
  /** Path of the target file relative to `workspaceRoot`, with `/` separators. */
  filePath: string;
  /** The file's text when the run started (may hold unsaved editor changes). */
  fileText: string;
  /** The range a candidate replaces. */
  range: TextRange;
  targetKind: TargetKind;
  /** Name of the function being written, when known. */
  functionName?: string;
  /** What the code must do: the docstring, comments or the user's instruction. */
  spec: string;
  /** Shell command run in the workspace root to verify a candidate, e.g. `python -m pytest -q`. */
  testCommand: string;
  language: Language;
}

/** The text of the target range. */
export function targetText(task: Task): string {
  return task.fileText.slice(task.range.start, task.range.end);
}

/** The file as it would be with `replacement` in place of the target range. */
export function applyToFile(task: Task, replacement: string): string {
  return task.fileText.slice(0, task.range.start) + replacement + task.fileText.slice(task.range.end);
}
