import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RelatedTest, Task } from '../task';
import { findGoRelatedTests, isGoTestFile } from './go/relatedTests';
import { findScriptRelatedTests, grammarForScript, isJsTestFile } from './javascript/relatedTests';
import { findPythonRelatedTests, isConftest, isPythonTestFile } from './python/relatedTests';
import { readTestFiles } from './relatedTestsFiles';
import type { RelatedTestTarget } from './relatedTestsTypes';
import { findRustRelatedTests, isRustTestFile } from './rust/relatedTests';
import { parserFor, parseWith, type GrammarName } from './treeSitter';

/** Most related tests a task carries: the prompt shows them and selection runs them; more add little. */
const MAX_RELATED = 60;

/** The class whose method the target range is in, found with the file's own grammar; undefined for a free function. */
async function enclosingClass(task: Pick<Task, 'fileText' | 'range' | 'language' | 'filePath'>): Promise<string | undefined> {
  const grammar: GrammarName | undefined = task.language === 'python' ? 'python' : task.language === 'javascript' || task.language === 'typescript' ? grammarForScript(task.filePath) : undefined;
  if (!grammar) return undefined;
  await parserFor(grammar);
  const root = parseWith(grammar, task.fileText).rootNode;
  for (let node = root.descendantForIndex(task.range.start); node; node = node.parent) {
    if (/^(class_definition|class_declaration|class)$/.test(node.type)) return node.childForFieldName('name')?.text;
  }
  return undefined;
}

/**
 * The project's tests that exercise the task's target, found by parsing the workspace's test
 * files with the language layer's grammars: pytest functions and `Test*` methods (through
 * aliases, module attributes, helpers and conftest fixtures), jest/vitest/mocha/node:test
 * cases by describe path, go `TestXxx` and Rust `#[test]` functions. Empty when the target
 * has no name or nothing calls it; a grammar or file problem costs only this hint, never the run.
 */
export async function findRelatedTests(task: Pick<Task, 'workspaceRoot' | 'filePath' | 'fileText' | 'range' | 'functionName' | 'language'>): Promise<RelatedTest[]> {
  if (!task.functionName) return [];
  try {
    const className = await enclosingClass(task);
    const target: RelatedTestTarget = { filePath: task.filePath, functionName: task.functionName, ...(className ? { className } : {}) };
    const found = await findFor(task.language, task.workspaceRoot, target);
    return found.slice(0, MAX_RELATED);
  } catch {
    // Related tests are an aid (prompt context, faster verification): the run goes on without them.
    return [];
  }
}

async function findFor(language: Task['language'], root: string, target: RelatedTestTarget): Promise<RelatedTest[]> {
  switch (language) {
    case 'python':
      return findPythonRelatedTests(target, await readTestFiles(root, isPythonTestFile, isConftest));
    case 'javascript':
    case 'typescript':
      return findScriptRelatedTests(target, await readTestFiles(root, isJsTestFile), await packageName(root));
    case 'go':
      return findGoRelatedTests(target, await readTestFiles(root, isGoTestFile));
    case 'rust':
      return findRustRelatedTests(target, await readTestFiles(root, isRustTestFile));
    default:
      return [];
  }
}

/** The package's own name, which its tests may import it by. */
async function packageName(root: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}
