/** Languages whose test runners and code shapes the engine knows. */
export type Language = 'python' | 'javascript' | 'typescript' | 'go' | 'rust' | 'java' | 'other';

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
  /**
   * The project's test functions that exercise the target, found with the language
   * layer's parser when the task is built; empty or absent when none were found.
   * The prompt shows them to the model and the verifier can run just these.
   */
  relatedTests?: RelatedTest[];
}

/** One test function of the project that calls (or names) the target. */
export interface RelatedTest {
  /** Test file relative to the workspace root, with `/` separators. */
  file: string;
  /** The test's own name (`test_parse_hours`, `parses hours`), with its class or describe path when it has one. */
  name: string;
  /** The id its runner selects it by: a pytest node id, a jest/vitest `file` + name pattern, a go/cargo test name. */
  id: string;
  /** The test function's source text, as the prompt shows it. */
  text: string;
}

/** The text of the target range. */
export function targetText(task: Task): string {
  return task.fileText.slice(task.range.start, task.range.end);
}

/** The file as it would be with `replacement` in place of the target range. */
export function applyToFile(task: Task, replacement: string): string {
  return task.fileText.slice(0, task.range.start) + replacement + task.fileText.slice(task.range.end);
}
