import type { Language } from '../engine/task';

/** What the workspace root looks like, as far as test-command detection cares. */
export interface WorkspaceFacts {
  /** Relative paths with `/`: the root's entries plus the entries of `test/`, `tests/`, `__tests__/`. */
  files: string[];
  /** Text of `package.json` at the root, when there is one. */
  packageJson?: string;
  /** Text of `pyproject.toml` / `setup.cfg` / `tox.ini`, concatenated, when present. */
  pythonConfig?: string;
}

/** A test command the workspace suggests, with what suggested it. */
export interface DetectedTestCommand {
  command: string;
  language: Language;
  reason: string;
}

// `npm init` writes this placeholder; it is no test suite.
const NPM_PLACEHOLDER = /no test specified/;

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function npmTestScript(packageJson: string | undefined): string | undefined {
  if (!packageJson) return undefined;
  try {
    const parsed: unknown = JSON.parse(packageJson);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const scripts = (parsed as { scripts?: unknown }).scripts;
    if (typeof scripts !== 'object' || scripts === null) return undefined;
    const test = (scripts as Record<string, unknown>).test;
    return typeof test === 'string' && !NPM_PLACEHOLDER.test(test) ? test : undefined;
  } catch {
    return undefined; // An unparsable package.json suggests nothing; detection is only a hint.
  }
}

/**
 * Test commands the workspace suggests, best first: those for `preferred` (the target
 * file's language) lead. Empty when nothing is recognisable; the user is then asked.
 */
export function detectTestCommands(facts: WorkspaceFacts, preferred: Language): DetectedTestCommand[] {
  const found: DetectedTestCommand[] = [];
  const names = new Set(facts.files.map(base));
  const pyTests = facts.files.filter((f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f));
  const pyConfig = facts.pythonConfig ?? '';
  if (names.has('pytest.ini') || names.has('conftest.py') || /\[tool\.pytest|\[tool:pytest\]|\[pytest\]/.test(pyConfig) || pyTests.length > 0) {
    const why = names.has('pytest.ini') ? 'pytest.ini' : names.has('conftest.py') ? 'conftest.py' : pyTests.length > 0 ? `${pyTests[0]}` : 'pytest configuration';
    found.push({ command: 'python3 -m pytest -q', language: 'python', reason: `found ${why}` });
  }
  const npmTest = npmTestScript(facts.packageJson);
  const jsTests = facts.files.filter((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f) || /^(test|tests|__tests__)\/[^/]*\.[cm]?[jt]s$/.test(f));
  const jsLanguage: Language = names.has('tsconfig.json') ? 'typescript' : 'javascript';
  if (npmTest) {
    found.push({ command: 'npm test', language: jsLanguage, reason: `package.json "test" script: ${npmTest}` });
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
