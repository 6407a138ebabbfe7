import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { detectBubblewrap, knownBubblewrapStatus, noSandboxNote, rootRefusal, runningAsRoot } from './bubblewrap';
import type { BubblewrapStatus } from './bubblewrap';
import { judgeRun } from './judge';
import { runProcess } from './processRunner';
import type { RunProcessOutcome } from './processRunner';
import { countProcessesOf } from './processTree';
import { collectReport, ReportError } from './reportCollection';
import type { CollectedReport } from './reportCollection';
import { prepareTestCommand } from './runnerDetection';
import type { PreparedCommand } from './runnerDetection';
import { JestTransformCache } from './jestTransformCache';
import { DependencySnapshots } from './sandbox/dependencySnapshots';
import { sandboxedCommand, unsandboxedCommand } from './sandbox/launcher';
import type { LaunchCommand } from './sandbox/launcher';
import { resolveLimits } from './sandbox/limits';
import type { SandboxLimits } from './sandbox/limits';
import { lookupPython } from './sandbox/python';
import type { SandboxKind, Verifier, VerifierResult, VerifyJob } from './types';
import { copyWorkspace, createSandboxDirs, removeSandboxDir, WorkspaceError, writeCandidateFile, writeSupportFiles } from './workspaceCopy';
import type { CopyResult, SandboxDirs } from './workspaceCopy';

// The probe lives with the bwrap detection; it is part of this module's public face.
export { detectBubblewrap };

/** How the verifier isolates and bounds test runs. */
export interface VerifierOptions {
  /**
   * `auto`: bubblewrap when it works here; else, for a normal user, a temp copy (and every
   * result's `sandboxNote` says so) and, as root, an error on every run.
   */
  sandbox: 'auto' | 'bubblewrap' | 'none';
  /** Wall-clock limit of one test command; the whole process tree is killed at it. */
  timeoutMs: number;
  /** Memory, processes, /tmp, disk and file size per candidate (defaults: {@link DEFAULT_LIMITS}). */
  limits?: Partial<SandboxLimits>;
  /** Cap on captured stdout+stderr (head and tail kept). Default 256 KiB. */
  maxOutputBytes?: number;
  /** Cap on the workspace files copied per candidate. Default 256 MiB. */
  maxWorkspaceBytes?: number;
  /** Largest file a test run may write; same as `limits.fileBytes`. */
  maxFileBytes?: number;
  /** Processes a run may have at once; same as `limits.processes`. */
  maxProcesses?: number;
  /** Secret-shaped files (`.env`, keys, `.npmrc`, …) that are test inputs and must be copied. */
  includeSecretFiles?: readonly string[];
  /** Where `bwrap` is, when not on PATH. */
  bubblewrapPath?: string;
  /**
   * Address-space cap per process (ulimit -v). Off by default: V8 and the JVM reserve far
   * more virtual memory than they use; `limits.memoryBytes` bounds the run's real memory.
   */
  maxMemoryBytes?: number;
  /** Whether this process counts as root for `auto` (default: its uid is 0); for tests. */
  runningAsRoot?: boolean;
  /** Receives one line per run; never sees environment values or file contents. */
  logger?: (line: string) => void;
}

/** A command that may start jest (its cache folder is then prepared; other runners ignore it). */
const RUNS_JEST = /(^|[\s/])jest(\s|$)/;
/** The jest cache folder's name inside each workspace copy. */
const JEST_CACHE_DIR = '.best-of-n-jest-cache';

const DEFAULTS = {
  maxOutputBytes: 256 * 1024,
  maxWorkspaceBytes: 256 * 1024 * 1024,
};

interface SandboxChoice {
  kind: SandboxKind;
  bwrapPath?: string;
  note?: string;
  /** Why bubblewrap is not used, in a few words. */
  why?: string;
  /** Set when no acceptable sandbox can be had: every run is an error with this reason. */
  unavailable?: string;
}

/**
 * A verifier that copies the workspace per candidate into a fresh `best-of-n-*` temp
 * dir, writes the candidate's file there and runs the test command in the shared sandbox
 * launcher (the copy shown at the workspace's own path), with a watchdog on its memory,
 * processes and disk — or, without bubblewrap, with a scrubbed environment and limits only.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
  }
  const limits = resolveLimits({
    ...options.limits,
    ...(options.maxFileBytes !== undefined ? { fileBytes: options.maxFileBytes } : {}),
    ...(options.maxProcesses !== undefined ? { processes: options.maxProcesses } : {}),
  });
  return new SandboxVerifier({ ...DEFAULTS, ...options }, limits);
}

/** What a finished run contributes to its result. */
type RunFields = Partial<VerifierResult> & Pick<VerifierResult, 'status'>;

