import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RelatedTest, Task } from '../task';
import { findGoRelatedTests, isGoTestFile } from './go/relatedTests';
import { findScriptRelatedTests, grammarForScript, isJsTestFile } from './javascript/relatedTests';
import { findPythonRelatedTests, isConftest, isPythonTestFile } from './python/relatedTests';
import { readTestFiles, type SourceFile } from './relatedTestsFiles';
import type { RelatedTestTarget } from './relatedTestsTypes';
import { findRustRelatedTests, isRustTestFile } from './rust/relatedTests';
import { parserFor, parseWith, type GrammarName } from './treeSitter';

/** Most related tests a task carries: the prompt shows them and selection runs them; more add little. */
const MAX_RELATED = 60;

function grammarOf(language: Task['language'], filePath: string): GrammarName | undefined {
  if (language === 'javascript' || language === 'typescript') return grammarForScript(filePath);
  return language === 'python' || language === 'go' || language === 'rust' ? language : undefined;
}

/** Definitions that have a name and a body, across the grammars, and the nodes that name things in a body. */
const DEFINITIONS = new Set(['function_definition', 'function_declaration', 'method_definition', 'method_declaration', 'function_item', 'variable_declarator']);
const NAME_NODES = ['identifier', 'property_identifier', 'field_identifier'];

/**
 * What to look for: the target, the class it is a method of (if any), and the functions of
 * its own file that call it — directly or through one another, to a fixed point.
 */
async function targetOf(task: Pick<Task, 'fileText' | 'range' | 'language' | 'filePath' | 'functionName'>, functionName: string): Promise<RelatedTestTarget> {
  const names = new Set([functionName]);
  const grammar = grammarOf(task.language, task.filePath);
  if (!grammar) return { filePath: task.filePath, functionName, names };
  await parserFor(grammar);
  const root = parseWith(grammar, task.fileText).rootNode;
  let className: string | undefined;
  for (let node = root.descendantForIndex(task.range.start); node && !className; node = node.parent) {
    if (/^(class_definition|class_declaration|class)$/.test(node.type)) className = node.childForFieldName('name')?.text;
  }
  const definitions = root.descendantsOfType([...DEFINITIONS]).flatMap((node) => {
    const name = node?.childForFieldName('name');
    // The target's own definition (and recursion in it) is not a caller.
    if (!node || !name || !/identifier/.test(name.type) || (node.startIndex <= task.range.start && node.endIndex >= task.range.end && name.text === functionName)) return [];
    const used = node.descendantsOfType(NAME_NODES).flatMap((id) => (id && id.startIndex !== name.startIndex ? [id.text] : []));
    return [{ name: name.text, used }];
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of definitions) {
      if (names.has(def.name) || !def.used.some((n) => names.has(n))) continue;
      names.add(def.name);
      changed = true;
    }
  }
  return { filePath: task.filePath, functionName, names, ...(className ? { className } : {}) };
}

/**
 * The project's tests that exercise the task's target, found by parsing the workspace's test
 * files with the language layer's grammars: pytest functions and `Test*` methods (through
 * aliases, module attributes, helpers and conftest fixtures), jest/vitest/mocha/node:test
 * cases by describe path, go `TestXxx` and Rust `#[test]` functions. Empty when the target
 * has no name or nothing calls it; a grammar or file problem costs only this hint, never the run.
 */
export async function findRelatedTests(task: Pick<Task, 'workspaceRoot' | 'filePath' | 'fileText' | 'range' | 'functionName' | 'language'>): Promise<RelatedTest[]> {
  const finder = FINDERS[task.language];
  if (!task.functionName || !finder) return [];
  try {
    // The files first: a workspace without tests costs no parsing at all.
    const files = await readTestFiles(task.workspaceRoot, finder.isTestFile, finder.isExtra);
    if (!files.some((f) => finder.isTestFile(f.path))) return [];
    const target = await targetOf(task, task.functionName);
    return (await finder.find(target, files, task.workspaceRoot)).slice(0, MAX_RELATED);
  } catch {
    // Related tests are an aid (prompt context, faster verification): the run goes on without them.
    return [];
  }
}

/** One language's test files and finder. */
interface Finder {
  isTestFile: (relative: string) => boolean;
  isExtra?: (relative: string) => boolean;
  find: (target: RelatedTestTarget, files: SourceFile[], root: string) => Promise<RelatedTest[]>;
}

const SCRIPT_FINDER: Finder = { isTestFile: isJsTestFile, find: async (target, files, root) => findScriptRelatedTests(target, files, await packageName(root)) };

const FINDERS: Partial<Record<Task['language'], Finder>> = {
  python: { isTestFile: isPythonTestFile, isExtra: isConftest, find: async (target, files) => findPythonRelatedTests(target, files) },
  javascript: SCRIPT_FINDER,
  typescript: SCRIPT_FINDER,
  go: { isTestFile: isGoTestFile, find: async (target, files) => findGoRelatedTests(target, files) },
  rust: { isTestFile: isRustTestFile, find: async (target, files) => findRustRelatedTests(target, files) },
};

/** The package's own name, which its tests may import it by. */
async function packageName(root: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}
