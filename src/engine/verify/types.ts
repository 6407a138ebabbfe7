import type { Task } from '../task';

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** One test case's outcome as the runner reported it. */
export interface TestOutcome {
  name: string;
  status: TestStatus;
  /** Failure message or assertion text, truncated. */
  message?: string;
  durationMs?: number;
}

/**
 * Where per-test results came from: a JUnit XML file, TAP on stdout, jest's JSON file,
 * the `go test -json` stream, Rust libtest's text lines, only the exit code, or the
 * warm Python runner.
 */
export type ReportFormat = 'junit' | 'tap' | 'jest-json' | 'go-json' | 'libtest' | 'exit-code' | 'warm-runner';

/** How isolated a test run was. */
export type SandboxKind = 'bubblewrap' | 'none';

/**
 * The verdict on one candidate:
 * `passed` — every test passed (and at least one ran, or the exit code was 0 with no report);
 * `failed` — tests ran and some failed; `timeout` — killed at the time limit;
 * `error` — the run could not be judged (collection error, crash, sandbox failure);
 * `cancelled` — aborted by the caller.
 */
export interface VerifierResult {
  status: 'passed' | 'failed' | 'timeout' | 'error' | 'cancelled';
  tests: TestOutcome[];
  passed: number;
  failed: number;
  total: number;
  /** Where the per-test results came from. */
  reportFormat: ReportFormat;
  exitCode: number | null;
  durationMs: number;
  /** Combined stdout+stderr, capped. */
  output: string;
  outputTruncated: boolean;
  sandbox: SandboxKind;
  /** Why the sandbox is weaker than bubblewrap, shown to the user. */
  sandboxNote?: string;
  /** Behaviour fingerprints for agreement ranking: e.g. outputs on generated inputs. */
  behaviour?: string;
  /** Short human explanation of an error/timeout. */
  reason?: string;
}

/** A candidate's complete file, ready to be tested. */
export interface VerifyJob {
  task: Task;
  candidateId: number;
  /** The target file's full text with the candidate applied. */
  fileText: string;
  /**
   * Extra calls (source expressions) whose answers become `VerifierResult.behaviour`, e.g.
   * the generated tests' inputs. Verifiers that cannot run them ignore them.
   */
  probes?: readonly string[];
}

/** Runs the user's tests against one candidate in isolation. */
export interface Verifier {
  /** Human label, e.g. `bubblewrap sandbox` or `temp copy (no OS sandbox)`. */
  readonly description: string;
  verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult>;
  /** Removes temp dirs and stops worker processes. Idempotent. */
  dispose(): Promise<void>;
}