type ResolvedOptions = VerifierOptions & typeof DEFAULTS;

class SandboxVerifier implements Verifier {
  private choice: SandboxChoice | undefined;
  private readonly choosing: Promise<SandboxChoice>;
  private readonly disposal = new AbortController();
  private readonly active = new Set<Promise<unknown>>();
  /** Without bubblewrap: the read-only dependency snapshots every copy links to. */
  private readonly snapshots = new DependencySnapshots();
  private readonly jestCache = new JestTransformCache();

  constructor(
    private readonly options: ResolvedOptions,
    private readonly limits: SandboxLimits,
  ) {
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
    if (choice.unavailable) return `no test runs: ${choice.unavailable}`;
    if (choice.kind === 'bubblewrap') return 'bubblewrap sandbox';
    // The user asked for no sandbox: short. A fallback is said in plain words, with why, on every run.
    return this.options.sandbox === 'none' ? 'temp copy (no OS sandbox)' : `temp copy, NO OS SANDBOX: candidate code can read and write your files (${choice.why ?? ''})`;
  }

  private chooseFrom(status: BubblewrapStatus | undefined): SandboxChoice {
    if (this.options.sandbox === 'none' || !status) return { kind: 'none', note: noSandboxNote('sandbox set to "none"') };
    if (status.available && status.path) return { kind: 'bubblewrap', bwrapPath: status.path };
    const why = status.reason ?? 'bubblewrap is not available';
    if (this.options.sandbox === 'bubblewrap') return { kind: 'none', unavailable: `the bubblewrap sandbox was required but cannot run: ${why}`, note: why };
    // A root process without a sandbox could do anything to the machine: never silently.
    if (this.options.runningAsRoot ?? runningAsRoot()) return { kind: 'none', unavailable: rootRefusal(why), note: why };
    return { kind: 'none', note: noSandboxNote(why), why };
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
    if (choice.unavailable) return result({ status: 'error', reason: choice.unavailable });
    if (signal.aborted) return result({ status: 'cancelled', reason: 'cancelled' });

    let dirs: SandboxDirs | undefined;
    try {
      dirs = await createSandboxDirs();
      const sandboxed = choice.kind === 'bubblewrap' && choice.bwrapPath !== undefined;
      const copy = await copyWorkspace(job.task.workspaceRoot, dirs.workspace, {
        maxBytes: this.options.maxWorkspaceBytes,
        ...(sandboxed ? {} : { linkShared: (source: string) => this.snapshots.pathFor(source) }),
        ...(this.options.includeSecretFiles ? { includeSecretFiles: this.options.includeSecretFiles } : {}),
      });
      await writeCandidateFile(dirs.workspace, job.task.filePath, job.fileText);
      if (signal.aborted) return result({ status: 'cancelled', reason: 'cancelled' });

      // Baseline, witness and selected-baseline runs (ids <= 0) run the user's own code: only they may fill the shared jest cache.
      const trusted = job.candidateId <= 0;
      const jestCache = RUNS_JEST.test(job.task.testCommand) ? await this.jestCache.forRun(path.join(dirs.workspace, JEST_CACHE_DIR), trusted) : undefined;
      // jest keys its cache by its whole config, cache folder included: the folder must be at the same path in every run,
      // so it sits in the copy, which bubblewrap shows at the workspace's own path.
      const jestCacheDir = sandboxed ? path.join(await fs.realpath(job.task.workspaceRoot), JEST_CACHE_DIR) : jestCache?.dir;
      const prepared = prepareTestCommand(job.task.testCommand, { reportDir: dirs.report, supportDir: dirs.support, ...(jestCache && jestCacheDir ? { jestCacheDir } : {}) });
      await writeSupportFiles(dirs.support, prepared.supportFiles);
      const shell = ['/bin/sh', '-c', `${await this.limitsPrefix()}${prepared.command}`];
      const launch = sandboxed
        ? await this.sandboxLaunch(choice.bwrapPath as string, job, dirs, copy, shell, prepared.env)
        : unsandboxedCommand({ argv: shell, home: dirs.home, tmp: dirs.tmp, envExtra: prepared.env });
      const run = await runProcess({
        argv: launch.argv,
        cwd: dirs.workspace,
        env: launch.env,
        timeoutMs: this.options.timeoutMs,
        maxOutputBytes: this.options.maxOutputBytes,
        signal,
        limits: this.limits,
        disk: { dirs: [dirs.root], startBytes: copy.bytes + (jestCache?.bytes ?? 0) },
      });
      if (jestCache) await this.jestCache.keep(jestCache, trusted, !run.timedOut && !run.cancelled && !run.limitExceeded && run.exitCode !== null);
      const outcome = run.limitExceeded
        ? this.limitKilled(run)
        : await this.judge(run, prepared, dirs.report);
      this.options.logger?.(
        `verify candidate ${job.candidateId}: ${choice.kind}, runner ${prepared.runner}, ${outcome.status}` +
          ` (${outcome.passed ?? 0}/${outcome.total ?? 0} tests, ${run.durationMs} ms)${outcome.reason ? ` — ${outcome.reason}` : ''}` +
          (copy.leftOut.length > 0 ? `; left out of the copy as secrets: ${copy.leftOut.join(', ')}` : ''),
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

  /**
   * The run under bubblewrap: the copy at the workspace's own path (so editable installs,
   * venv shebangs and absolute paths in configs resolve to it), dependency folders read-only
   * at theirs, the report dir writable and the support dir read-only at their own paths.
   */
  private async sandboxLaunch(
    bwrap: string,
    job: VerifyJob,
    dirs: SandboxDirs,
    copy: CopyResult,
    argv: string[],
    envExtra: Record<string, string>,
  ): Promise<LaunchCommand> {
    const at = await fs.realpath(job.task.workspaceRoot);
    const python = await this.interpreterFor(job, at);
    return sandboxedCommand({
      bwrap,
      argv,
      envExtra,
      ...(python ? { interpreterRoots: python } : {}),
      layout: {
        workspace: { copy: dirs.workspace, at, dependencies: copy.shared.map((dep) => ({ source: dep.source, at: dep.source })) },
        writable: [dirs.report],
        readOnly: [dirs.support],
        tmpBytes: this.limits.tmpBytes,
        chdir: at,
      },
    });
  }

  /** The interpreter folders a Python project's tests need (the project's venv first); none for other languages. */
  private async interpreterFor(job: VerifyJob, root: string): Promise<string[] | undefined> {
    const python = job.task.language === 'python' || /\bpy(test|thon)/.test(job.task.testCommand);
    if (!python) return undefined;
    return lookupPython(root).then((found) => found.roots, () => undefined);
  }

  /** A run the watchdog killed: an error with the limit in plain words, and a risk sign. */
  private limitKilled(run: RunProcessOutcome): RunFields {
    const breach = run.limitExceeded!;
    return {
      status: 'error',
      reason: breach.reason,
      exitCode: run.exitCode,
      output: run.output,
      outputTruncated: run.outputTruncated,
      observed: [{ source: 'sandbox', kind: 'limit-killed', detail: `${breach.reason} (${breach.detail})` }],
    };
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
    const blocks = Math.max(1, Math.floor(this.limits.fileBytes / 512));
    const lines = ['ulimit -c 0 2>/dev/null', `ulimit -f ${blocks} 2>/dev/null`];
    if (this.options.maxMemoryBytes !== undefined) {
      lines.push(`ulimit -v ${Math.max(1024, Math.floor(this.options.maxMemoryBytes / 1024))} 2>/dev/null`);
    }
    const uid = process.getuid?.();
    // RLIMIT_NPROC counts all of the user's processes, so the cap is relative to what runs now.
    // Root is exempt from it (also inside the user namespace); there the watchdog counts.
    if (uid !== undefined && uid !== 0) {
      const current = await countProcessesOf(uid);
      if (current > 0) lines.push(`ulimit -u ${current + this.limits.processes} 2>/dev/null`);
    }
    return `${lines.join('; ')}\n`;
  }

  async dispose(): Promise<void> {
    this.disposal.abort();
    await Promise.allSettled([...this.active]);
    await this.snapshots.dispose();
    await this.jestCache.dispose();
  }
}
