import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trackSandboxDir, untrackSandboxDir } from '../liveSandboxDirs';
import { SANDBOX_DIR_PREFIX } from '../workspaceCopy';

/**
 * Read-only snapshots of a workspace's dependency folders (`.venv`, `node_modules`) for runs
 * without an OS sandbox. Linking each copy to the user's own folder would hand test code a
 * writable path into it (a `pip install`, a cache written into `node_modules/.cache`); a
 * snapshot, made once per verifier (copy-on-write where the filesystem can) and removed on
 * dispose, is what every copy links to instead. Its files are made read-only, so accidental
 * writes fail as they do under bubblewrap's read-only mounts.
 */
export class DependencySnapshots {
  private root: Promise<string> | undefined;
  private readonly made = new Map<string, Promise<string>>();
  private rootPath: string | undefined;

  /** The snapshot of `source` (an absolute dependency folder), made on first request. */
  pathFor(source: string): Promise<string> {
    let snapshot = this.made.get(source);
    if (!snapshot) {
      snapshot = this.make(source);
      this.made.set(source, snapshot);
      snapshot.catch(() => this.made.delete(source));
    }
    return snapshot;
  }

  private async make(source: string): Promise<string> {
    this.root ??= fs.mkdtemp(path.join(os.tmpdir(), `${SANDBOX_DIR_PREFIX}deps-`)).then(async (dir) => {
      const real = await fs.realpath(dir);
      this.rootPath = real;
      trackSandboxDir(real);
      return real;
    });
    const root = await this.root;
    const key = createHash('sha256').update(source).digest('hex').slice(0, 12);
    const target = path.join(root, key, path.basename(source));
    await fs.mkdir(path.dirname(target), { recursive: true });
    // verbatimSymlinks: a venv's bin/python stays a link to the base interpreter.
    await fs.cp(await fs.realpath(source), target, { recursive: true, verbatimSymlinks: true, mode: fsConstants.COPYFILE_FICLONE });
    await readOnly(target);
    return target;
  }

  /** Removes every snapshot. Idempotent. */
  async dispose(): Promise<void> {
    const root = this.rootPath ?? (this.root ? await this.root.catch(() => undefined) : undefined);
    this.root = undefined;
    this.rootPath = undefined;
    this.made.clear();
    if (!root) return;
    await writable(root);
    await fs.rm(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    untrackSandboxDir(root);
  }
}

async function readOnly(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await readOnly(full);
    else if (entry.isFile()) await fs.chmod(full, (await fs.stat(full)).mode & 0o555);
  }
  await fs.chmod(dir, 0o555);
}

async function writable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755).catch(() => undefined);
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) await writable(path.join(dir, entry.name));
  }
}
