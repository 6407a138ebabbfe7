import type { Language, Task, TargetKind } from '../task';
import { detectLanguage, LANGUAGE_SUPPORTS, supportFor } from '../language/registry';
import type { LocatedFunction } from './types';

/** Finds function `name` in `text`; undefined when absent or the language has no support. */
export function locateFunction(text: string, language: Language, name: string): LocatedFunction | undefined {
  return supportFor(language)?.locateFunction(text, name);
}

/** Function names the locator can find in `text`, for pickers and error messages. */
export function listFunctions(text: string, language: Language): string[] {
  return supportFor(language)?.listFunctions(text) ?? [];
}

/** Inputs of {@link taskForFunction}. */
export interface FunctionTaskInput {
  workspaceRoot: string;
  /** Relative to `workspaceRoot`, `/`-separated. */
  filePath: string;
  fileText: string;
  functionName: string;
  testCommand: string;
  /** `body` keeps the signature and docstring and asks only for the body. Default `function`. */
  targetKind?: Exclude<TargetKind, 'selection'>;
  /** Instruction to add to the docstring as the spec. */
  instruction?: string;
}

/**
 * Builds a {@link Task} for a named function, or throws an Error that says what
 * was missing (unknown language, function not found — with the names that exist).
 */
export function taskForFunction(input: FunctionTaskInput): Task {
  const language = detectLanguage(input.filePath);
  if (!supportFor(language)) {
    const names = LANGUAGE_SUPPORTS.map((s) => s.displayName);
    throw new Error(`Cannot locate functions in ${input.filePath}: only ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} files are supported.`);
  }
  const found = locateFunction(input.fileText, language, input.functionName);
  if (!found) {
    const names = listFunctions(input.fileText, language);
    const known = names.length ? ` Functions found: ${names.slice(0, 20).join(', ')}.` : ' No functions were found in it.';
    throw new Error(`No function named "${input.functionName}" in ${input.filePath}.${known}`);
  }
  const targetKind = input.targetKind ?? 'function';
  const spec = [found.doc, input.instruction ?? ''].filter((s) => s.trim()).join('\n\n');
  return {
    workspaceRoot: input.workspaceRoot,
    filePath: input.filePath,
    fileText: input.fileText,
    range: targetKind === 'body' ? found.bodyRange : found.range,
    targetKind,
    functionName: input.functionName,
    spec: spec || `Implement ${input.functionName} so that the tests pass.`,
    testCommand: input.testCommand,
    language,
  };
}
