import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { detectBubblewrap, knownBubblewrapStatus, noSandboxNote, rootRefusal, runningAsRoot } from '../bubblewrap';
import { trackSandboxDir, untrackSandboxDir } from '../liveSandboxDirs';
import { resolveLimits } from '../sandbox/limits';
import type { SandboxLimits } from '../sandbox/limits';
import type { SandboxKind, Verifier, VerifierResult, VerifyJob } from '../types';
import { lookupPython, sandboxedWorker, unsandboxedWorker } from './launch';
import { canUseWarmRunner } from './warmRunnerCheck';
import { type WarmJob, type WarmReply, WarmWorker, WorkerLostError } from './warmWorker';

export interface WarmVerifierOptions {
  /**
   * `auto` uses bubblewrap when its self-check passes; otherwise it falls back and says so on
   * every result, except as root, where it refuses.
   */
  sandbox: 'auto' | 'bubblewrap' | 'none';
  /** Per-candidate limit, enforced by killing the candidate's process. */
  timeoutMs: number;
  /** Worker processes, each running one candidate at a time (default: cores, at most 4). */
  workers?: number;
  /** Address-space limit per candidate (default: `limits.memoryBytes`). */
  memoryMb?: number;
  /** Per-candidate limits: memory, file size, and the size of the worker's private /tmp and scratch. */
  limits?: Partial<SandboxLimits>;
  maxOutputBytes?: number;
  /** Interpreter command; default: the workspace's `.venv`/`venv` python, else `python3`. */
  python?: string;
  /** The workspace whose interpreter is looked up (default: the first job's). */
  workspaceRoot?: string;
  /** Where `bwrap` is, when not on PATH. */
  bubblewrapPath?: string;
  /** Whether this process counts as root for `auto` (default: its uid is 0); for tests. */
  runningAsRoot?: boolean;
  /** Extra calls whose answers fingerprint a candidate's behaviour (for agreement ranking). */
  probes?: (job: VerifyJob) => readonly string[] | undefined;
  logger?: (line: string) => void;
}

/** A request below the Verifier interface: explicit files, used by the benchmark to score. */
export interface WarmRunRequest {
  files: Record<string, string>;
  testFiles: string[];
  probes?: readonly string[];
  /** Module the probes run in, dotted for a package (`pkg.mod`). */
  probeModule?: string;
  /** Only probes: `testFiles` is empty and the reply's status says whether the probes ran. */
  probeOnly?: boolean;
  /** Folders of `files` to put first on `sys.path` ('' is the job dir itself). */
  pythonPath?: readonly string[];
}

const ISOLATION_BWRAP =
  'one bubblewrap sandbox per worker (read-only system, no network, no environment, no home or workspace), reused across candidates; ' +
  'each candidate runs in its own forked process with a fresh scratch dir wiped afterwards, CPU/memory/file-size limits, and a seccomp filter that forbids new processes and signals to other processes. ' +
  'The worker\'s /tmp is wiped between candidates, and each run carries canary tests with fresh random names that must come out right, so a forged or patched report is marked tampered.';
const ISOLATION_NONE =
  'NO OS SANDBOX: a warm Python worker with a scrubbed environment; each candidate runs in its own forked process with a fresh scratch dir, CPU/memory/file-size limits and a seccomp filter, but can read the user\'s files and reach the network.';

/**
 * A fast {@link Verifier} for pytest-style Python tests: long-lived Python workers keep the
 * interpreter loaded and fork a fresh, limited child per candidate. Use it only where
 * {@link canUseWarmRunner} says yes; other test commands need the general verifier.
 */
export class WarmVerifier implements Verifier {
  private readonly idle: WarmWorker[] = [];
  private readonly waiting: { resolve: (worker: WarmWorker) => void; reject: (error: Error) => void }[] = [];
  private starting = 0;
  private readonly size: number;
  private mode: SandboxKind | undefined;
  private fallbackNote: string | undefined;
  private scratch: string | undefined;
  private disposed = false;
  private readonly all = new Set<WarmWorker>();
  private readonly limits: SandboxLimits;
  private workspaceRoot: string | undefined;

  constructor(private readonly options: WarmVerifierOptions) {
    this.size = Math.max(1, options.workers ?? Math.min(4, cpus().length));
    this.limits = resolveLimits(options.limits);
    this.workspaceRoot = options.workspaceRoot;
  }

