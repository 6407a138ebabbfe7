import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { sandboxSelfCheck } from './sandbox/selfCheck';

/** Whether bubblewrap can run here with the launcher's policy, and if not, why. */
export interface BubblewrapStatus {
  available: boolean;
  path?: string;
  reason?: string;
}

const cache = new Map<string, Promise<BubblewrapStatus>>();

/** Probe results already known, so a verifier made after detection can describe itself at once. */
const settled = new Map<string, BubblewrapStatus>();

/** Where `bwrap` is: on PATH or in the usual system folders. */
export function findBubblewrap(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin', '/bin']) {
    const candidate = path.join(dir, 'bwrap');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds `bwrap` (or takes `executable`) and runs the sandbox self-check with it once: a real
 * sandbox with the launcher's exact policy, in which capabilities, uid, hidden folders and
 * blocked writes are checked. The answer is cached per executable for the life of the process.
 */
export function detectBubblewrap(executable?: string): Promise<BubblewrapStatus> {
  const key = executable ?? '';
  let status = cache.get(key);
  if (!status) {
    status = probe(executable).then((result) => {
      settled.set(key, result);
      return result;
    });
    cache.set(key, status);
  }
  return status;
}

/** The finished probe's answer for `executable`, or `undefined` while none has finished. */
export function knownBubblewrapStatus(executable?: string): BubblewrapStatus | undefined {
  return settled.get(executable ?? '');
}

async function probe(executable: string | undefined): Promise<BubblewrapStatus> {
  if (process.platform !== 'linux') {
    return { available: false, reason: `bubblewrap needs Linux (this is ${process.platform})` };
  }
  const bwrap = executable ?? findBubblewrap();
  if (!bwrap || !existsSync(bwrap)) {
    return { available: false, reason: `bwrap is not installed${executable ? ` at ${executable}` : ''} (package "bubblewrap")` };
  }
  const check = await sandboxSelfCheck(bwrap);
  return check.ok ? { available: true, path: bwrap } : { available: false, path: bwrap, reason: check.reason };
}

/** True when this process runs as root (uid 0), where an unsandboxed candidate could do anything. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Why `auto` refuses to run as root without a sandbox; the one wording for every front end. */
export function rootRefusal(why: string): string {
  return (
    `no OS sandbox can be made here (${why}) and this process runs as root; install bubblewrap ` +
    'or set bestOfN.verify.sandbox to "none" to accept running candidates unsandboxed'
  );
}

/** The plain-words note of every unsandboxed run. */
export function noSandboxNote(why: string): string {
  return `NO OS SANDBOX (${why}): tests ran in a temp copy with a scrubbed environment and limits, but candidate code can read and write your files and use the network`;
}
