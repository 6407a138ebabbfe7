import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A file of the project, by its path relative to the workspace root (`/` separators). */
export interface SourceFile {
  path: string;
  text: string;
}

/** Folders that hold installed or generated code, never the project's own tests. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', 'env', '__pycache__', '.tox', '.nox', 'site-packages', 'dist', 'build', 'target', 'coverage', 'out', '.mypy_cache', '.pytest_cache']);
/** Bounds on the walk, so a huge monorepo costs a bounded time before sampling. */
const MAX_FILES_SEEN = 20000;
const MAX_TEST_FILES = 400;
const MAX_FILE_BYTES = 512 * 1024;

/**
 * The workspace's test files (by `isTestFile` on the relative path) with their text, plus
 * `extra` named files (e.g. `conftest.py`) read alongside. Skips dependency and build folders
 * and hidden folders; symlinks are not followed, so a link out of the workspace is never read.
 */
export async function readTestFiles(root: string, isTestFile: (relative: string) => boolean, isExtra: (relative: string) => boolean = () => false): Promise<SourceFile[]> {
  const found: SourceFile[] = [];
  let seen = 0;
  const queue: string[] = [''];
  while (queue.length > 0 && seen < MAX_FILES_SEEN && found.length < MAX_TEST_FILES) {
    const dir = queue.shift() as string;
    const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    // Sorted, so the same workspace gives the same tests in the same order.
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      seen++;
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.') && !entry.name.endsWith('.egg-info')) queue.push(relative);
      } else if (entry.isFile() && (isTestFile(relative) || isExtra(relative))) {
        const full = path.join(root, relative);
        const stat = await fs.stat(full).catch(() => undefined);
        if (!stat || stat.size > MAX_FILE_BYTES) continue;
        const text = await fs.readFile(full, 'utf8').catch(() => undefined);
        if (text !== undefined) found.push({ path: relative, text });
      }
    }
  }
  return found;
}
