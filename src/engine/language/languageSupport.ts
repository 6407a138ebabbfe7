import type { LocatedFunction } from '../locate/types';
import type { CodeToken } from '../risk/codeTokens';
import type { Language, Task } from '../task';
import type { GrammarName } from './treeSitter';

/** Extraction outcome: the replacement text or why there is none. */
export type FitResult = { ok: true; code: string; notes: string[] } | { ok: false; reason: string };

/** Where a fitted candidate goes: the task, and the indentation the replacement must start at. */
export interface FitTarget {
  task: Task;
  /** Indentation of the definition line (function targets) or of the body's statements (body targets). */
  indent: string;
}

/**
 * Everything the engine knows about one language, behind one shape: how files and
 * answers name it, and — on its tree-sitter grammar — how to find, fit and compare
 * its functions. One folder under `src/engine/language/` per language implements it;
 * `registry.ts` lists them.
 */
export interface LanguageSupport {
  language: Language;
  /** Name in prompts: `Python`, `TypeScript`. */
  displayName: string;
  /** File extensions, lower case, without the dot. */
  extensions: readonly string[];
  /** VS Code language ids (`typescriptreact`). */
  languageIds: readonly string[];
  /** Markdown fence tags: the first is the one prompts ask for; all are accepted in answers. */
  fenceTags: readonly string[];
  /** The grammars {@link ensureLanguageLayer} loads for it. */
  grammars: readonly GrammarName[];
  /** Indentation one nesting level adds when nothing in the code says otherwise. */
  indentUnit: string;
  /** Indentation is syntax (Python): re-indenting must keep relative indentation exact. */
  significantIndent: boolean;
  /** A line that starts code rather than prose (answers without fences). */
  codeStart: RegExp;
  /** Finds function or method `name`; the shallowest definition wins. Undefined when absent. */
  locateFunction(text: string, name: string): LocatedFunction | undefined;
  /** Names of the functions and methods {@link locateFunction} can find, in source order, once each. */
  listFunctions(text: string): string[];
  /** A whole-function replacement for `name` from the code of an answer. */
  fitFunction(code: string, name: string, target: FitTarget): FitResult;
  /** A body replacement from the code of an answer (a whole definition of `name` or a bare body). */
  fitBody(code: string, name: string | undefined, target: FitTarget): FitResult;
  /** Token text with comments and layout whitespace out and literals kept: the dedupe key's input. */
  normalise(code: string): string;
  /** For each line of `code`, whether it starts inside a multi-line literal (its whitespace is data). */
  literalLines(code: string): boolean[];
  /** Why the brackets or literals of `code` do not close, or undefined when they do. */
  balanceProblem(code: string): string | undefined;
  /** Tokens for the risk scan and similarity: comments out, literals whole, operators one character each. */
  codeTokens(code: string): CodeToken[];
  /** The original's doc block (docstring or doc comment) byte for byte; undefined when none. */
  docBlock(code: string): string | undefined;
}
