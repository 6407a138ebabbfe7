import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { request } from 'node:http';

/** A child started in its own process group, so stopping it also stops everything it spawned. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** Everything the process wrote so far (stdout and stderr interleaved, capped). */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group, then SIGKILL after `graceMs`; resolves when the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_OUTPUT = 1_000_000;
const live = new Set<ManagedProcess>();

// Last line of defence: a test run that throws or is interrupted must not leave servers behind.
function killAllSync(): void {
  for (const proc of live) {
    const pid = proc.child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}
process.once('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** Spawns `command` detached (own process group) and records its output. */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions & { echo?: boolean } = {},
): ManagedProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    if (options.echo === true) process.stderr.write(text.replace(/^/gm, `[${name}] `));
    buffer += text;
    if (buffer.length > MAX_OUTPUT) buffer = buffer.slice(buffer.length - MAX_OUTPUT);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      buffer += `\n[spawn error] ${error.message}`;
      resolve(null);
    });
  });
  const proc: ManagedProcess = {
    child,
    name,
    output: () => buffer,
    exited,
    async stop(graceMs = 3000): Promise<void> {
      const pid = child.pid;
      if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        killGroup(pid, 'SIGKILL');
        live.delete(proc);
        return;
      }
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The leader may exit before its children (extension host, pty host): sweep the group.
      killGroup(pid, 'SIGKILL');
      live.delete(proc);
    },
  };
  // Stays registered after the leader exits, until stop(): its group may still have members.
  live.add(proc);
  return proc;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already empty
  }
}

/** Status code of a GET, or undefined when nothing answers. */
export function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('error', () => resolve(undefined));
    req.once('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
    req.end();
  });
}

/** Polls `url` until it answers with `okStatus` or the process exits or time runs out. */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs: number, okStatus = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if ((await httpStatus(url)) === okStatus) return;
    if (exited) throw new Error(`${proc.name} exited before ${url} answered:\n${proc.output().slice(-4000)}`);
    await sleep(250);
  }
  throw new Error(`${proc.name}: ${url} did not answer ${okStatus} within ${timeoutMs} ms:\n${proc.output().slice(-4000)}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A copy of the environment without anything that looks like a credential. */
export function scrubbedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
