import { access, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Language } from '../task';
import { narrowNpmTest } from './npmTestScript';

/** What the workspace root looks like, as far as test-command detection cares. */
export interface WorkspaceFacts {
  /** Relative paths with `/`: the root's entries, the entries of `test/`, `tests/`, `__tests__/`, and the venv interpreters that exist. */
  files: string[];
  /** Text of `package.json` at the root, when there is one. */
  packageJson?: string;
  /** Text of `pyproject.toml` / `setup.cfg` / `tox.ini`, concatenated, when present. */
  pythonConfig?: string;
  /** The interpreter the user selected for this workspace (VS Code's Python extension), an absolute path. */
  selectedPython?: string;
}

/** A test command the workspace suggests, with what suggested it. */
export interface DetectedTestCommand {
  command: string;
  language: Language;
  reason: string;
}

/** Interpreters of a workspace virtual environment, in the order they are preferred. */
export const VENV_INTERPRETERS = ['.venv/bin/python', 'venv/bin/python'] as const;
const TEST_DIRS = ['test', 'tests', '__tests__'];
const CONFIG_FILES = ['pyproject.toml', 'setup.cfg', 'tox.ini'];

function base(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** Single-quotes a path for /bin/sh when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The project's own interpreter: the one selected in VS Code, else a workspace venv, else the system's. */
function pythonFor(facts: WorkspaceFacts): { python: string; why: string } {
  if (facts.selectedPython) return { python: shellWord(facts.selectedPython), why: `the interpreter selected in VS Code (${facts.selectedPython})` };
  const venv = VENV_INTERPRETERS.find((p) => facts.files.includes(p));
  if (venv) return { python: venv, why: `the workspace's virtual environment (${venv})` };
  return { python: 'python3', why: 'the system python3 (no .venv or venv in the workspace)' };
}

/**
 * Test commands the workspace suggests, best first: those for `preferred` (the target
 * file's language) lead. Python runs with the project's own interpreter; an `npm test` that
 * chains linters, formatters or type checks before its runner is narrowed to the runner.
 * Empty when nothing is recognisable; the user is then asked.
 */
export function detectTestCommands(facts: WorkspaceFacts, preferred: Language): DetectedTestCommand[] {
  const found: DetectedTestCommand[] = [];
  const names = new Set(facts.files.map(base));
  const pyTests = facts.files.filter((f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f));
  const pyConfig = facts.pythonConfig ?? '';
  if (names.has('pytest.ini') || names.has('conftest.py') || /\[tool\.pytest|\[tool:pytest\]|\[pytest\]/.test(pyConfig) || pyTests.length > 0) {
    const why = names.has('pytest.ini') ? 'pytest.ini' : names.has('conftest.py') ? 'conftest.py' : pyTests.length > 0 ? `${pyTests[0]}` : 'pytest configuration';
    const { python, why: interpreter } = pythonFor(facts);
    found.push({ command: `${python} -m pytest -q`, language: 'python', reason: `found ${why}; runs with ${interpreter}` });
  }
  const npm = narrowNpmTest(facts.packageJson);
  const jsTests = facts.files.filter((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f) || /^(test|tests|__tests__)\/[^/]*\.[cm]?[jt]s$/.test(f));
  const jsLanguage: Language = names.has('tsconfig.json') ? 'typescript' : 'javascript';
  if (npm) {
    found.push({ command: npm.command, language: jsLanguage, reason: npm.reason });
  } else if (jsTests.length > 0) {
    found.push({ command: 'node --test', language: jsLanguage, reason: `found ${jsTests[0]} and no npm test script` });
  }
  if (names.has('go.mod')) found.push({ command: 'go test ./...', language: 'go', reason: 'found go.mod' });
  if (names.has('Cargo.toml')) found.push({ command: 'cargo test', language: 'rust', reason: 'found Cargo.toml' });
  const rank = (d: DetectedTestCommand): number =>
    d.language === preferred || (preferred === 'typescript' && d.language === 'javascript') || (preferred === 'javascript' && d.language === 'typescript') ? 0 : 1;
  // Array.prototype.sort is stable, so detection order breaks ties.
  return found.sort((a, b) => rank(a) - rank(b));
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * {@link WorkspaceFacts} of a folder on disk (for the CLI and tests; the extension reads the
 * same through `vscode.workspace.fs`). No recursion past the test folders.
 */
export async function workspaceFactsInDir(dir: string, selectedPython?: string): Promise<WorkspaceFacts> {
  const top = await readdir(dir, { withFileTypes: true });
  const files = top.map((e) => e.name);
  for (const entry of top) {
    if (entry.isDirectory() && TEST_DIRS.includes(entry.name)) files.push(...(await readdir(path.join(dir, entry.name)).catch(() => [])).map((child) => `${entry.name}/${child}`));
  }
  for (const venv of VENV_INTERPRETERS) if (await exists(path.join(dir, venv))) files.push(venv);
  const read = (name: string): Promise<string | undefined> => readFile(path.join(dir, name), 'utf8').catch(() => undefined);
  const packageJson = files.includes('package.json') ? await read('package.json') : undefined;
  const configs = (await Promise.all(CONFIG_FILES.filter((f) => files.includes(f)).map(read))).filter((c): c is string => c !== undefined);
  return {
    files,
    ...(packageJson !== undefined ? { packageJson } : {}),
    ...(configs.length > 0 ? { pythonConfig: configs.join('\n') } : {}),
    ...(selectedPython ? { selectedPython } : {}),
  };
}
