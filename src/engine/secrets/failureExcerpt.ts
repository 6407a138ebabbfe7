import type { VerifierResult } from '../verify/types';
import { scrubForModel, type ScrubOptions } from './scrubOutput';

/** How much of a failing run may go to the model. */
export interface FailureExcerptOptions extends ScrubOptions {
  /** Failing tests reported; the rest are counted. Default 5. */
  maxTests?: number;
  /** Lines kept of each failure message. Default 20. */
  maxMessageLines?: number;
  /** UTF-8 bytes kept of each failure message. Default 2048. */
  maxMessageBytes?: number;
  /** Lines of output kept when the run has no per-test failure to report. Default 30. */
  tailLines?: number;
  /** UTF-8 bytes kept of that tail. Default 4096. */
  maxTailBytes?: number;
}

/** What a model may see of a failing run: scrubbed and cut, never the raw combined output. */
export interface FailureExcerpt {
  /** Failing (or erroring) tests: name and capped message, in report order. */
  failing: { name: string; message: string }[];
  /** Failing tests beyond `maxTests`, left out. */
  omitted: number;
  /**
   * Set only when the report names no failing test (an exit-code-only runner, a crash, a
   * timeout): how the run ended and the last lines of its output.
   */
  tail?: string;
}

/** Keeps the first `maxLines` lines and `maxBytes` UTF-8 bytes of `text`, marking a cut. */
function capHead(text: string, maxLines: number, maxBytes: number): string {
  const lines = text.split('\n');
  let out = lines.slice(0, maxLines).join('\n');
  let cut = lines.length > maxLines;
  const bytes = Buffer.from(out, 'utf8');
  if (bytes.length > maxBytes) {
    // A cut inside a multi-byte character decodes to U+FFFD; drop it.
    out = bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD+$/, '');
    cut = true;
  }
  return cut ? `${out}\n[… cut]` : out;
}

/** Keeps the last `maxLines` lines and `maxBytes` UTF-8 bytes of `text`. */
function capTail(text: string, maxLines: number, maxBytes: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  let out = lines.slice(-maxLines).join('\n');
  const bytes = Buffer.from(out, 'utf8');
  if (bytes.length > maxBytes) out = bytes.subarray(bytes.length - maxBytes).toString('utf8').replace(/^\uFFFD+/, '');
  return out;
}

/**
 * Cuts a failing run down to what a repair or curator prompt needs: the failing tests' names
 * and messages, each scrubbed (see `scrubForModel`) and capped. Only when the report names no
 * failing test does output enter, and then only its last lines, scrubbed. Scrubbing happens
 * before cutting, so a cut never splits a secret into pieces no pattern recognises.
 */
export function failureExcerpt(result: VerifierResult, options: FailureExcerptOptions = {}): FailureExcerpt {
  const maxTests = options.maxTests ?? 5;
  const maxLines = options.maxMessageLines ?? 20;
  const maxBytes = options.maxMessageBytes ?? 2048;
  const failing = result.tests.filter((test) => test.status === 'failed' || test.status === 'error');
  if (failing.length > 0) {
    return {
      failing: failing.slice(0, maxTests).map((test) => ({
        name: capHead(scrubForModel(test.name, options), 1, 300),
        message: capHead(scrubForModel((test.message ?? test.status).trim(), options), maxLines, maxBytes),
      })),
      omitted: Math.max(0, failing.length - maxTests),
    };
  }
  const reason = result.reason ? ` (${capHead(scrubForModel(result.reason, options), 3, 500)})` : '';
  const output = capTail(scrubForModel(result.output, options), options.tailLines ?? 30, options.maxTailBytes ?? 4096);
  const tail = `The test run ended ${result.status}${reason}.${output ? `\nLast lines of its output:\n${output}` : ''}`;
  return { failing: [], omitted: 0, tail };
}

/** The excerpt as prompt text: one `- name: message` entry per failing test, or the tail. */
export function formatFailureExcerpt(excerpt: FailureExcerpt): string {
  if (excerpt.failing.length === 0) return excerpt.tail ?? '';
  const entries = excerpt.failing.map((test) => `- ${test.name}: ${test.message}`);
  if (excerpt.omitted > 0) entries.push(`(${excerpt.omitted} more failing test${excerpt.omitted === 1 ? '' : 's'} not shown)`);
  return entries.join('\n');
}
