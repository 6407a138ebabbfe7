import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TestFileInput } from './testFilePlan';

/** Reads workspace files from disk, refusing paths that leave the workspace. */
export function diskReader(root: string): Pick<TestFileInput, 'readText' | 'isDirectory'> {
  const inside = (relative: string): string => {
    const full = path.resolve(root, relative);
    if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`${relative} is outside the workspace`);
    return full;
  };
  return {
    readText: (relative) => fs.readFile(inside(relative), 'utf8').catch((): undefined => undefined),
    isDirectory: (relative) => fs.stat(inside(relative)).then((s) => s.isDirectory(), () => false),
  };
}
