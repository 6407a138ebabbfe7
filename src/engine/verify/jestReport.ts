import { ReportFormatError } from './junitReport';
import { clipMessage } from './testOutcomes';
import type { TestOutcome, TestStatus } from './types';

interface JestAssertion {
  fullName?: unknown;
  title?: unknown;
  status?: unknown;
  failureMessages?: unknown;
  duration?: unknown;
}

interface JestFileResult {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  assertionResults?: unknown;
}

const STATUS: Record<string, TestStatus> = {
  passed: 'passed',
  failed: 'failed',
  pending: 'skipped',
  skipped: 'skipped',
  todo: 'skipped',
  disabled: 'skipped',
  focused: 'passed',
};

/**
 * Reads jest's `--json` report. A test file that failed to load (a syntax error in
 * the candidate, a missing import) has no assertions but a message: it becomes one
 * `error` outcome named after the file.
 */
export function parseJestJson(text: string): TestOutcome[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ReportFormatError(`jest report is not JSON: ${(err as Error).message}`);
  }
  const files = (doc as { testResults?: unknown } | null)?.testResults;
  if (!Array.isArray(files)) throw new ReportFormatError('jest report has no testResults array');
  const out: TestOutcome[] = [];
  for (const file of files as JestFileResult[]) {
    const assertions = Array.isArray(file.assertionResults) ? (file.assertionResults as JestAssertion[]) : [];
    for (const a of assertions) {
      const status = STATUS[String(a.status)] ?? 'error';
      const messages = Array.isArray(a.failureMessages) ? a.failureMessages.map(String).join('\n') : undefined;
      const message = status === 'failed' ? clipMessage(messages) : undefined;
      out.push({
        name: String(a.fullName ?? a.title ?? '(unnamed)'),
        status,
        ...(message !== undefined ? { message } : {}),
        ...(typeof a.duration === 'number' ? { durationMs: Math.round(a.duration) } : {}),
      });
    }
    if (assertions.length === 0 && file.status === 'failed') {
      const message = clipMessage(typeof file.message === 'string' ? file.message : undefined);
      out.push({ name: String(file.name ?? 'test file'), status: 'error', ...(message !== undefined ? { message } : {}) });
    }
  }
  return out;
}
