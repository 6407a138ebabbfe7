import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseGoTestJson } from './goTestReport';
import { parseJestJson } from './jestReport';
import { parseJunitReport, ReportFormatError } from './junitReport';
import { parseLibtestOutput } from './libtestReport';
import { REPORT_FILES } from './runnerDetection';
import type { PreparedCommand } from './runnerDetection';
import { parseTap } from './tapReport';
import type { ReportFormat, TestOutcome } from './types';

/** Reports are written by code that runs the candidate: never read an unbounded file. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** Per-test results of one run, and where they came from. */
export interface CollectedReport {
  format: Exclude<ReportFormat, 'exit-code' | 'warm-runner'>;
  tests: TestOutcome[];
  /** Human output to show instead of the raw stream (e.g. rebuilt from `go test -json`). */
  displayOutput?: string;
}

/** A report that exists but cannot be read; the run is then judged an error. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

async function readReport(file: string): Promise<string | undefined> {
  let handle: fs.FileHandle;
  try {
    // O_NOFOLLOW: the candidate could have planted a symlink to a file outside the sandbox.
    handle = await fs.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ReportError(`test report ${path.basename(file)} cannot be opened: ${code ?? String(err)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ReportError(`test report ${path.basename(file)} is not a regular file`);
    if (stat.size > MAX_REPORT_BYTES) {
      throw new ReportError(`test report ${path.basename(file)} is ${stat.size} bytes, over the ${MAX_REPORT_BYTES} limit`);
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Gathers per-test outcomes after a run: every report file a runner wrote (merged, in
 * a fixed order), else results parsed from the output (go -json, libtest, TAP).
 * `undefined` when nothing machine-readable was produced.
 */
export async function collectReport(
  prepared: PreparedCommand,
  reportDir: string,
  output: string,
): Promise<CollectedReport | undefined> {
  const tests: TestOutcome[] = [];
  let format: CollectedReport['format'] | undefined;
  const junitFiles: Array<[string, boolean]> = [
    [REPORT_FILES.pytest, false],
    [REPORT_FILES['node-test'], true],
    [REPORT_FILES.mocha, false],
    [REPORT_FILES.vitest, false],
  ];
  for (const [name, suiteNamesInTestName] of junitFiles) {
    const xml = await readReport(path.join(reportDir, name));
    if (xml === undefined) continue;
    try {
      tests.push(...parseJunitReport(xml, { suiteNamesInTestName }));
    } catch (err) {
      if (err instanceof ReportFormatError) throw new ReportError(`${name}: ${err.message}`);
      throw err;
    }
    format ??= 'junit';
  }
  const jest = await readReport(path.join(reportDir, REPORT_FILES.jest));
  if (jest !== undefined) {
    try {
      tests.push(...parseJestJson(jest));
    } catch (err) {
      if (err instanceof ReportFormatError) throw new ReportError(err.message);
      throw err;
    }
    format ??= 'jest-json';
  }
  if (format) return { format, tests };

  if (prepared.runner === 'go-test') {
    const go = parseGoTestJson(output);
    if (go) return { format: 'go-json', tests: go.tests, displayOutput: go.text };
  }
  if (prepared.runner === 'cargo-test' || /^test result: /m.test(output)) {
    const libtest = parseLibtestOutput(output);
    if (libtest) return { format: 'libtest', tests: libtest };
  }
  const tap = parseTap(output);
  if (tap && tap.length > 0) return { format: 'tap', tests: tap };
  return undefined;
}
