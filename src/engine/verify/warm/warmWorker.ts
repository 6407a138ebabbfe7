import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * One job for the worker: files to write into a fresh scratch dir (relative paths of plain
 * names; test files at its top) and the test files among them.
 */
export interface WarmJob {
  files: Record<string, string>;
  testFiles: string[];
  timeoutMs: number;
  memoryMb: number;
  maxOutputBytes: number;
  /** Cap on any one file the candidate writes (RLIMIT_FSIZE). */
  maxFileBytes: number;
  /** Python expressions evaluated against `probeModule` for a behaviour fingerprint. */
  probes?: readonly string[];
  probeModule?: string;
  /** Probing stops after the candidate's process has used this much CPU time. */
  probeBudgetMs?: number;
  /** No test files, only probes: a run without tests then counts as done, not as an error. */
  probeOnly?: boolean;
  /** Folders (relative to the job dir, '' for the job dir) put before it on `sys.path`. */
  pythonPath?: readonly string[];
}

export interface WarmTest {
  name: string;
  status: 'passed' | 'failed' | 'error' | 'skipped';
  message?: string;
  durationMs?: number;
}

/**
 * The worker's answer for one job. `tampered`: the child's result failed the worker's checks
 * (a canary came out wrong or is missing, or more than one result came down the pipe).
 */
export interface WarmReply {
  status: 'passed' | 'failed' | 'timeout' | 'error' | 'tampered';
  tests: WarmTest[];
  output: string;
  outputTruncated: boolean;
  exitCode: number | null;
  reason?: string;
  behaviour?: string;
  seccomp?: boolean;
  /** How the job's canary tests came out (absent for probe-only jobs); they are already taken out of `tests`. */
  canaries?: 'ok' | 'forged';
  /** Inside the worker: writing files, forking + running, cleaning up. */
  timings?: { prepareMs: number; runMs: number; cleanupMs: number };
}

/** The worker died or stopped answering; the job could not be judged. */
export class WorkerLostError extends Error {}

interface Pending {
  resolve: (reply: WarmReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One long-lived worker process (inside bubblewrap or not) that runs jobs one at a time over a
 * JSON-lines protocol: the warm Python worker, or the Node probe worker with its own `Job`
 * shape. If it dies, hangs or is killed, the pending job fails with {@link WorkerLostError}
 * and the owner starts a new worker.
 */
export class WarmWorker<Job extends { timeoutMs: number } = WarmJob> {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private stderrTail = '';
  private readyInfo: Record<string, unknown> | undefined;
  private closed = false;

  constructor(
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get alive(): boolean {
    return this.child !== undefined && !this.closed;
  }

  get info(): Record<string, unknown> | undefined {
    return this.readyInfo;
  }

  /** Starts the process and waits for its `ready` line. */
  async start(timeoutMs = 20000): Promise<void> {
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new WorkerLostError(`the test worker did not start within ${timeoutMs} ms`)), timeoutMs);
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          this.readyInfo = JSON.parse(line) as Record<string, unknown>;
          resolve();
        } catch {
          reject(new WorkerLostError(`the test worker sent an unexpected first line: ${line.slice(0, 200)}`));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new WorkerLostError(`the test worker exited at start (${signal ?? `code ${code}`}): ${this.stderrTail.trim().slice(-800)}`));
      });
      child.once('error', (error) => reject(new WorkerLostError(`cannot start ${this.command}: ${error.message}`)));
    });
    child.on('exit', () => {
      this.closed = true;
      this.fail(new WorkerLostError(`the test worker died while running this candidate (the candidate may have killed it); it is restarted${this.stderrTail ? `: ${this.stderrTail.trim().slice(-400)}` : ''}`));
    });
    child.stdin?.on('error', () => undefined); // EPIPE when the worker died; reported through 'exit'.
    try {
      await ready;
    } catch (error) {
      this.kill();
      throw error;
    }
    lines.on('line', (line) => this.onLine(line));
  }

  /** Runs one job. Rejects with WorkerLostError if the worker dies or exceeds `job.timeoutMs` + grace. */
  run(job: Job): Promise<WarmReply> {
    if (!this.child || this.closed) return Promise.reject(new WorkerLostError('the test worker is not running'));
    if (this.pending) return Promise.reject(new Error('WarmWorker runs one job at a time'));
    const id = this.nextId++;
    return new Promise<WarmReply>((resolve, reject) => {
      // The worker enforces the timeout itself; this guard only catches a wedged worker.
      const timer = setTimeout(() => {
        this.fail(new WorkerLostError(`the test worker did not answer within ${job.timeoutMs + 10000} ms; it was restarted`));
        this.kill();
      }, job.timeoutMs + 10000);
      this.pending = { resolve, reject, timer };
      this.child!.stdin!.write(`${JSON.stringify({ id, ...job })}\n`);
    });
  }

  private onLine(line: string): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    try {
      pending.resolve(JSON.parse(line) as WarmReply);
    } catch {
      pending.reject(new WorkerLostError(`the test worker sent a malformed reply: ${line.slice(0, 200)}`));
    }
  }

  private fail(error: Error): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /** Kills the worker's whole process group (bubblewrap and everything inside). Idempotent. */
  kill(): void {
    this.closed = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}
