import { chmodSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Sandbox dirs this process made and has not removed yet. A CLI or extension host ended by
 * SIGINT/SIGTERM removes them synchronously on the way out, so no workspace copy is left behind.
 */
const live = new Set<string>();

/** Records a sandbox dir (a workspace copy, a warm worker's scratch) as in use. */
export function trackSandboxDir(dir: string): void {
  live.add(dir);
}

/** Forgets a sandbox dir once it is removed. */
export function untrackSandboxDir(dir: string): void {
  live.delete(dir);
}

/** The sandbox dirs still in use, for tests and for the exit handler. */
export function liveSandboxDirs(): string[] {
  return [...live];
}

/** Removes every tracked dir now; synchronous, so it can run in an exit handler. */
export function removeLiveSandboxDirsSync(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Read-only dependency snapshots (0555) stop a non-root rm: give write back, then retry.
      chmodTreeSync(dir);
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // A dir still busy is left; nothing else can be done while the process ends.
      }
    }
    live.delete(dir);
  }
}

function chmodTreeSync(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) chmodTreeSync(path.join(dir, entry.name));
    }
  } catch {
    // Unreadable parts stay as they are; the rm that follows reports nothing either way.
  }
}
