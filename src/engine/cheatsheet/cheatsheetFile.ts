import { promises as fs } from 'node:fs';
import { parseItem } from './item';
import { sweepOrphanTemps, writeFileAtomic } from './atomicWrite';
import { withFileLock } from './fileLock';
import type { CheatsheetStore } from './store';
import type { CheatsheetItem, CheatsheetLog, CheatsheetScope } from './types';

/** Version of the on-disk shape; bump it (and migrate) when the shape changes. */
export const CHEATSHEET_SCHEMA_VERSION = 1;

/** The memory file: `{ schemaVersion, scope, updatedAt, items }`. */
export interface CheatsheetFileData {
  schemaVersion: number;
  scope: CheatsheetScope;
  updatedAt: string;
  items: CheatsheetItem[];
}

interface ReadResult {
  items: CheatsheetItem[];
  /** Set when the file is from a newer version: we may read it but must not rewrite it. */
  readOnlyReason?: string;
}

/** Serialises a scope's items the way they are stored (scope is the file's, not each item's). */
export function serializeCheatsheet(scope: CheatsheetScope, items: readonly CheatsheetItem[], now: Date): string {
  const stored = items.map(({ scope: _scope, ...rest }) => rest);
  return `${JSON.stringify({ schemaVersion: CHEATSHEET_SCHEMA_VERSION, scope, updatedAt: now.toISOString(), items: stored }, null, 2)}\n`;
}

function timestampForName(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * One scope's memory file bound to its in-memory store. Every read that may rename
 * and every write happens under the file's lock; a write re-reads the file and
 * replays this window's pending changes on it, so two windows never overwrite each
 * other's items.
 */
export class CheatsheetFile {
  readonly lockFile: string;
  private readOnly: string | undefined;
  private lastSeen = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    readonly store: CheatsheetStore,
    private readonly log: CheatsheetLog,
    private readonly lockTimeoutMs = 10_000,
  ) {
    this.lockFile = `${file}.lock`;
  }

  /** Why writes are refused (a newer schema), or undefined when the file is writable. */
  get readOnlyReason(): string | undefined {
    return this.readOnly;
  }

  /** Reads the file into the store, moving a corrupt file aside first. */
  load(): Promise<void> {
    return this.serial(async () => {
      await withFileLock(this.lockFile, async () => {
        const swept = await sweepOrphanTemps(this.file);
        if (swept > 0) this.log('info', `removed ${swept} temp file(s) left by an interrupted cheatsheet write`);
        const read = await this.readUnlocked();
        this.readOnly = read.readOnlyReason;
        this.store.rebase(read.items);
        this.lastSeen = await this.fingerprint();
      }, { timeoutMs: this.lockTimeoutMs });
    });
  }

  /** Re-reads the file if another window changed it since we last looked. Cheap: one stat. */
  async refreshIfChanged(): Promise<boolean> {
    if ((await this.fingerprint()) === this.lastSeen) return false;
    await this.load();
    return true;
  }

  /**
   * Writes the store's pending changes: lock, re-read, replay, evict, atomic write.
   * If the write fails the changes go back to the store and the error is thrown.
   */
  commit(): Promise<{ evicted: CheatsheetItem[] }> {
    return this.serial(async () => {
      if (!this.store.hasPendingChanges()) return { evicted: [] };
      if (this.readOnly) {
        throw new Error(`cheatsheet ${this.file} is read-only: ${this.readOnly}`);
      }
      const ops = this.store.takePending();
      try {
        return await withFileLock(this.lockFile, async () => {
          const disk = await this.readUnlocked();
          if (disk.readOnlyReason) {
            this.readOnly = disk.readOnlyReason;
            throw new Error(`cheatsheet ${this.file} became read-only: ${disk.readOnlyReason}`);
          }
          const { items, evicted } = this.store.resolve(disk.items, ops);
          await writeFileAtomic(this.file, serializeCheatsheet(this.store.options.scope, items, new Date()));
          this.store.rebase(items);
          this.lastSeen = await this.fingerprint();
          for (const item of evicted) {
            this.log('info', `evicted cheatsheet item ${item.id} (${item.kind}, used ${item.timesUsed}, helped ${item.timesHelped}) to stay within the token capacity`);
          }
          return { evicted };
        }, { timeoutMs: this.lockTimeoutMs });
      } catch (error) {
        this.store.restorePending(ops);
        throw error;
      }
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fingerprint(): Promise<string> {
    try {
      const stat = await fs.stat(this.file);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'missing';
    }
  }

  /** Reads and validates the file; the caller holds the lock (we may rename it aside). */
  private async readUnlocked(): Promise<ReadResult> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [] };
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return this.moveAside(`it is not valid JSON (${(error as Error).message})`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return this.moveAside('it is not a JSON object');
    const record = data as Record<string, unknown>;
    const version = record.schemaVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      return this.moveAside('it has no valid schemaVersion');
    }
    if (!Array.isArray(record.items)) return this.moveAside('it has no items array');
    const scope = this.store.options.scope;
    const items: CheatsheetItem[] = [];
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const raw of record.items) {
      const parsed = parseItem(raw, scope);
      if (typeof parsed === 'string') problems.push(parsed);
      else if (seen.has(parsed.id)) problems.push(`duplicate id ${parsed.id}`);
      else {
        seen.add(parsed.id);
        items.push(parsed);
      }
    }
    if (version > CHEATSHEET_SCHEMA_VERSION) {
      const reason = `it has schema version ${version}, newer than ${CHEATSHEET_SCHEMA_VERSION}; update the extension to change it`;
      this.log('warn', `cheatsheet ${this.file} opened read-only: ${reason}`);
      return { items, readOnlyReason: reason };
    }
    if (problems.length > 0) {
      // Keep the valid items, but save the original bytes so nothing the user had is lost.
      const backup = `${this.file}.corrupt-${timestampForName(new Date())}`;
      await fs.copyFile(this.file, backup);
      this.log('warn', `cheatsheet ${this.file}: skipped ${problems.length} invalid item(s) (${problems.slice(0, 3).join('; ')}); original saved as ${backup}`);
    }
    return { items };
  }

  private async moveAside(why: string): Promise<ReadResult> {
    const aside = `${this.file}.corrupt-${timestampForName(new Date())}`;
    await fs.rename(this.file, aside);
    this.log('warn', `cheatsheet ${this.file} could not be read because ${why}; moved it to ${aside} and started an empty memory`);
    return { items: [] };
  }
}
