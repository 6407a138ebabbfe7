import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_DIR_PREFIX } from './workspaceCopy';

/** What a run gets: the cache folder to hand jest, and the bytes already in it (not the run's writes). */
export interface JestCacheForRun {
  dir: string;
  bytes: number;
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * jest's transform cache (ts-jest and babel output, the haste map) shared across a run's
 * candidates without letting one poison it for the others. Inside the sandbox each run has
 * a fresh /tmp, so jest would start cold every time (a ts-jest project recompiles every
 * file per candidate). Here the first *trusted* run to finish — the baseline or witness,
 * which run the user's own code, never a candidate's — fills a master copy outside any
 * sandbox; every candidate run gets its own copy of it in its private workspace copy. A
 * candidate can rewrite only its copy, which is deleted with its run; jest keys entries
 * by file content (and its whole config, so the folder must be at the same path in every
 * run: bubblewrap shows each copy at the workspace's own path), so the candidate's changed
 * file simply misses and is transformed afresh. Without bubblewrap the copies' paths differ
 * and the cache is correct but never hit.
 */
export class JestTransformCache {
  private master: Promise<JestCacheForRun | undefined> | undefined;

  /** The cache folder `dir` for one run (in its private workspace copy): a copy of the master, or empty. */
  async forRun(dir: string, trusted: boolean): Promise<JestCacheForRun> {
    const master = trusted ? undefined : await this.master;
    if (master) {
      await fs.cp(master.dir, dir, { recursive: true, verbatimSymlinks: true });
      return { dir, bytes: master.bytes };
    }
    await fs.mkdir(dir, { recursive: true });
    return { dir, bytes: 0 };
  }

  /** After a trusted run that ran to its end, keeps its cache as the master (the first one only). */
  async keep(run: JestCacheForRun, trusted: boolean, finished: boolean): Promise<void> {
    if (!trusted || !finished || this.master) return;
    this.master = (async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${SANDBOX_DIR_PREFIX}jest-cache-`));
      await fs.cp(run.dir, dir, { recursive: true, verbatimSymlinks: true });
      return { dir, bytes: await sizeOf(dir) };
    })().catch(() => undefined);
    await this.master;
  }

  async dispose(): Promise<void> {
    const master = await this.master;
    this.master = undefined;
    if (master) await fs.rm(master.dir, { recursive: true, force: true });
  }
}
