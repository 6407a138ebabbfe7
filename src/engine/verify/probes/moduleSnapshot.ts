import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** The project's modules (Python, or JavaScript/TypeScript), read once per run, to import a candidate among them. */
export interface ModuleSnapshot {
  /** Workspace-relative POSIX paths of the module files and their text. */
  files: Record<string, string>;
  bytes: number;
}

/** Bounds on what a snapshot may hold: every byte travels to the sandbox once per probed candidate. */
export interface SnapshotLimits {
  maxFiles: number;
  maxBytes: number;
  /** Larger modules (generated tables, vendored bundles) are left out. */
  maxFileBytes: number;
  maxDepth: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = { maxFiles: 2000, maxBytes: 8 * 1024 * 1024, maxFileBytes: 1024 * 1024, maxDepth: 12 };

/** Folders never holding the project's own modules: VCS, caches, installed dependencies. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages']);

/** The workspace is too big or unreadable to snapshot; probing is skipped for the task. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

function sizeText(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** A name the warm worker accepts as a path segment (it refuses hidden and odd names). */
function plainName(name: string): boolean {
  return name.length > 0 && !name.startsWith('.') && !name.includes('\\');
}

/** Which files a snapshot holds, and what they are called in its errors. */
export interface SnapshotKind {
  accept: (name: string) => boolean;
  label: string;
}

export const PYTHON_MODULES: SnapshotKind = { accept: (name) => name.endsWith('.py'), label: 'Python' };
/** Scripts and what decides how Node loads them (package.json's `type`, JSON imports). */
export const SCRIPT_MODULES: SnapshotKind = { accept: (name) => /\.([cm]?[jt]sx?|json)$/.test(name), label: 'JavaScript/TypeScript' };

/**
 * Reads every module file of the workspace (no symlinks, no hidden folders, no virtual
 * environments, installed dependencies or caches) within `limits`. Throws {@link SnapshotError}
 * when the project is larger than the limits allow, rather than probing with half of it.
 */
export async function readModuleSnapshot(root: string, limits: SnapshotLimits = DEFAULT_SNAPSHOT_LIMITS, kind: SnapshotKind = PYTHON_MODULES): Promise<ModuleSnapshot> {
  const snapshot: ModuleSnapshot = { files: {}, bytes: 0 };
  let count = 0;
  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      if (rel === '') throw new SnapshotError(`cannot read the workspace: ${(error as Error).message}`);
      return; // An unreadable subfolder only means fewer importable modules.
    }
    // A virtual environment is someone else's code, whatever its folder is called.
    if (rel !== '' && entries.some((e) => e.name === 'pyvenv.cfg')) return;
    for (const entry of entries) {
      if (!plainName(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && depth < limits.maxDepth) await walk(child, depth + 1);
        continue;
      }
      if (!entry.isFile() || !kind.accept(entry.name)) continue;
      const size = (await stat(path.join(root, child))).size;
      if (size > limits.maxFileBytes) continue;
      if (++count > limits.maxFiles) throw new SnapshotError(`the workspace has more than ${limits.maxFiles} ${kind.label} files`);
      snapshot.bytes += size;
      if (snapshot.bytes > limits.maxBytes) throw new SnapshotError(`the workspace's ${kind.label} files add up to more than ${sizeText(limits.maxBytes)}`);
      snapshot.files[child] = await readFile(path.join(root, child), 'utf8');
    }
  };
  await walk('', 0);
  return snapshot;
}

/** How to import the target inside a copy of the snapshot. */
export interface ProbeTarget {
  /** Dotted module name, e.g. `pkg.sub.mod`. */
  module: string;
  /** Folders to put first on `sys.path`: the package root of the target ('' is the workspace root). */
  pythonPath: string[];
}

/**
 * The module name of `filePath` the way pytest's rootdir-less import finds it: climb out of
 * folders that hold an `__init__.py`; the first folder without one goes on `sys.path`, and
 * the folders climbed make the dotted name. Undefined when the file cannot be a module name.
 */
export function probeTarget(filePath: string, has: (rel: string) => boolean): ProbeTarget | undefined {
  const parts = filePath.replace(/\\/g, '/').split('/');
  const file = parts[parts.length - 1];
  if (!file.endsWith('.py') || parts.some((p) => !plainName(p))) return undefined;
  // A package's __init__.py is imported as the package itself.
  const names = file === '__init__.py' ? parts.slice(0, -1) : [...parts.slice(0, -1), file.slice(0, -3)];
  if (names.length === 0 || names.some((n) => n.includes('.') || n.length === 0)) return undefined;
  let base = file === '__init__.py' ? names.length - 1 : parts.length - 1;
  while (base > 0 && has(`${parts.slice(0, base).join('/')}/__init__.py`)) base--;
  return { module: names.slice(base).join('.'), pythonPath: base > 0 ? [parts.slice(0, base).join('/'), ''] : [''] };
}
