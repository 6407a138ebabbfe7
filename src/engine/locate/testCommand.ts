import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** A guessed test command and why it was chosen. */
export interface DetectedTestCommand {
  command: string;
  reason: string;
}

/** npm's placeholder test script, which always fails. */
const NPM_PLACEHOLDER = /no test specified/;

/**
 * Guesses the test command from the names in a workspace root (and its
 * package.json text, if any). Pure, so adapters can feed it what they listed.
 * Order: an npm `test` script, pytest markers, `node --test` files, go, cargo.
 */
export function detectTestCommand(rootEntries: string[], packageJsonText?: string): DetectedTestCommand | undefined {
  const names = new Set(rootEntries);
  if (packageJsonText) {
    try {
      const pkg = JSON.parse(packageJsonText) as { scripts?: Record<string, unknown> };
      const script = pkg.scripts?.test;
      if (typeof script === 'string' && !NPM_PLACEHOLDER.test(script)) return { command: 'npm test --silent', reason: 'package.json has a test script' };
    } catch {
      // An unreadable package.json just does not vote.
    }
  }
  const pyTests = rootEntries.some((n) => /^test_.*\.py$|_test\.py$/.test(n));
  if (pyTests || names.has('pytest.ini') || names.has('conftest.py') || (names.has('tests') && (names.has('pyproject.toml') || names.has('setup.py')))) {
    return { command: 'python3 -m pytest -q', reason: pyTests ? 'test_*.py files in the workspace root' : 'pytest configuration found' };
  }
  if (rootEntries.some((n) => /\.test\.[cm]?js$/.test(n)) || names.has('test')) {
    return { command: 'node --test', reason: 'JavaScript test files found' };
  }
  if (names.has('go.mod')) return { command: 'go test ./...', reason: 'go.mod found' };
  if (names.has('Cargo.toml')) return { command: 'cargo test', reason: 'Cargo.toml found' };
  return undefined;
}

/** {@link detectTestCommand} on a directory on disk. */
export async function detectTestCommandInDir(dir: string): Promise<DetectedTestCommand | undefined> {
  const entries = await readdir(dir);
  const pkg = entries.includes('package.json') ? await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined) : undefined;
  return detectTestCommand(entries, pkg);
}
