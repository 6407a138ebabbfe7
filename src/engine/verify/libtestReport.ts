import { clipMessage } from './testOutcomes';
import type { TestOutcome } from './types';

const RESULT_LINE = /^test (.+?) \.\.\. (ok|FAILED|ignored(?:, .*)?)$/;
const FAILURE_HEADER = /^---- (.+?) stdout ----$/;

/**
 * Reads the text output of Rust's libtest (`cargo test`): `test a::b ... ok` lines and
 * the `---- a::b stdout ----` sections that hold each failure's panic message.
 * Returns `undefined` when no test line appears (e.g. the crate did not compile).
 */
export function parseLibtestOutput(text: string): TestOutcome[] | undefined {
  const lines = text.split(/\r?\n/);
  const outcomes = new Map<string, TestOutcome>();
  for (const line of lines) {
    const match = RESULT_LINE.exec(line.trimEnd());
    if (!match) continue;
    const status = match[2] === 'ok' ? 'passed' : match[2] === 'FAILED' ? 'failed' : 'skipped';
    // Several test binaries (unit, integration, doc) may reuse a name; the last report wins.
    outcomes.set(match[1], { name: match[1], status });
  }
  if (outcomes.size === 0) return undefined;
  let current: string | undefined;
  let buffer: string[] = [];
  const flush = (): void => {
    const outcome = current !== undefined ? outcomes.get(current) : undefined;
    const message = clipMessage(buffer.join('\n'));
    if (outcome && outcome.status === 'failed' && message !== undefined) outcome.message = message;
    buffer = [];
  };
  for (const line of lines) {
    const header = FAILURE_HEADER.exec(line);
    if (header) {
      flush();
      current = header[1];
      continue;
    }
    if (current === undefined) continue;
    if (/^(failures:|test result:)/.test(line)) {
      flush();
      current = undefined;
      continue;
    }
    buffer.push(line);
  }
  flush();
  return [...outcomes.values()];
}
