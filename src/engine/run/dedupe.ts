import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { supportFor } from '../language/registry';
import type { Language, Task } from '../task';
import type { VerifierResult } from '../verify/types';

/**
 * The code's tokens from its syntax tree, one space apart: comments and all layout
 * whitespace out, string and regex literals kept whole (they are behaviour); Python's
 * indented blocks are marked, since there indentation is syntax. A language without
 * support keeps its text with trailing whitespace and blank lines removed.
 */
export function normaliseCode(code: string, language: Language): string {
  const support = supportFor(language);
  if (support) return support.normalise(code.replace(/\r\n/g, '\n'));
  return code
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .join('\n');
}

/** sha256 (hex) of the normalised code: equal hashes are verified once. */
export function codeHash(code: string, language: Language): string {
  return createHash('sha256').update(normaliseCode(code, language)).digest('hex');
}

/** Identifies the task a verification belongs to: same file, range, target and test command. */
export function taskFingerprint(task: Task): string {
  return createHash('sha256')
    .update(JSON.stringify([task.workspaceRoot, task.filePath, task.fileText, task.range.start, task.range.end, task.targetKind, task.testCommand]))
    .digest('hex');
}

/**
 * Verification results keyed by (task fingerprint, code hash), shared across
 * runs so each distinct candidate of a task is tested once — a benchmark passes
 * one instance to every solve of the same task. Concurrent requests for the same
 * key share one verification. Cancelled runs are not remembered.
 */
export class VerificationCache {
  private readonly results: LRUCache<string, VerifierResult>;
  private readonly inFlight = new Map<string, Promise<VerifierResult>>();
  /** Lookups answered without running the verifier. */
  hits = 0;
  misses = 0;

  constructor(maxEntries = 20_000) {
    this.results = new LRUCache<string, VerifierResult>({ max: maxEntries });
  }

  /** The cached result for `key`, or the result of `run()`, stored unless cancelled. */
  async getOrVerify(key: string, run: () => Promise<VerifierResult>): Promise<{ result: VerifierResult; cached: boolean }> {
    const done = this.results.get(key);
    if (done) {
      this.hits++;
      return { result: done, cached: true };
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      const result = await pending;
      // A shared run that another caller cancelled says nothing about this candidate: run again.
      if (result.status !== 'cancelled') {
        this.hits++;
        return { result, cached: true };
      }
    }
    this.misses++;
    const promise = run();
    this.inFlight.set(key, promise);
    try {
      const result = await promise;
      if (result.status !== 'cancelled') this.results.set(key, result);
      return { result, cached: false };
    } finally {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    }
  }

  /** Cache key of one candidate of one task. */
  static key(fingerprint: string, hash: string): string {
    return `${fingerprint}:${hash}`;
  }

  get size(): number {
    return this.results.size;
  }
}
