import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './driver/tools';

/** Where the compiled in-host suite goes (`out/` is gitignored). */
export const SUITE_OUT_DIR = join(REPO_ROOT, 'out', 'integration', 'suite');

/**
 * Compiles test/integration/suite/ for the extension host: one CommonJS file per entry (the
 * index and each `*.test.ts`), `vscode` and `mocha` left to the host's `require` — `vscode` is
 * the host's API, and mocha resolves from the repo's node_modules since out/ sits in the repo.
 */
export async function buildSuite(): Promise<string> {
  const sourceDir = join(REPO_ROOT, 'test', 'integration', 'suite');
  const entries = readdirSync(sourceDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => join(sourceDir, name));
  rmSync(SUITE_OUT_DIR, { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: SUITE_OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_OUT_DIR;
}
