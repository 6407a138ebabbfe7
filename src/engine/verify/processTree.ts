import { promises as fs } from 'node:fs';

/** One row of /proc: enough to follow parentage and process groups. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
}

async function readProc(): Promise<string[]> {
  if (process.platform !== 'linux') return [];
  const names = await fs.readdir('/proc').catch((): string[] => []);
  return names.filter((n) => /^\d+$/.test(n));
}

/** Every visible process (Linux only; empty elsewhere). */
export async function listProcesses(): Promise<ProcessInfo[]> {
  // Read in parallel: a sweep runs after every test run, and /proc reads are syscalls, not disk.
  const rows = await Promise.all(
    (await readProc()).map(async (name): Promise<ProcessInfo | undefined> => {
      const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
      // The command name may contain spaces and parens; fields resume after the last ')'.
      const close = stat.lastIndexOf(')');
      if (close < 0) return undefined;
      const fields = stat.slice(close + 2).split(' ');
      return { pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]) };
    }),
  );
  return rows.filter((r): r is ProcessInfo => r !== undefined);
}

/** Pids of `root`'s descendants (not `root` itself), from a snapshot of /proc. */
export function descendantsOf(root: number, table: ProcessInfo[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of table) {
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Pids whose initial environment holds `name=value`. Every process a run starts
 * inherits the marker, so this finds those that left the process group (setsid)
 * and were re-parented away from our tree.
 */
export async function processesWithMarker(name: string, value: string): Promise<number[]> {
  const needle = Buffer.from(`\0${name}=${value}\0`);
  const hits = await Promise.all(
    (await readProc()).map(async (pid) => {
      const environ = await fs.readFile(`/proc/${pid}/environ`).catch(() => undefined);
      if (!environ) return undefined;
      const padded = Buffer.concat([Buffer.from([0]), environ, Buffer.from([0])]);
      return padded.includes(needle) ? Number(pid) : undefined;
    }),
  );
  return hits.filter((pid): pid is number => pid !== undefined);
}

/** Processes owned by `uid`, for a process-count limit relative to what the user already runs. */
export async function countProcessesOf(uid: number): Promise<number> {
  let count = 0;
  for (const pid of await readProc()) {
    const stat = await fs.stat(`/proc/${pid}`).catch(() => undefined);
    if (stat?.uid === uid) count += 1;
  }
  return count;
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone, or not ours to kill.
  }
}

/**
 * SIGKILLs a run's whole tree: its process group, every descendant found in /proc
 * (those may have moved to their own group), and anything carrying the run's marker.
 * Repeats until nothing is found, since a fork loop can outpace one pass.
 */
export async function killRunTree(
  pid: number,
  marker: { name: string; value: string },
  /** False once the leader was reaped: its pid may then belong to someone else. */
  leaderAlive: () => boolean,
): Promise<void> {
  for (let pass = 0; pass < 5; pass += 1) {
    const descendants = leaderAlive() ? descendantsOf(pid, await listProcesses()) : [];
    const targets = new Set([...descendants, ...(await processesWithMarker(marker.name, marker.value))]);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is empty already.
    }
    for (const target of targets) if (target !== process.pid) kill(target);
    if (targets.size === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
