import * as path from 'node:path';
import { languageOfDocument } from '../engine/language/registry';
import type { Language, Task, TargetKind, TextRange } from '../engine/task';

/** A document symbol reduced to what targeting needs (offsets into the document text). */
export interface SymbolInfo {
  name: string;
  isFunction: boolean;
  range: TextRange;
  children: SymbolInfo[];
}

/** The engine language of a document, from its VS Code language id, else its extension. */
export function languageOf(languageId: string, fileName: string): Language {
  return languageOfDocument(languageId, fileName);
}

/** The innermost function or method whose range holds `offset`. */
export function enclosingFunction(symbols: readonly SymbolInfo[], offset: number): SymbolInfo | undefined {
  for (const symbol of symbols) {
    if (offset < symbol.range.start || offset > symbol.range.end) continue;
    const inner = enclosingFunction(symbol.children, offset);
    if (inner) return inner;
    if (symbol.isFunction) return symbol;
  }
  return undefined;
}

/**
 * True when a function body is only a placeholder: empty, `pass`, `...`, `raise
 * NotImplementedError`, `throw new Error(...)` mentioning "not implemented", `todo!()`,
 * `panic("not implemented")`, with comments and docstring-free whitespace ignored.
 */
export function isStubBody(body: string, language: Language): boolean {
  const comment = language === 'python' ? /#.*$/gm : /\/\/.*$|\/\*[\s\S]*?\*\//gm;
  const code = body.replace(comment, '').replace(/[{}\s;]+/g, ' ').trim();
  if (code === '') return true;
  return /^(pass|\.\.\.|raise NotImplementedError(\(.*\))?|throw new Error\(.*not implemented.*\)|todo!\(.*\)|unimplemented!\(.*\)|panic\(.*not implemented.*\))$/i.test(code);
}

/** Every function and method, depth first, for the "which function?" quick pick. */
export function allFunctions(symbols: readonly SymbolInfo[]): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const symbol of symbols) {
    if (symbol.isFunction) out.push(symbol);
    out.push(...allFunctions(symbol.children));
  }
  return out;
}

/** PEP 257 dedent: the first line (right after the quotes) does not count towards the indent. */
function dedent(lines: string[]): string {
  const rest = lines.slice(1);
  const indents = rest.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return [lines[0]?.trim() ?? '', ...rest.map((l) => l.slice(cut))].join('\n').trim();
}

/**
 * What the target must do, read from the code: a Python docstring inside the range, a
 * JSDoc / line-comment block right above it, or comments at the top of the range.
 */
export function extractSpec(fileText: string, range: TextRange, language: Language): string {
  const target = fileText.slice(range.start, range.end);
  if (language === 'python') {
    const doc = /^[^\n]*?\bdef\b[\s\S]*?:\s*\n\s*[rRuU]?("""|''')([\s\S]*?)\1/.exec(target) ?? /^\s*[rRuU]?("""|''')([\s\S]*?)\1/.exec(target);
    if (doc?.[2]) return dedent(doc[2].split('\n'));
  }
  const before = fileText.slice(0, range.start).replace(/[ \t]*$/, '');
  const jsdoc = /\/\*\*([\s\S]*?)\*\/\s*$/.exec(before);
  if (jsdoc?.[1] !== undefined) {
    return dedent(jsdoc[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''))).trim();
  }
  const marker = language === 'python' ? '#' : '//';
  const above: string[] = [];
  const lines = before.split('\n');
  // The last element is the partial line the range starts on; comments sit on full lines above it.
  for (let i = lines.length - 2; i >= 0; i--) {
    const line = lines[i]?.trim() ?? '';
    if (!line.startsWith(marker)) break;
    above.unshift(line.slice(marker.length).trim());
  }
  if (above.length > 0) return above.join('\n');
  const inside = target.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(marker)).map((l) => l.slice(marker.length).trim());
  return inside.join('\n');
}

/** Everything needed to make a {@link Task} from an editor. */
export interface TaskInput {
  workspaceRoot: string;
  /** Absolute path of the document. */
  documentPath: string;
  /** The document's current text, unsaved changes included. */
  text: string;
  languageId: string;
  range: TextRange;
  targetKind: TargetKind;
  functionName?: string;
  testCommand: string;
  /** An explicit spec (e.g. from the engine's locator); otherwise read from the code. */
  spec?: string;
}

/** Builds the engine task, refusing targets outside the workspace or with an empty range. */
export function buildTask(input: TaskInput): Task {
  const relative = path.relative(input.workspaceRoot, input.documentPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`${input.documentPath} is not inside the workspace folder ${input.workspaceRoot}; tests run in the workspace, so the file must be in it.`);
  }
  const { start, end } = input.range;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= input.text.length && start < end)) {
    throw new Error('The target is empty: select code or place the cursor inside a function.');
  }
  if (input.testCommand.trim() === '') throw new Error('No test command: set bestOfN.verify.testCommand or pick one when asked.');
  const language = languageOf(input.languageId, input.documentPath);
  const fromCode = extractSpec(input.text, input.range, language);
  const spec =
    input.spec?.trim() ||
    fromCode ||
    (input.functionName ? `Implement ${input.functionName} so that the tests pass.` : 'Rewrite the selected code so that the tests pass.');
  return {
    workspaceRoot: input.workspaceRoot,
    filePath: relative.split(path.sep).join('/'),
    fileText: input.text,
    range: { start, end },
    targetKind: input.targetKind,
    ...(input.functionName ? { functionName: input.functionName } : {}),
    spec,
    testCommand: input.testCommand.trim(),
    language,
  };
}
