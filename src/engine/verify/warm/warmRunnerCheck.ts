import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Task } from '../../task';

/** Whether the warm runner can stand in for the task's test command, and with which files. */
export type WarmRunnerVerdict = { ok: true; testFiles: string[] } | { ok: false; reason: string };

/** pytest flags that change only how results are printed, so the warm runner may ignore them. */
const HARMLESS_FLAGS = /^(-q+|-v+|-s|-x|-rA|-ra|--quiet|--verbose|--tb=\w+|-p|no:cacheprovider|--no-header|--disable-warnings)$/;

const CONFIG_FILES = ['conftest.py', 'pytest.ini', 'tox.ini', 'setup.cfg', 'pyproject.toml'];

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache']);

function isTestFileName(name: string): boolean {
  return /^test_.*\.py$/.test(name) || /^[^.].*_test\.py$/.test(name);
}

async function testFilesBelowRoot(dir: string, depth: number): Promise<string | undefined> {
  if (depth > 3) return undefined;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || SKIP_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
    const sub = path.join(dir, entry.name);
    const inner = await readdir(sub, { withFileTypes: true });
    const hit = inner.find((e) => e.isFile() && (isTestFileName(e.name) || e.name === 'conftest.py'));
    if (hit) return path.join(entry.name, hit.name);
    const deeper = await testFilesBelowRoot(sub, depth + 1);
    if (deeper) return path.join(entry.name, deeper);
  }
  return undefined;
}

/** Why a test file needs real pytest (fixtures, classes, marks, plugins), or undefined if plain. */
export function unsupportedTestStyle(source: string): string | undefined {
  if (/^[ \t]*(import\s+pytest|from\s+pytest\b)/m.test(source)) return 'imports pytest (marks, fixtures or raises need real pytest)';
  if (/^[ \t]*(import\s+unittest|from\s+unittest\b)/m.test(source)) return 'uses unittest';
  if (/^[ \t]*class\s+Test/m.test(source)) return 'has test classes';
  if (/^[ \t]*@/m.test(source)) return 'has decorated functions';
  const withArgs = /^def\s+(test\w*)\s*\(\s*[^)\s]/m.exec(source);
  if (withArgs) return `test ${withArgs[1]} takes arguments (fixtures)`;
  if (/^[ \t]+def\s+test/m.test(source)) return 'has nested test functions';
  return undefined;
}

/**
 * Whether `task` can be verified by the warm runner instead of its real test command: the
 * command is plain pytest (`pytest`, `python -m pytest`, `python3 -m pytest`) on test files at the
 * workspace root written in plain-assert style (module-level asserts and argument-less `test_*`
 * functions), with no pytest configuration, and the target file sits at the root too.
 * Anything else goes to the general verifier.
 */
export async function canUseWarmRunner(task: Task): Promise<WarmRunnerVerdict> {
  if (task.language !== 'python') return { ok: false, reason: 'not a Python task' };
  if (task.filePath.includes('/') || !task.filePath.endsWith('.py')) return { ok: false, reason: 'the target file is not a .py file at the workspace root' };
  const command = task.testCommand.trim();
  if (/[|;&$`<>()\\'"*?]/.test(command)) return { ok: false, reason: 'the test command uses shell syntax' };
  const words = command.split(/\s+/);
  let at: number;
  if (words[0] === 'pytest' || words[0] === 'py.test') at = 1;
  else if (/^python(3(\.\d+)?)?$/.test(words[0]) && words[1] === '-m' && words[2] === 'pytest') at = 3;
  else return { ok: false, reason: 'the test command is not pytest' };
  const named: string[] = [];
  for (const word of words.slice(at)) {
    if (word.startsWith('-') || word === 'no:cacheprovider') {
      if (!HARMLESS_FLAGS.test(word)) return { ok: false, reason: `pytest option ${word} is not supported by the warm runner` };
    } else if (word === '.' || word === './') {
      continue;
    } else if (/^(\.\/)?[\w.-]+\.py$/.test(word)) {
      named.push(word.replace(/^\.\//, ''));
    } else {
      return { ok: false, reason: `test selection "${word}" is not supported by the warm runner` };
    }
  }
  let entries: string[];
  try {
    entries = await readdir(task.workspaceRoot);
  } catch (error) {
    return { ok: false, reason: `cannot read the workspace: ${(error as Error).message}` };
  }
  const config = CONFIG_FILES.find((name) => entries.includes(name));
  if (config) return { ok: false, reason: `${config} may configure pytest` };
  const testFiles = named.length > 0 ? named : entries.filter(isTestFileName).sort();
  if (testFiles.length === 0) return { ok: false, reason: 'no test files at the workspace root' };
  if (named.length === 0) {
    const nested = await testFilesBelowRoot(task.workspaceRoot, 0);
    if (nested) return { ok: false, reason: `pytest would also collect ${nested}` };
  }
  for (const file of testFiles) {
    let source: string;
    try {
      source = await readFile(path.join(task.workspaceRoot, file), 'utf8');
    } catch {
      return { ok: false, reason: `cannot read ${file}` };
    }
    const style = unsupportedTestStyle(source);
    if (style) return { ok: false, reason: `${file} ${style}` };
  }
  return { ok: true, testFiles };
}
