import { buildBwrapArgs, detectBubblewrap, knownBubblewrapStatus } from './bubblewrap';
import type { BubblewrapStatus } from './bubblewrap';
import { judgeRun } from './judge';
import { runProcess } from './processRunner';
import type { RunProcessOutcome } from './processRunner';
import { countProcessesOf } from './processTree';
import { collectReport, ReportError } from './reportCollection';
import type { CollectedReport } from './reportCollection';
import { prepareTestCommand } from './runnerDetection';
import type { PreparedCommand } from './runnerDetection';
import { buildSandboxEnv } from './sandboxEnv';
import type { SandboxKind, Verifier, VerifierResult, VerifyJob } from './types';
import { copyWorkspace, createSandboxDirs, removeSandboxDir, WorkspaceError, writeCandidateFile, writeSupportFiles } from './workspaceCopy';
import type { SandboxDirs } from './workspaceCopy';

// The probe lives with the bwrap argument builder; it is part of this module's public face.
export { detectBubblewrap };

/** How the verifier isolates and bounds test runs. */
export interface VerifierOptions {
  /** `auto`: bubblewrap when it works here, else a temp copy (and `sandboxNote` says so). */
  sandbox: 'auto' | 'bubblewrap' | 'none';
  /** Wall-clock limit of one test command; the whole process tree is killed at it. */
  timeoutMs: number;
  /** Cap on captured stdout+stderr (head and tail kept). Default 256 KiB. */
  maxOutputBytes?: number;
  /** Cap on the workspace files copied per candidate. Default 256 MiB. */
  maxWorkspaceBytes?: number;
  /** Largest file a test run may write (ulimit -f). Default 512 MiB. */
  maxFileBytes?: number;
  /** Processes a run may add to what the user already runs (ulimit -u; no effect for root). Default 512. */
  maxProcesses?: number;
  /** Where `bwrap` is, when not on PATH. */
  bubblewrapPath?: string;
  /**
   * Address-space cap per process (ulimit -v). Off by default: V8 and the JVM reserve far
   * more virtual memory than they use, so a cap that suits Python breaks Node.
   */
  maxMemoryBytes?: number;
  /** Receives one line per run; never sees environment values or file contents. */
  logger?: (line: string) => void;
}

const DEFAULTS = {
  maxOutputBytes: 256 * 1024,
  maxWorkspaceBytes: 256 * 1024 * 1024,
  maxFileBytes: 512 * 1024 * 1024,
  maxProcesses: 512,
};

interface SandboxChoice {
  kind: SandboxKind;
  bwrapPath?: string;
  note?: string;
  /** Set when the requested sandbox cannot be had: every run is an error. */
  unavailable?: string;
}

/**
 * A verifier that copies the workspace per candidate into a fresh `best-of-n-*` temp
 * dir, writes the candidate's file there and runs the test command under bubblewrap
 * (or, without it, with a scrubbed environment and limits only).
 */
export function createVerifier(options: VerifierOptions): Verifier {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
  }
  return new SandboxVerifier({ ...DEFAULTS, ...options });
}

/** What a finished run contributes to its result. */
type RunFields = Partial<VerifierResult> & Pick<VerifierResult, 'status'>;

type ResolvedOptions = Required<Omit<VerifierOptions, 'logger' | 'bubblewrapPath' | 'maxMemoryBytes'>> &
  Pick<VerifierOptions, 'logger' | 'bubblewrapPath' | 'maxMemoryBytes'>;

class SandboxVerifier implements Verifier {
  private choice: SandboxChoice | undefined;
  private readonly choosing: Promise<SandboxChoice>;
  private readonly disposal = new AbortController();
  private readonly active = new Set<Promise<unknown>>();

  constructor(private readonly options: ResolvedOptions) {
    // Known already when bubblewrap was probed before (e.g. at activation): no "checking" label then.
    const known = options.sandbox === 'none' ? undefined : knownBubblewrapStatus(options.bubblewrapPath);
    if (options.sandbox === 'none' || known) this.choice = this.chooseFrom(known);
    this.choosing = this.choice
      ? Promise.resolve(this.choice)
      : detectBubblewrap(options.bubblewrapPath).then((status) => (this.choice = this.chooseFrom(status)));
  }

  get description(): string {
    const choice = this.choice;
    if (!choice) return 'bubblewrap sandbox (checking)';
    if (choice.unavailable) return `bubblewrap sandbox (unavailable: ${choice.unavailable})`;
    return choice.kind === 'bubblewrap' ? 'bubblewrap sandbox' : 'temp copy (no OS sandbox)';
  }

  private chooseFrom(status: BubblewrapStatus | undefined): SandboxChoice {
    const noSandbox = 'no OS sandbox: tests ran in a temp copy with a scrubbed environment and limits, but can read and write your files and use the network';
    if (this.options.sandbox === 'none' || !status) return { kind: 'none', note: `${noSandbox} (sandbox set to "none")` };
    if (status.available && status.path) return { kind: 'bubblewrap', bwrapPath: status.path };
    const why = status.reason ?? 'bubblewrap is not available';
    if (this.options.sandbox === 'bubblewrap') return { kind: 'none', unavailable: why, note: why };
    return { kind: 'none', note: `${noSandbox} (${why})` };
  }

  verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    const run = this.verifyOnce(job, AbortSignal.any([signal, this.disposal.signal]));
    this.active.add(run);
    void run.finally(() => this.active.delete(run));
    return run;
  }

  private async verifyOnce(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    const started = performance.now();
    const choice = await this.choosing;
    const result = (fields: RunFields): VerifierResult => ({
      tests: [],
      passed: 0,
      failed: 0,
      total: 0,
      reportFormat: 'exit-code',
      exitCode: null,
      output: '',
      outputTruncated: false,
      sandbox: choice.kind,
      ...(choice.note !== undefined ? { sandboxNote: choice.note } : {}),
      ...fields,
      durationMs: Math.round(performance.now() - started),
    });
    if (choice.unavailable) {
      return result({ status: 'error', reason: `the bubblewrap sandbox was required but cannot run: ${choice.unavailable}` });
    }
    if (signal.aborted) return result({ status: 'cancelled', reason: 'cancelled' });

    let dirs: SandboxDirs | undefined;
    try {
      dirs = await createSandboxDirs();
      const copy = await copyWorkspace(job.task.workspaceRoot, dirs.workspace, {
        maxBytes: this.options.maxWorkspaceBytes,
        linkShared: choice.kind === 'none',
      });
      await writeCandidateFile(dirs.workspace, job.task.filePath, job.fileText);
      if (signal.aborted) return result({ status: 'cancelled', reason: 'cancelled' });

      const prepared = prepareTestCommand(job.task.testCommand, { reportDir: dirs.report, supportDir: dirs.support });
      await writeSupportFiles(dirs.support, prepared.supportFiles);
      const env = buildSandboxEnv({ home: dirs.home, tmp: dirs.tmp, extra: prepared.env });
      const script = `${await this.limitsPrefix()}${prepared.command}`;
      const shell = ['/bin/sh', '-c', script];
      const argv = choice.kind === 'bubblewrap' && choice.bwrapPath
        ? [choice.bwrapPath, ...buildBwrapArgs({ dirs, shared: copy.shared, env, argv: shell })]
        : shell;
      const run = await runProcess({
        argv,
        cwd: dirs.workspace,
        env,
        timeoutMs: this.options.timeoutMs,
        maxOutputBytes: this.options.maxOutputBytes,
        signal,
      });
      const outcome = await this.judge(run, prepared, dirs.report);
      this.options.logger?.(
        `verify candidate ${job.candidateId}: ${choice.kind}, runner ${prepared.runner}, ${outcome.status}` +
          ` (${outcome.passed}/${outcome.total} tests, ${run.durationMs} ms)${outcome.reason ? ` — ${outcome.reason}` : ''}`,
      );
      return result(outcome);
    } catch (err) {
      const reason = err instanceof WorkspaceError ? err.message : `verifier failure: ${(err as Error).message ?? String(err)}`;
      this.options.logger?.(`verify candidate ${job.candidateId}: error — ${reason}`);
      return result({ status: signal.aborted ? 'cancelled' : 'error', reason });
    } finally {
      if (dirs) {
        await removeSandboxDir(dirs.root).catch((err: Error) =>
          this.options.logger?.(`could not remove ${dirs?.root}: ${err.message}`),
        );
      }
    }
  }

  /** Reads the report (a broken one makes the run an error) and turns the run into result fields. */
  private async judge(run: RunProcessOutcome, prepared: PreparedCommand, reportDir: string): Promise<RunFields> {
    let report: CollectedReport | undefined;
    let reportError: string | undefined;
    if (!run.cancelled && !run.timedOut) {
      try {
        report = await collectReport(prepared, reportDir, run.output);
      } catch (err) {
        if (!(err instanceof ReportError)) throw err;
        reportError = err.message;
      }
    }
    const verdict = judgeRun(run, report, prepared, this.options.timeoutMs);
    return {
      ...verdict,
      ...(reportError !== undefined ? { status: 'error', reason: reportError } : {}),
      exitCode: run.exitCode,
      output: report?.displayOutput ?? run.output,
      outputTruncated: run.outputTruncated,
    };
  }

  /** `ulimit` lines run before the test command: no core dumps, bounded files and processes. */
  private async limitsPrefix(): Promise<string> {
    const blocks = Math.max(1, Math.floor(this.options.maxFileBytes / 512));
    const lines = ['ulimit -c 0 2>/dev/null', `ulimit -f ${blocks} 2>/dev/null`];
    if (this.options.maxMemoryBytes !== undefined) {
      lines.push(`ulimit -v ${Math.max(1024, Math.floor(this.options.maxMemoryBytes / 1024))} 2>/dev/null`);
    }
    const uid = process.getuid?.();
    // RLIMIT_NPROC counts all of the user's processes, so the cap is relative to what runs now.
    // Root is exempt from it; there only the timeout and the pid namespace bound a fork loop.
    if (uid !== undefined && uid !== 0) {
      const current = await countProcessesOf(uid);
      if (current > 0) lines.push(`ulimit -u ${current + this.options.maxProcesses} 2>/dev/null`);
    }
    return `${lines.join('; ')}\n`;
  }

  async dispose(): Promise<void> {
    this.disposal.abort();
    await Promise.allSettled([...this.active]);
  }
}
