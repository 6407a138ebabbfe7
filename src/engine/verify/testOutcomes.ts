import type { TestOutcome } from './types';

/** Failure messages are for a human skimming a panel; tracebacks beyond this are cut. */
export const MAX_MESSAGE_CHARS = 2000;

/** Trims a failure message to {@link MAX_MESSAGE_CHARS}, marking the cut. */
export function clipMessage(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > MAX_MESSAGE_CHARS ? `${trimmed.slice(0, MAX_MESSAGE_CHARS)} […]` : trimmed;
}

/** Counts as the verifier reports them: errors count as failures. */
export function countOutcomes(tests: TestOutcome[]): { passed: number; failed: number; errored: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let errored = 0;
  let skipped = 0;
  for (const t of tests) {
    if (t.status === 'passed') passed += 1;
    else if (t.status === 'failed') failed += 1;
    else if (t.status === 'error') errored += 1;
    else skipped += 1;
  }
  return { passed, failed, errored, skipped };
}
