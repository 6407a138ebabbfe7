import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheatsheetError } from './item';
import { isProcessAlive } from './atomicWrite';

export interface LockOptions {
  /** Give up after this long; the caller keeps its changes and can retry. */
  timeoutMs?: number;
  /** A lock this old is taken to be abandoned even if its pid looks alive (pid reuse, other host). */
  staleMs?: number;
  signal?: AbortSignal;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` while holding `lockFile`, an advisory lock between processes (two VS Code
 * windows, the CLI). The lock is a file created with O_EXCL holding the owner's pid,
 * host and a random token. A lock whose owner is dead (same host) or that is older
 * than `staleMs` is broken by renaming it away first, so two waiters cannot both
 * delete it and both think they own the next one.
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = randomBytes(8).toString('hex');
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), token, at: Date.now() };
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  // Extension storage folders do not exist until something is written there.
  await fs.mkdir(path.dirname(lockFile), { recursive: true });
  for (;;) {
    if (options.signal?.aborted) throw new CheatsheetError('cancelled while waiting for the cheatsheet lock');
    try {
      await fs.writeFile(lockFile, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await breakIfStale(lockFile, staleMs)) continue;
    if (Date.now() > deadline) {
      throw new CheatsheetError(`timed out after ${timeoutMs} ms waiting for ${lockFile}; remove it if no other window is writing`);
    }
    // Jittered backoff so two waiters do not retry in lockstep.
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
  try {
    return await fn();
  } finally {
    await releaseLock(lockFile, token);
  }
}

async function readOwner(lockFile: string): Promise<{ owner: LockOwner | undefined; mtimeMs: number } | undefined> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile)]);
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(text) as LockOwner;
    } catch {
      owner = undefined; // a writer died between create and write: judged by age alone
    }
    return { owner, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

async function breakIfStale(lockFile: string, staleMs: number): Promise<boolean> {
  const seen = await readOwner(lockFile);
  if (!seen) return true; // released meanwhile: retry at once
  const age = Date.now() - seen.mtimeMs;
  const deadOwner = seen.owner !== undefined && seen.owner.host === os.hostname() && !isProcessAlive(seen.owner.pid);
  const unreadableAndOld = seen.owner === undefined && age > 1_000;
  if (!deadOwner && !unreadableAndOld && age <= staleMs) return false;
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockFile, aside);
  } catch {
    return true; // someone else broke it first
  }
  // Between our read and our rename another waiter may have broken the stale lock and
  // taken a fresh one, which we just moved. Put it back if so (link fails if a third
  // lock appeared; that needs three processes racing within microseconds).
  const moved = await readOwner(aside);
  if (moved?.owner && moved.owner.token !== seen.owner?.token) {
    await fs.link(aside, lockFile).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
  return true;
}

async function releaseLock(lockFile: string, token: string): Promise<void> {
  const seen = await readOwner(lockFile);
  // Only remove our own lock: if it was judged stale and taken over, the file is someone else's now.
  if (seen?.owner?.token === token) await fs.rm(lockFile, { force: true });
}
