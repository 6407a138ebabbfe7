import type { VerifierResult } from '../verify/types';
import { scrubForLog, type ScrubOptions } from './scrubOutput';

/**
 * A copy of `result` fit to show a person (the panel, a report): its output, test names,
 * test messages and reason passed through `scrubForLog`. Counts, statuses and the rest are
 * unchanged. Call it where a verification leaves the host, e.g. when mapping to a view.
 */
export function scrubVerification(result: VerifierResult, options: ScrubOptions = {}): VerifierResult {
  return {
    ...result,
    output: scrubForLog(result.output, options),
    tests: result.tests.map((test) => ({
      ...test,
      name: scrubForLog(test.name, options),
      ...(test.message !== undefined ? { message: scrubForLog(test.message, options) } : {}),
    })),
    ...(result.reason !== undefined ? { reason: scrubForLog(result.reason, options) } : {}),
  };
}
