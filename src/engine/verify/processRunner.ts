import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { OutputCapture } from './outputCapture';
import { killRunTree } from './processTree';
import type { SandboxLimits } from './sandbox/limits';
import { startWatchdog } from './sandbox/watchdog';
import type { LimitBreach } from './sandbox/watchdog';

/** Environment variable that tags every process of one run, so stragglers can be found. */
export const RUN_MARKER_VAR = 'BEST_OF_N_RUN_ID';

export interface RunProcessOptions {
  /** Executable and arguments; run directly, no shell added here. */
  argv: string[];
  cwd: string;
  /** The complete environment of the child (already scrubbed); the run marker is added. */
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal;
  /** Memory, process and disk limits of the whole run, enforced by a watchdog that kills the tree. */
  limits?: Pick<SandboxLimits, 'memoryBytes' | 'processes' | 'diskBytes'>;
  /** Folders the run writes on disk and their size at the start, for the disk limit. */
  disk?: { dirs: string[]; startBytes: number };
}

export interface RunProcessOutcome {
  exitCode: number | null;
  /** The signal that ended the main process, if any. */
  exitSignal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  output: string;
  outputTruncated: boolean;
  durationMs: number;
  /** Set when the process could not be started at all. */
  spawnError?: string;
  /** Set when the watchdog killed the run at a limit. */
  limitExceeded?: LimitBreach;
}

/** How long to wait for pipes to close once everything was killed, before giving up on them. */
const PIPE_GRACE_MS = 500;

/**
 * Runs one test process in its own process group with a hard time limit. On timeout,
 * abort or normal exit alike, the whole tree is SIGKILLed, so nothing a candidate
 * started outlives the run. Output is captured within `maxOutputBytes`.
 */
export function runProcess(options: RunProcessOptions): Promise<RunProcessOutcome> {
  const started = performance.now();
  const capture = new OutputCapture(options.maxOutputBytes);
  const marker = { name: RUN_MARKER_VAR, value: randomBytes(12).toString('hex') };
  const finish = (partial: Omit<RunProcessOutcome, 'output' | 'outputTruncated' | 'durationMs'>): RunProcessOutcome => ({
    ...partial,
    output: capture.text(),
    outputTruncated: capture.truncated,
    durationMs: Math.round(performance.now() - started),
  });

  if (options.signal.aborted) {
    return Promise.resolve(finish({ exitCode: null, exitSignal: null, timedOut: false, cancelled: true }));
  }

  return new Promise((resolve) => {
    const [file, ...args] = options.argv;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...options.env, [marker.name]: marker.value },
      // A new session and process group: kill(-pid) reaches everything that stays in it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let cancelled = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: string | undefined;
    let settled = false;
    let killing: Promise<void> | undefined;

    let closed = false;
    let sweptAfterExit = false;
    let limitExceeded: LimitBreach | undefined;

    const killAll = (): Promise<void> => {
      if (child.pid === undefined) return Promise.resolve();
      const pid = child.pid;
      killing ??= killRunTree(pid, marker, () => exited === undefined);
      return killing;
    };
    const onAbort = (): void => {
      cancelled = true;
      void killAll();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      void killAll();
    }, options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    const watchdog =
      options.limits && child.pid !== undefined
        ? startWatchdog({
            pid: child.pid,
            marker,
            limits: options.limits,
            ...(options.disk ? { disk: options.disk } : {}),
            onBreach: (breach) => {
              limitExceeded = breach;
              void killAll();
            },
          })
        : undefined;

    child.stdout.on('data', (chunk: Buffer) => capture.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => capture.push(chunk));

    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      watchdog?.stop();
      options.signal.removeEventListener('abort', onAbort);
      resolve(
        finish({
          exitCode: exited?.code ?? null,
          exitSignal: exited?.signal ?? null,
          timedOut,
          cancelled: cancelled && !timedOut,
          spawnError,
          ...(limitExceeded ? { limitExceeded } : {}),
        }),
      );
    };

    child.on('error', (err) => {
      spawnError = err.message;
      if (exited === undefined) settle();
    });
    child.on('close', () => {
      closed = true;
      if (sweptAfterExit) settle();
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      watchdog?.stop();
      // A fresh sweep (not the timeout's): background processes may still hold the pipes open.
      killing = undefined;
      void killAll().then(() => {
        sweptAfterExit = true;
        if (closed) return settle();
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          settle();
        }, PIPE_GRACE_MS);
      });
    });
  });
}