  get description(): string {
    if (this.options.sandbox === 'none') return `warm Python runner, no OS sandbox (${this.size} workers)`;
    const known = knownBubblewrapStatus(this.options.bubblewrapPath);
    const mode = this.mode ?? (known ? (known.available ? 'bubblewrap' : 'none') : 'bubblewrap');
    if (mode === 'bubblewrap') return `warm Python runner in bubblewrap (${this.size} workers)`;
    const why = this.fallbackNote ?? known?.reason ?? 'bubblewrap is not available';
    if (this.options.sandbox === 'bubblewrap') return `warm Python runner: no test runs (the bubblewrap sandbox was required but cannot run: ${why})`;
    if (this.options.runningAsRoot ?? runningAsRoot()) return `warm Python runner: no test runs (${rootRefusal(why)})`;
    return `warm Python runner, NO OS SANDBOX: ${why} (${this.size} workers)`;
  }

  /** The sandbox actually in use, once a worker has started. */
  get sandbox(): SandboxKind | undefined {
    return this.mode;
  }

  async verify(job: VerifyJob, signal: AbortSignal): Promise<VerifierResult> {
    const started = Date.now();
    const verdict = await canUseWarmRunner(job.task);
    if (!verdict.ok) return this.result('error', started, { reason: `the warm runner cannot run these tests: ${verdict.reason}` });
    const files: Record<string, string> = {};
    try {
      for (const name of await readdir(job.task.workspaceRoot)) {
        if (name.endsWith('.py') && !name.startsWith('.')) files[name] = await readFile(path.join(job.task.workspaceRoot, name), 'utf8');
      }
    } catch (error) {
      return this.result('error', started, { reason: `cannot read the workspace: ${(error as Error).message}` });
    }
    files[job.task.filePath] = job.fileText;
    this.workspaceRoot ??= job.task.workspaceRoot;
    const probes = job.probes ?? this.options.probes?.(job);
    return this.runFiles(
      { files, testFiles: verdict.testFiles, probes, probeModule: job.task.filePath.replace(/\.py$/, '') },
      signal,
    );
  }

