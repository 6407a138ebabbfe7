import { constants as fsConstants, promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trackSandboxDir, untrackSandboxDir } from './liveSandboxDirs';

/** Never copied: version control, caches that would only be rebuilt. */
const SKIPPED = new Set(['.git', '.hg', '.svn', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache']);

/**
 * Installed dependencies: too big to copy per candidate and not what a candidate changes.
 * They are shared read-only: bind-mounted under bubblewrap; without it linked to a
 * per-verifier snapshot (never to the user's own folder, which test code could change).
 */
const SHARED = new Set(['node_modules', '.venv', 'venv', '.tox', '.nox', 'bower_components']);

/**
 * Files shaped like secrets (environment files, keys, registry and cloud credentials): left
 * out of the copy, so a candidate cannot print them into test output that reaches the model
 * and the logs, unless the user names them as test inputs.
 */
const SECRET_FILE = [
  /^\.env$/,
  /^\.env\..+/,
  /\.(pem|key|p12|pfx|keystore|jks)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/,
  /^\.(npmrc|pypirc|netrc|git-credentials|dockercfg|htpasswd)$/,
  /^credentials.*\.json$/i,
  /^client_secret.*\.json$/i,
];
/** Folders holding only credentials. */
const SECRET_DIRS = new Set(['.ssh', '.aws', '.gnupg', '.docker']);

/** Whether `name` looks like a secret the copy leaves out. */
export function isSecretShaped(name: string, isDirectory: boolean): boolean {
  return isDirectory ? SECRET_DIRS.has(name) : SECRET_FILE.some((re) => re.test(name));
}

/** Prefix of every temp dir the verifier makes; tests and cleanup look for it. */
export const SANDBOX_DIR_PREFIX = 'best-of-n-';

/** The per-run directory layout; everything under `root` is removed after the run. */
export interface SandboxDirs {
  root: string;
  /** The workspace copy; the test command runs here. */
  workspace: string;
  /** HOME of the run: empty, writable. */
  home: string;
  /** TMPDIR of the run. */
  tmp: string;
  /** Where runners are told to write their machine-readable reports. */
  report: string;
  /** Files the run needs that are not the user's (e.g. the canary plugin); outside the copy, read-only to the run. */
  support: string;
}

/** A dependency folder shared read-only with the copy. */
export interface SharedDir {
  /** Absolute path in the user's workspace. */
  source: string;
  /** Absolute path of its place in the copy. */
  target: string;
}

export interface CopyResult {
  shared: SharedDir[];
  bytes: number;
  files: number;
  /** Secret-shaped files left out (workspace-relative), for the log. */
  leftOut: string[];
}

export interface CopyOptions {
  maxBytes: number;
  /**
   * Without bubblewrap: where each dependency folder's copy links to (a read-only snapshot,
   * never the user's folder). Absent under bubblewrap: an empty mount point is made instead.
   */
  linkShared?: (source: string) => Promise<string>;
  /** Workspace-relative paths (or plain names) of secret-shaped files that are test inputs and must be copied. */
  includeSecretFiles?: readonly string[];
}

/** Raised for workspaces that cannot be copied (too big, unreadable, bad target path). */
export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

/** Makes a fresh `best-of-n-*` dir under the OS temp dir with the standard layout. */
export async function createSandboxDirs(): Promise<SandboxDirs> {
  // realpath: on macOS /tmp is a symlink, and bubblewrap binds need the real path.
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), SANDBOX_DIR_PREFIX)));
  const dirs: SandboxDirs = {
    root,
    workspace: path.join(root, 'ws'),
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    report: path.join(root, 'report'),
    support: path.join(root, 'support'),
  };
  await Promise.all([dirs.workspace, dirs.home, dirs.tmp, dirs.report, dirs.support].map((d) => fs.mkdir(d)));
  trackSandboxDir(root);
  return dirs;
}

