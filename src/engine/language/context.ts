import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Task } from '../task';
import { pythonContext } from './python/context';
import { javascriptContext } from './javascript/context';
import { typescriptContext } from './typescript/context';

/** Lines of the target's own file, 0-based and inclusive, that the prompt keeps however far they are from the target. */
export interface RelatedSpan {
  startLine: number;
  endLine: number;
  /** `caller`: a call site of the target; `used`: the signature and docstring of a definition the target uses. */
  why: 'caller' | 'used';
  /** The caller's or the definition's name. */
  name: string;
}

/** The signature and docstring of a symbol the target uses from another project file. */
export interface SymbolSummary {
  /** The file it is defined in, relative to the workspace root, `/`-separated. */
  file: string;
  name: string;
  /** Signature and docstring (or JSDoc), as the file spells them; bodies left out. */
  text: string;
}

/** What the parser found around a target that a model needs to write it. */
export interface TargetContext {
  /** In the target's file: the target's callers first, then the definitions it uses. */
  relatedSpans: RelatedSpan[];
  /** Definitions the target uses from the project's other files, through the file's imports. */
  importedSymbols: SymbolSummary[];
}

/** Reads a project file by its workspace-relative path; undefined when it is missing, too large or outside the workspace. */
export type ProjectFileReader = (relativePath: string) => Promise<string | undefined>;

/** What a language's context finder gets. */
export interface ContextQuery {
  /** Path of the target's file relative to the workspace root. */
  filePath: string;
  fileText: string;
  /** Lines of the target, 0-based and inclusive. */
  targetLines: { start: number; end: number };
  functionName?: string;
  readFile: ProjectFileReader;
}

/** Imported files larger than this are not parsed for signatures (a bundle, generated code). */
const MAX_IMPORTED_FILE_BYTES = 1_000_000;

/**
 * Reads workspace files for context lookups. Paths that leave the workspace (`..`, symlinks
 * out of it) and files over {@link MAX_IMPORTED_FILE_BYTES} read as missing: the prompt must
 * not carry text from outside the project.
 */
export function workspaceFileReader(workspaceRoot: string): ProjectFileReader {
  return async (relativePath) => {
    try {
      const root = await realpath(workspaceRoot);
      const full = await realpath(path.resolve(root, relativePath));
      if (full !== root && !full.startsWith(root + path.sep)) return undefined;
      const info = await stat(full);
      if (!info.isFile() || info.size > MAX_IMPORTED_FILE_BYTES) return undefined;
      return await readFile(full, 'utf8');
    } catch {
      return undefined;
    }
  };
}

const EMPTY: TargetContext = { relatedSpans: [], importedSymbols: [] };

/** Line (0-based) of character offset `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The target's callers and the project symbols it uses, found by the language's parser.
 * Languages without a context finder get none; a file the parser cannot make sense of
 * yields what it could find rather than an error, since the prompt works without it.
 */
export async function targetContextFor(task: Task, readFile: ProjectFileReader): Promise<TargetContext> {
  const query: ContextQuery = {
    filePath: task.filePath,
    fileText: task.fileText,
    targetLines: { start: lineAt(task.fileText, task.range.start), end: lineAt(task.fileText, Math.max(task.range.start, task.range.end - 1)) },
    functionName: task.functionName,
    readFile,
  };
  switch (task.language) {
    case 'python':
      return pythonContext(query);
    case 'javascript':
      return javascriptContext(query);
    case 'typescript':
      return typescriptContext(query);
    default:
      return EMPTY;
  }
}
