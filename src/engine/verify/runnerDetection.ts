import * as path from 'node:path';

/** Test runners whose machine-readable reports the verifier knows how to ask for. */
export type RunnerKind = 'pytest' | 'node-test' | 'mocha' | 'vitest' | 'jest' | 'go-test' | 'cargo-test' | 'unknown';

/** Report files, by the runner that writes them, inside the run's report dir. */
export const REPORT_FILES = {
  pytest: 'pytest.xml',
  'node-test': 'node-test.xml',
  mocha: 'mocha.xml',
  vitest: 'vitest.xml',
  jest: 'jest.json',
} as const;

/** The test command as it will run, and what to expect from it. */
export interface PreparedCommand {
  runner: RunnerKind;
  /** The shell command, with report options added where the runner was recognised. */
  command: string;
  /** Extra environment for the run (e.g. PYTEST_ADDOPTS). */
  env: Record<string, string>;
  /**
   * The runner was asked for a report. If it then exits 0 without one, the exit code
   * is not trusted (a candidate can `os._exit(0)` before any test ran).
   */
  expectsReport: boolean;
  /**
   * Files the run needs outside the workspace copy (e.g. a pytest plugin carrying this run's
   * canaries), by file name; the verifier writes them into {@link PrepareOptions.supportDir}.
   */
  supportFiles?: Record<string, string>;
  /** The canary test names this run carries, when the runner takes canaries. */
  canaries?: { mustPass: string; mustFail: string };
}

/** Where a prepared run writes its report and finds its support files. */
export interface PrepareOptions {
  reportDir: string;
  /** A directory outside the workspace copy, visible (read-only) to the run. */
  supportDir?: string;
}

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Start of a command word: line start or a shell separator, so `mypytest` is not `pytest`. */
const WORD_START = String.raw`(^|[\s;&|()/])`;

/**
 * Inserts `extra` after the first match of `token` (a regex source ending at the
 * runner's name) whose simple command also satisfies `guard`.
 */
function insertAfter(command: string, token: string, extra: string, guard?: RegExp): string | undefined {
  const re = new RegExp(`${WORD_START}(${token})(?=\\s|$)`, 'g');
  for (let m = re.exec(command); m !== null; m = re.exec(command)) {
    const end = m.index + m[0].length;
    const rest = command.slice(end).split(/&&|\|\||[;|\n]/)[0];
    if (guard && !guard.test(rest)) continue;
    return `${command.slice(0, end)} ${extra}${command.slice(end)}`;
  }
  return undefined;
}

/**
 * Recognises the runner in a shell test command and asks it for a machine-readable
 * report in `reportDir`. Commands it does not recognise run unchanged; their verdict
 * then comes from TAP on stdout or the exit code.
 */
export function prepareTestCommand(command: string, where: PrepareOptions | string): PreparedCommand {
  const reportDir = typeof where === 'string' ? where : where.reportDir;
  const file = (name: string): string => shellQuote(path.join(reportDir, name));
  // Through the environment pytest is reached even via `make test` or `npm test`,
  // and a user's own options stay untouched. It is inert for every other program.
  const pytestOpts = `--junitxml=${path.join(reportDir, REPORT_FILES.pytest)} -p no:cacheprovider`;
  const env: Record<string, string> = { PYTEST_ADDOPTS: pytestOpts };
  if (/\s/.test(reportDir)) {
    // PYTEST_ADDOPTS is split on whitespace; a report dir with spaces cannot go there.
    delete env.PYTEST_ADDOPTS;
  }
  const pytest = new RegExp(`${WORD_START}(py\\.test|pytest|python[\\d.]*\\s+-m\\s+pytest)(?=\\s|$)`).test(command);
  // A user's own --junitxml on the command line overrides ours: then no report is expected.
  if (pytest) return { runner: 'pytest', command, env, expectsReport: !!env.PYTEST_ADDOPTS && !/--junit-?xml/.test(command) };

  const hasOwnReporter = /--(test-)?reporter\b/.test(command);
  if (!hasOwnReporter) {
    const node = insertAfter(
      command,
      'node|nodejs',
      `--test-reporter=junit --test-reporter-destination=${file(REPORT_FILES['node-test'])} ` +
        '--test-reporter=spec --test-reporter-destination=stdout',
      /(^|\s)--test(\s|$|=)/,
    );
    if (node) return { runner: 'node-test', command: node, env, expectsReport: true };
    const mocha = insertAfter(command, 'mocha|_mocha', `--reporter xunit --reporter-option output=${file(REPORT_FILES.mocha)}`);
    if (mocha) return { runner: 'mocha', command: mocha, env, expectsReport: true };
    const vitest = insertAfter(
      command,
      'vitest',
      `--reporter=default --reporter=junit --outputFile.junit=${file(REPORT_FILES.vitest)}`,
    );
    if (vitest) return { runner: 'vitest', command: vitest, env, expectsReport: true };
  }
  if (!/--json\b|--outputFile\b/.test(command)) {
    const jest = insertAfter(command, 'jest', `--json --outputFile=${file(REPORT_FILES.jest)}`);
    if (jest) return { runner: 'jest', command: jest, env, expectsReport: true };
  }
  if (!/(^|\s)-json\b/.test(command)) {
    const go = insertAfter(command, 'go\\s+test', '-json');
    if (go) return { runner: 'go-test', command: go, env, expectsReport: false };
  }
  if (new RegExp(`${WORD_START}cargo(\\s+\\+\\S+)?\\s+(test|t)(?=\\s|$)`).test(command)) {
    return { runner: 'cargo-test', command, env, expectsReport: false };
  }
  return { runner: 'unknown', command, env, expectsReport: false };
}
