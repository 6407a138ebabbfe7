import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { descendantsOf, listProcesses, processesWithMarker } from '../processTree';
import { formatSize } from './limits';
import type { SandboxLimits } from './limits';

/** Which limit a run crossed, in words a user reads ("killed: used more than 2 GiB of memory"). */
export interface LimitBreach {
  limit: 'memory' | 'processes' | 'disk';
  reason: string;
  /** What was measured, for the risk sign's detail. */
  detail: string;
}

export interface WatchdogOptions {
  /** The run's leader (bubblewrap, or the shell without a sandbox). */
  pid: number;
  /** The run marker every process inherits: finds daemons that left the tree (without a pid namespace). */
  marker?: { name: string; value: string };
  limits: Pick<SandboxLimits, 'memoryBytes' | 'processes' | 'diskBytes'>;
  /** Folders the run writes on disk, and how many bytes they held at the start. */
  disk?: { dirs: string[]; startBytes: number };
  /** Called once, at the first limit crossed; the caller kills the run. */
  onBreach: (breach: LimitBreach) => void;
  intervalMs?: number;
}

export interface Watchdog {
  stop(): void;
  /** The limit crossed, if one was. */
  readonly breach: LimitBreach | undefined;
}

/**
 * Polls a run's process tree in /proc (anonymous resident memory summed over every process,
 * process count) and its disk use, and reports the first limit crossed. A watchdog rather
 * than rlimits: RLIMIT_NPROC does not bind root (the sandbox's outer uid may be 0),
 * RLIMIT_AS breaks V8 and the JVM, and cgroups are not writable on a user's laptop.
 * Disk use is found cheaply: free space of the filesystem is read every poll and the run's
 * folders are walked only once that space shrank by more than the limit.
 */
export function startWatchdog(options: WatchdogOptions): Watchdog {
  const interval = options.intervalMs ?? 100;
  let stopped = false;
  let breach: LimitBreach | undefined;
  let polls = 0;
  let timer: NodeJS.Timeout | undefined;
  let freeAtStart: number | undefined;
  let lastWalk = 0;
  const diskDir = options.disk?.dirs[0];
  if (diskDir) void freeBytes(diskDir).then((free) => (freeAtStart = free), () => undefined);

  const trip = (found: LimitBreach): void => {
    if (breach || stopped) return;
    breach = found;
    options.onBreach(found);
  };

  const poll = async (): Promise<void> => {
    polls += 1;
    const table = await listProcesses();
    const tree = new Set([options.pid, ...descendantsOf(options.pid, table)]);
    // Without a pid namespace a daemon (setsid, parent gone) leaves the tree; the marker finds it.
    if (options.marker && polls % 5 === 0) for (const pid of await processesWithMarker(options.marker.name, options.marker.value)) tree.add(pid);
    const alive = table.filter((p) => tree.has(p.pid)).length;
    if (alive > options.limits.processes) {
      return trip({ limit: 'processes', reason: `killed: ran more than ${options.limits.processes} processes at once`, detail: `${alive} processes (limit ${options.limits.processes})` });
    }
    const memory = await ownMemory([...tree]);
    if (memory > options.limits.memoryBytes) {
      return trip({ limit: 'memory', reason: `killed: used more than ${formatSize(options.limits.memoryBytes)} of memory`, detail: `${formatSize(memory)} resident (limit ${formatSize(options.limits.memoryBytes)})` });
    }
    if (options.disk && diskDir && freeAtStart !== undefined && Date.now() - lastWalk > 1000) {
      const shrunk = freeAtStart - (await freeBytes(diskDir));
      if (shrunk > options.limits.diskBytes) {
        lastWalk = Date.now();
        let used = 0;
        for (const dir of options.disk.dirs) used += await diskUsage(dir);
        const written = used - options.disk.startBytes;
        if (written > options.limits.diskBytes) {
          return trip({ limit: 'disk', reason: `killed: wrote more than ${formatSize(options.limits.diskBytes)} to disk`, detail: `${formatSize(written)} written (limit ${formatSize(options.limits.diskBytes)})` });
        }
      }
    }
  };

  const loop = (): void => {
    if (stopped || breach) return;
    poll().then(
      () => {
        if (!stopped && !breach) timer = setTimeout(loop, interval);
      },
      () => {
        if (!stopped && !breach) timer = setTimeout(loop, interval);
      },
    );
  };
  timer = setTimeout(loop, Math.min(interval, 50));

  return {
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    get breach(): LimitBreach | undefined {
      return breach;
    },
  };
}

/**
 * Resident memory of `pids` that is theirs: anonymous pages (RssAnon) and mapped shared memory
 * (RssShmem: memfd, /dev/shm mappings), but not shared library pages, which many forks share.
 */
async function ownMemory(pids: number[]): Promise<number> {
  const sizes = await Promise.all(
    pids.map(async (pid) => {
      const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0);
      return (kb('RssAnon') + kb('RssShmem')) * 1024;
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

async function freeBytes(dir: string): Promise<number> {
  const stats = await fs.statfs(dir);
  return stats.bavail * stats.bsize;
}

/** Bytes allocated under `dir` (blocks, so sparse files count for what they hold). */
export async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  const walk = async (current: string): Promise<void> => {
    const entries = await fs.readdir(current, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.map(async (entry) => {
        const full = path.join(current, entry.name);
        const stat = await fs.lstat(full).catch(() => undefined);
        if (!stat) return;
        total += stat.blocks * 512;
        if (entry.isDirectory()) await walk(full);
      }),
    );
  };
  await walk(dir);
  return total;
}
