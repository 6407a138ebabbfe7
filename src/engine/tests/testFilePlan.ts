import type { ParsedTest } from '../agreement/assertParser';

/** The test runner a rendered file is written for. */
export type TestFramework = 'pytest' | 'node:test' | 'jest' | 'vitest';

/** A proposed change to one test file of the project, for the user to accept or discard. */
export interface TestFilePlan {
  /** Workspace-relative path, `/`-separated. */
  path: string;
  /** False when the file is new. */
  existed: boolean;
  /** The file's text now ('' for a new file). */
  before: string;
  /** The file's text with the proposed tests. */
  after: string;
  framework: TestFramework;
}

/** What a language's renderer needs to place and write proposed tests. */
export interface TestFileInput {
  workspaceRoot: string;
  /** The target's file, workspace-relative, `/`-separated. */
  filePath: string;
  /** The target file's text (for the export check in JavaScript/TypeScript). */
  fileText: string;
  functionName: string;
  /** The project's test command: it names the runner (pytest, jest, vitest, node --test). */
  testCommand: string;
  tests: readonly ParsedTest[];
  /** A workspace file's text (the editor's, when it holds unsaved changes), or undefined when it does not exist. */
  readText(relativePath: string): Promise<string | undefined>;
  /** Whether a workspace folder exists. */
  isDirectory(relativePath: string): Promise<boolean>;
}

/** The line above proposed tests: they are the model's claims until the user has checked them. */
export const PROPOSED_NOTE = 'Proposed by Best-of-N from model-written tests: check each expected value before relying on it.';

/** The first path of `candidates` that exists, with its text. */
export async function firstExisting(input: Pick<TestFileInput, 'readText'>, candidates: readonly string[]): Promise<{ path: string; text: string } | undefined> {
  for (const candidate of candidates) {
    const text = await input.readText(candidate);
    if (text !== undefined) return { path: candidate, text };
  }
  return undefined;
}

/** `a/b/../c` → `a/c`, and `./x` → `x`: workspace-relative paths stay canonical. */
export function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** The folder of a workspace-relative path ('' for the root). */
export function folderOf(relativePath: string): string {
  const at = relativePath.lastIndexOf('/');
  return at < 0 ? '' : relativePath.slice(0, at);
}
