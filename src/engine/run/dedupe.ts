import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Language, Task } from '../task';
import type { VerifierResult } from '../verify/types';

/**
 * Code with comments, trailing whitespace and blank lines removed. Python
 * indentation stays (it is syntax) and string contents stay (they are behaviour).
 */
export function normaliseCode(code: string, language: Language): string {
  const stripped = language === 'python' ? stripPythonComments(code) : language === 'other' ? code : stripCStyleComments(code);
  return stripped
    .replace(/\r/g, '')
    .split('\n')
    // Indentation is syntax in Python only; elsewhere it is layout.
    .map((l) => (language === 'python' ? l.trimEnd() : l.trim()))
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

function stripPythonComments(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'") {
      const q = code.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + q.length;
      while (j < code.length && !code.startsWith(q, j) && !(q.length === 1 && code[j] === '\n')) j += code[j] === '\\' ? 2 : 1;
      const end = Math.min(code.length, code.startsWith(q, j) ? j + q.length : j);
      out += code.slice(i, end);
      i = end - 1;
    } else if (c === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      i--;
    } else out += c;
  }
  return out;
}

function stripCStyleComments(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c && !(c !== '`' && code[j] === '\n')) j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j;
    } else if (c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
      i--;
    } else if (c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      i = close < 0 ? code.length : close + 1;
    } else out += c;
  }
  return out;
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
