/** What the runner tells the in-host suite, through the extension host's environment. */
export interface SuiteContext {
  /** Which suite files run: the window is either trusted or in Restricted Mode. */
  readonly trust: 'trusted' | 'untrusted';
  /** Test command for the sample workspace. */
  readonly testCommand: string;
  /** Function the suite solves in the sample workspace's solution.py. */
  readonly functionName: string;
  /** When set, the spec report is appended to this file as well as printed. */
  readonly reportFile?: string;
}

/** Reads the context the runner passed; fails loudly on a malformed value. */
export function suiteContext(): SuiteContext {
  const trust = process.env.BEST_OF_N_IT_TRUST ?? 'trusted';
  if (trust !== 'trusted' && trust !== 'untrusted') throw new Error(`BEST_OF_N_IT_TRUST must be trusted or untrusted, not ${trust}`);
  const reportFile = process.env.BEST_OF_N_IT_REPORT;
  return {
    trust,
    testCommand: process.env.BEST_OF_N_IT_TEST_COMMAND ?? 'python3 -m pytest -q',
    functionName: process.env.BEST_OF_N_IT_FUNCTION ?? 'has_close_elements',
    ...(reportFile !== undefined && reportFile !== '' ? { reportFile } : {}),
  };
}
