import * as path from 'node:path';
import { mochaCanaryFile, newCanaryNames, nodeTestCanaryPreload, pytestCanaryPlugin, supportToken } from './integrity/canaries';

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
  /**
   * The canary test names this run carries, when the runner takes canaries, and the exit code
   * of a clean run with them: 1 where the must-fail canary fails the run (node --test, mocha),
   * 0 where the canary plugin gives the user's own exit status back (pytest).
   */
  canaries?: { mustPass: string; mustFail: string; cleanExit: 0 | 1 };
}

/** Where a prepared run writes its report and finds its support files. */
export interface PrepareOptions {
  reportDir: string;
  /** A directory outside the workspace copy, visible (read-only) to the run. */
  supportDir?: string;
  /** Where jest keeps its transform cache for this run (see JestTransformCache); unset: jest's default. */
  jestCacheDir?: string;
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
 * then comes from TAP on stdout or the exit code. With a `supportDir`, runners that take
 * them also get this run's canary tests (pytest, node --test, mocha): see integrity/canaries.
 */
export function prepareTestCommand(command: string, where: PrepareOptions | string): PreparedCommand {
  const reportDir = typeof where === 'string' ? where : where.reportDir;
  const supportDir = typeof where === 'string' ? undefined : where.supportDir;
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
  if (pytest) {
    const expectsReport = !!env.PYTEST_ADDOPTS && !/--junit-?xml/.test(command);
    const prepared: PreparedCommand = { runner: 'pytest', command, env, expectsReport };
    return expectsReport && supportDir && !/\s/.test(supportDir) ? withPytestCanaries(prepared, supportDir) : prepared;
  }

  const hasOwnReporter = /--(test-)?reporter\b/.test(command);
  if (!hasOwnReporter) {
    const canaries = supportDir ? newCanaryNames() : undefined;
    // Without per-file processes (test isolation off) the preload cannot tell runner from test file: no canaries.
    const preload = canaries && supportDir && !/test-isolation[= ]none/.test(command) ? `bon_${supportToken()}.cjs` : undefined;
    const node = insertAfter(
      command,
      'node|nodejs',
      (preload && supportDir ? `--require ${shellQuote(path.join(supportDir, preload))} ` : '') +
        `--test-reporter=junit --test-reporter-destination=${file(REPORT_FILES['node-test'])} ` +
        '--test-reporter=spec --test-reporter-destination=stdout',
      /(^|\s)--test(\s|$|=)/,
    );
    if (node) {
      const prepared: PreparedCommand = { runner: 'node-test', command: node, env, expectsReport: true };
      return canaries && preload ? { ...prepared, canaries: { ...canaries, cleanExit: 1 }, supportFiles: { [preload]: nodeTestCanaryPreload(canaries) } } : prepared;
    }
    // mocha runs specs in one process; `--file` adds ours first. Not with --parallel, which ignores --file.
    const mochaCanary = canaries && supportDir && !/--parallel\b|(^|\s)-p(\s|$)/.test(command) ? `bon_${supportToken()}.cjs` : undefined;
    const mocha = insertAfter(
      command,
      'mocha|_mocha',
      `--reporter xunit --reporter-option output=${file(REPORT_FILES.mocha)}` +
        (mochaCanary && supportDir ? ` --file ${shellQuote(path.join(supportDir, mochaCanary))}` : ''),
    );
    if (mocha) {
      const prepared: PreparedCommand = { runner: 'mocha', command: mocha, env, expectsReport: true };
      return canaries && mochaCanary ? { ...prepared, canaries: { ...canaries, cleanExit: 1 }, supportFiles: { [mochaCanary]: mochaCanaryFile(canaries) } } : prepared;
    }
    // vitest and jest: their setup-file options replace the project's own instead of adding
    // to them, so canaries would cost the user's setup. These runs carry none (integrity 'none').
    const vitest = insertAfter(
      command,
      'vitest',
      `--reporter=default --reporter=junit --outputFile.junit=${file(REPORT_FILES.vitest)}`,
    );
    if (vitest) return { runner: 'vitest', command: vitest, env, expectsReport: true };
  }
  if (!/--json\b|--outputFile\b/.test(command)) {
    // The project's own cache setting (or --no-cache) wins over ours.
    const cache = typeof where !== 'string' && where.jestCacheDir && !/--(no-)?cache(Directory)?\b/.test(command) ? `--cacheDirectory=${shellQuote(where.jestCacheDir)} ` : '';
    const jest = insertAfter(command, 'jest', `${cache}--json --outputFile=${file(REPORT_FILES.jest)}`);
    if (jest) return { runner: 'jest', command: jest, env, expectsReport: true };
  }
  // go test and cargo test build test binaries from the user's sources: a canary would be a
  // file in the copy the candidate shares a process with, so they carry none.
  if (!/(^|\s)-json\b/.test(command)) {
    const go = insertAfter(command, 'go\\s+test', '-json');
    if (go) return { runner: 'go-test', command: go, env, expectsReport: false };
  }
  if (new RegExp(`${WORD_START}cargo(\\s+\\+\\S+)?\\s+(test|t)(?=\\s|$)`).test(command)) {
    return { runner: 'cargo-test', command, env, expectsReport: false };
  }
  return { runner: 'unknown', command, env, expectsReport: false };
}

/**
 * Adds this run's canary plugin: loaded by module name through PYTEST_ADDOPTS, found on
 * PYTHONPATH, which the command extends (never replaces) with the support dir — also in a
 * `PYTHONPATH=...` assignment the command makes itself. The names are only in the plugin file.
 */
function withPytestCanaries(prepared: PreparedCommand, supportDir: string): PreparedCommand {
  const canaries = newCanaryNames();
  const module = `bon_${supportToken()}`;
  const dir = shellQuote(supportDir);
  const inline = prepared.command.replace(/(^|[\s;&|(])PYTHONPATH=/g, `$1PYTHONPATH=${dir}:`);
  return {
    ...prepared,
    command: `PYTHONPATH="\${PYTHONPATH:+\$PYTHONPATH:}"${dir}; export PYTHONPATH; ${inline}`,
    env: { ...prepared.env, PYTEST_ADDOPTS: `${prepared.env.PYTEST_ADDOPTS} -p ${module}` },
    supportFiles: { [`${module}.py`]: pytestCanaryPlugin(canaries) },
    canaries: { ...canaries, cleanExit: 0 },
  };
}
