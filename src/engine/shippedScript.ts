import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Folder of the bundle (`dist/`) that esbuild.js copies the script files into. */
export const SHIPPED_SCRIPTS_DIR = 'scripts';

const cache = new Map<string, string>();

/**
 * The text of a script file the engine runs in another interpreter (the warm Python worker,
 * the assert parser, the Node probe worker): next to the module that uses it when running
 * from source (`dir` is that module's `__dirname`), or in `dist/scripts/` inside the bundle,
 * where every module's `__dirname` is `dist/`. Read once per process; throws naming both
 * places when the file is in neither (a broken install).
 */
export function shippedScript(dir: string, name: string): string {
  const places = [path.join(dir, name), path.join(dir, SHIPPED_SCRIPTS_DIR, name)];
  for (const file of places) {
    const cached = cache.get(file);
    if (cached !== undefined) return cached;
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    cache.set(file, text);
    return text;
  }
  throw new Error(`${name} is missing from the extension (looked in ${places.join(' and ')}); reinstall it or run npm run build`);
}