  /** Runs explicit files through a worker and maps the answer to a VerifierResult. */
  async runFiles(request: WarmRunRequest, signal: AbortSignal): Promise<VerifierResult & { timings?: WarmReply['timings'] }> {
    let started = Date.now();
    if (signal.aborted) return this.result('cancelled', started, { reason: 'cancelled before it ran' });
    let worker: WarmWorker;
    try {
      worker = await this.acquire();
    } catch (error) {
      return this.result('error', started, { reason: (error as Error).message });
    }
    // durationMs is the candidate's own run: time queued for a busy worker is not its cost.
    started = Date.now();
    const job: WarmJob = {
      files: request.files,
      testFiles: request.testFiles,
      timeoutMs: this.options.timeoutMs,
      memoryMb: this.options.memoryMb ?? Math.floor(this.limits.memoryBytes / (1024 * 1024)),
      maxOutputBytes: this.options.maxOutputBytes ?? 64 * 1024,
      maxFileBytes: Math.min(this.limits.fileBytes, 16 * 1024 * 1024),
      probes: request.probes,
      probeModule: request.probeModule,
      probeBudgetMs: Math.floor(this.options.timeoutMs / 2),
      ...(request.probeOnly ? { probeOnly: true } : {}),
      ...(request.pythonPath ? { pythonPath: request.pythonPath } : {}),
    };
    const onAbort = (): void => worker.kill();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await worker.run(job);
      return { ...this.fromReply(reply, started), timings: reply.timings };
    } catch (error) {
      if (signal.aborted) return this.result('cancelled', started, { reason: 'cancelled while running' });
      const lost = error instanceof WorkerLostError;
      return this.result('error', started, { reason: lost ? error.message : `warm runner failure: ${(error as Error).message}` });
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.release(worker);
    }
  }

  private fromReply(reply: WarmReply, started: number): VerifierResult {
    const tests = (reply.tests ?? []).map((t) => ({ name: t.name, status: t.status, message: t.message, durationMs: t.durationMs }));
    const passed = tests.filter((t) => t.status === 'passed').length;
    const reason = reply.reason;
    const output = [reason, reply.output].filter(Boolean).join('\n');
    return {
      ...this.result(reply.status, started, { reason, output, outputTruncated: reply.outputTruncated }),
      tests,
      passed,
      failed: tests.length - passed,
      total: tests.length,
      exitCode: reply.exitCode,
      behaviour: reply.behaviour ?? undefined,
      // The worker already took the canaries out of `tests`; no baseline is known at this level.
      integrity: { missingTests: [], canaries: reply.canaries ?? 'none', ignoredPreexisting: [] },
    };
  }

  private result(
    status: VerifierResult['status'],
    started: number,
    extra: { reason?: string; output?: string; outputTruncated?: boolean },
  ): VerifierResult {
    const sandbox = this.mode ?? 'none';
    return {
      status,
      tests: [],
      passed: 0,
      failed: 0,
      total: 0,
      reportFormat: 'warm-runner',
      exitCode: null,
      durationMs: Date.now() - started,
      output: extra.output ?? extra.reason ?? '',
      outputTruncated: extra.outputTruncated ?? false,
      sandbox,
      sandboxNote: sandbox === 'bubblewrap' ? ISOLATION_BWRAP : [this.fallbackNote ? noSandboxNote(this.fallbackNote) : undefined, ISOLATION_NONE].filter(Boolean).join(' '),
      reason: extra.reason,
    };
  }

  private acquire(): Promise<WarmWorker> {
    if (this.disposed) return Promise.reject(new Error('the verifier was disposed'));
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.all.size + this.starting < this.size) {
      this.starting++;
      return this.startWorker().finally(() => this.starting--);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(worker: WarmWorker): void {
    if (!worker.alive) {
      this.all.delete(worker);
      // A waiter gets a fresh worker in place of the dead one.
      const next = this.waiting.shift();
      if (next && !this.disposed) {
        this.starting++;
        this.startWorker().then(next.resolve, next.reject).finally(() => this.starting--);
      }
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(worker);
    else this.idle.push(worker);
  }

  private async startWorker(): Promise<WarmWorker> {
    const python = await lookupPython(this.workspaceRoot, this.options.python);
    if (this.options.sandbox !== 'none' && this.mode !== 'none') {
      const status = await detectBubblewrap(this.options.bubblewrapPath);
      if (status.available && status.path) {
        const launch = sandboxedWorker(status.path, python, this.limits.tmpBytes);
        const [file, ...args] = launch.argv;
        const worker = new WarmWorker(file, args, launch.env);
        try {
          await worker.start();
          this.mode = 'bubblewrap';
          this.all.add(worker);
          return worker;
        } catch (error) {
          if (this.options.sandbox === 'bubblewrap') throw new Error(`bubblewrap could not start the test worker: ${(error as Error).message}`);
          this.fallbackNote = `bubblewrap failed to start the worker: ${(error as Error).message.slice(0, 200)}`;
        }
      } else {
        const why = status.reason ?? 'bubblewrap is not available';
        if (this.options.sandbox === 'bubblewrap') throw new Error(`the bubblewrap sandbox was required but cannot run: ${why}`);
        this.fallbackNote = why;
      }
      // A root process without a sandbox could do anything to the machine: never silently.
      if (this.options.runningAsRoot ?? runningAsRoot()) throw new Error(rootRefusal(this.fallbackNote));
      this.options.logger?.(`warm runner: ${noSandboxNote(this.fallbackNote)}`);
    }
    this.mode = 'none';
    if (!this.scratch) {
      this.scratch = mkdtempSync(path.join(tmpdir(), 'best-of-n-warm-'));
      trackSandboxDir(this.scratch);
    }
    const root = mkdtempSync(path.join(this.scratch, 'w'));
    const launch = unsandboxedWorker(python, root);
    const [file, ...args] = launch.argv;
    const worker = new WarmWorker(file, args, launch.env);
    await worker.start();
    this.all.add(worker);
    return worker;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const worker of this.all) worker.kill();
    this.all.clear();
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('the verifier was disposed'));
    if (this.scratch) {
      rmSync(this.scratch, { recursive: true, force: true });
      untrackSandboxDir(this.scratch);
    }
    this.scratch = undefined;
  }
}
