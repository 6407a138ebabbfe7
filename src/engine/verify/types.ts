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
 * Something a candidate does, or may do, that a reviewer should see before accepting it:
 * seen in its code (`static`) or by the sandbox while its tests ran (`sandbox`).
 */
export interface RiskSign {
  source: 'static' | 'sandbox';
  kind:
    | 'file-write'
    | 'network'
    | 'subprocess'
    | 'environment'
    | 'dynamic-code'
    | 'dynamic-import'
    | 'write-outside'
    | 'limit-killed';
  /** One line for the badge's details: what and where (never a secret value). */
  detail: string;
}

/** How a candidate's report compares with the baseline and its canaries. */
export interface IntegrityCheck {
  /** Baseline test ids that the candidate's report does not account for (early exit, lost tests). */
  missingTests: string[];
  /** `ok`: the canaries came out right; `forged`: a must-fail canary passed or a must-pass one failed; `missing`: absent from the report; `none`: this runner takes no canaries. */
  canaries: 'ok' | 'forged' | 'missing' | 'none';
  /** Tests failing before the run (independent of the target) that were left out of the verdict. */
  ignoredPreexisting: string[];
}

/**
 * The verdict on one candidate:
 * `passed` — every test passed (and at least one ran, or the exit code was 0 with no report);
 * `failed` — tests ran and some failed; `timeout` — killed at the time limit;
 * `error` — the run could not be judged (collection error, crash, sandbox failure);
 * `cancelled` — aborted by the caller;
 * `tampered` — the report cannot be genuine (a canary came out wrong or is missing): rejected, never picked.
 */
export interface VerifierResult {
  status: 'passed' | 'failed' | 'timeout' | 'error' | 'cancelled' | 'tampered';
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
  /** What the sandbox saw the run do that a reviewer should know (killed at a limit, writes outside the copy, network attempts). */
  observed?: RiskSign[];
  /** The report checked against the baseline's test ids and the run's canaries, when a baseline was taken. */
  integrity?: IntegrityCheck;
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
