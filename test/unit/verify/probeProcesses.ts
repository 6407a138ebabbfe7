import { promises as fs } from 'node:fs';

/** A process of the warm worker's family that descends from this test process. */
export interface ProbeProcess {
  pid: number;
  ppid: number;
  /** pid and start time: a pid reused later is another process. */
  key: string;
  comm: string;
  cmd: string;
}

/** The first line of the worker script, which every warm worker (and bwrap around it) has in its command line. */
const MARKER = 'Best-of-N warm test worker';

async function stat(pid: string): Promise<{ ppid: number; comm: string; state: string; start: string } | undefined> {
  const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  return { comm: text.slice(text.indexOf('(') + 1, close), state: fields[0], ppid: Number(fields[1]), start: fields[19] };
}

/** Live (not zombie) warm-worker processes below this process, found through /proc parent links. */
export async function probeProcesses(): Promise<ProbeProcess[]> {
  const all = new Map<number, ProbeProcess & { state: string }>();
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = await stat(name);
    if (!info) continue;
    const cmd = (await fs.readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
    all.set(Number(name), { pid: Number(name), ppid: info.ppid, key: `${name}@${info.start}`, comm: info.comm, cmd, state: info.state });
  }
  const below = (p: ProbeProcess): boolean => {
    for (let at = all.get(p.ppid), hops = 0; at && hops < 64; at = all.get(at.ppid), hops++) if (at.pid === process.pid) return true;
    return p.ppid === process.pid;
  };
  return [...all.values()].filter((p) => p.state !== 'Z' && p.cmd.includes(MARKER) && below(p)).map(({ state: _state, ...p }) => p);
}

/**
 * Waits until a probe is under way: a worker has forked the candidate's process (a worker
 * process whose parent is a worker process, both Python), or the time is up. Returns the
 * family then seen, leaving out what `baseline` (keys) already held.
 */
export async function waitForProbe(baseline: ReadonlySet<string>, timeoutMs: number): Promise<{ family: ProbeProcess[]; forked: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const family = (await probeProcesses()).filter((p) => !baseline.has(p.key));
    const byPid = new Map(family.map((p) => [p.pid, p]));
    const forked = family.some((p) => /python/.test(p.comm) && /python/.test(byPid.get(p.ppid)?.comm ?? ''));
    if (forked || Date.now() > deadline) return { family, forked };
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Those of `family` still running (not exited, not a zombie), wherever they were reparented to. */
export async function stillRunning(family: readonly ProbeProcess[]): Promise<ProbeProcess[]> {
  const running: ProbeProcess[] = [];
  for (const p of family) {
    const info = await stat(String(p.pid));
    if (info && info.state !== 'Z' && `${p.pid}@${info.start}` === p.key) running.push(p);
  }
  return running;
}