/** Removes a sandbox dir, retrying once: a killed process may still be closing files in it. */
export async function removeSandboxDir(root: string): Promise<void> {
  if (!path.basename(root).startsWith(SANDBOX_DIR_PREFIX)) {
    throw new WorkspaceError(`refusing to remove ${root}: not a sandbox dir`);
  }
  try {
    await fs.rm(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // A candidate may have dropped write permission on its own dirs; restore and retry.
    await chmodTree(root);
    await fs.rm(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  }
  untrackSandboxDir(root);
}

/** Writes a prepared run's support files (plain names only) into `dir`. */
export async function writeSupportFiles(dir: string, files: Record<string, string> | undefined): Promise<void> {
  for (const [name, text] of Object.entries(files ?? {})) {
    if (name !== path.basename(name) || name.startsWith('.')) throw new WorkspaceError(`support file name ${JSON.stringify(name)} is not a plain file name`);
    await fs.writeFile(path.join(dir, name), text, { encoding: 'utf8', mode: 0o644 });
  }
}

async function chmodTree(dir: string): Promise<void> {
  await fs.chmod(dir, 0o700).catch(() => undefined);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((): Dirent[] => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await chmodTree(path.join(dir, entry.name));
  }
}

interface Plan {
  leftOut: string[];
  dirs: string[];
  files: Array<{ rel: string; mode: number }>;
  links: Array<{ rel: string; target: string }>;
  shared: string[];
  bytes: number;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Copies `source` into `dest` (which must exist and be empty), skipping VCS and cache
 * folders and sharing dependency folders. Fails with a clear error, before copying
 * anything, when regular files add up to more than `maxBytes`.
 */
export async function copyWorkspace(source: string, dest: string, options: CopyOptions): Promise<CopyResult> {
  const root = await fs.realpath(source).catch((err: NodeJS.ErrnoException) => {
    throw new WorkspaceError(`workspace ${source} cannot be read: ${err.code ?? err.message}`);
  });
  const plan: Plan = { leftOut: [], dirs: [], files: [], links: [], shared: [], bytes: 0 };
  const include = new Set((options.includeSecretFiles ?? []).map((p) => path.normalize(p)));
  await scan(root, '', plan, options.maxBytes, include);

  for (const rel of plan.dirs) await fs.mkdir(path.join(dest, rel));
  await inBatches(plan.files, 32, async ({ rel, mode }) => {
    const to = path.join(dest, rel);
    // FICLONE: copy-on-write where the filesystem supports it, a plain copy elsewhere.
    await fs.copyFile(path.join(root, rel), to, fsConstants.COPYFILE_FICLONE);
    await fs.chmod(to, mode & 0o777);
  });
  for (const { rel, target } of plan.links) {
    const from = path.join(root, rel);
    const absolute = path.resolve(path.dirname(from), target);
    // Links into the workspace must point into the copy, or writes would reach the user's files.
    const inCopy = isInside(root, absolute)
      ? path.relative(path.dirname(path.join(dest, rel)), path.join(dest, path.relative(root, absolute)))
      : absolute;
    await fs.symlink(inCopy, path.join(dest, rel));
  }
  const shared: SharedDir[] = [];
  for (const rel of plan.shared) {
    const entry = { source: path.join(root, rel), target: path.join(dest, rel) };
    if (options.linkShared) await fs.symlink(await options.linkShared(entry.source), entry.target, 'dir');
    else await fs.mkdir(entry.target); // mount point for a read-only bind
    shared.push(entry);
  }
  return { shared, bytes: plan.bytes, files: plan.files.length, leftOut: plan.leftOut };
}

async function scan(root: string, rel: string, plan: Plan, maxBytes: number, include: ReadonlySet<string>): Promise<void> {
  const abs = path.join(root, rel);
  let entries: Dirent[];
  try {
    entries = await fs.readdir(abs, { withFileTypes: true });
  } catch (err) {
    throw new WorkspaceError(`cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const childRel = rel === '' ? entry.name : path.join(rel, entry.name);
    if (SKIPPED.has(entry.name)) continue;
    if (isSecretShaped(entry.name, entry.isDirectory()) && !include.has(childRel) && !include.has(entry.name)) {
      plan.leftOut.push(childRel);
      continue;
    }
    // Rust build output is rebuilt inside the copy rather than written into the user's target/.
    if (entry.name === 'target' && names.has('Cargo.toml')) continue;
    // A dependency folder may also be a link to one elsewhere (monorepos, a shared checkout).
    const linkedDir = entry.isSymbolicLink() && (await isDirectory(abs, entry.name));
    if ((entry.isDirectory() || linkedDir) && SHARED.has(entry.name)) {
      plan.shared.push(childRel);
    } else if (entry.isDirectory()) {
      plan.dirs.push(childRel);
      await scan(root, childRel, plan, maxBytes, include);
    } else if (entry.isSymbolicLink()) {
      plan.links.push({ rel: childRel, target: await fs.readlink(path.join(root, childRel)) });
    } else if (entry.isFile()) {
      const stat = await fs.stat(path.join(root, childRel));
      plan.bytes += stat.size;
      if (plan.bytes > maxBytes) {
        throw new WorkspaceError(
          `workspace ${root} holds more than ${formatBytes(maxBytes)} of files to copy ` +
            `(limit maxWorkspaceBytes); open a smaller folder or raise the limit`,
        );
      }
      plan.files.push({ rel: childRel, mode: stat.mode });
    }
    // Sockets, FIFOs and devices are not workspace content.
  }
}

async function isDirectory(dir: string, name: string): Promise<boolean> {
  return fs.stat(path.join(dir, name)).then((stat) => stat.isDirectory(), () => false);
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(work));
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${n} bytes`;
}

/**
 * Writes the candidate's file into the copy. The path must stay inside the copy and
 * outside shared dependency dirs, and is never written through a symlink.
 */
export async function writeCandidateFile(workspace: string, filePath: string, text: string): Promise<void> {
  const rel = path.normalize(filePath.split('/').join(path.sep));
  if (filePath === '' || path.isAbsolute(rel) || rel.startsWith('..')) {
    throw new WorkspaceError(`target file ${JSON.stringify(filePath)} is not a path inside the workspace`);
  }
  if (rel.split(path.sep).some((part) => SHARED.has(part) || SKIPPED.has(part))) {
    throw new WorkspaceError(`target file ${filePath} lies in a dependency or cache folder that is not copied`);
  }
  const target = path.join(workspace, rel);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const parent = await fs.realpath(path.dirname(target));
  if (!isInside(workspace, parent)) {
    throw new WorkspaceError(`target file ${filePath} resolves outside the workspace copy`);
  }
  // Replace rather than write through: the copied file could be a symlink.
  await fs.rm(target, { force: true });
  await fs.writeFile(target, text, { encoding: 'utf8', flag: 'wx' });
}
