import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './driver/tools';

/** The packaged extension. */
export interface Vsix {
  readonly path: string;
  readonly bytes: number;
}

/** `npx`-free path to a package's binary in the repo. */
function bin(name: string): string {
  return join(REPO_ROOT, 'node_modules', '.bin', name);
}

/**
 * Builds the production bundle and packages it with vsce, as a release would: what ends up in
 * the VSIX is decided by .vscodeignore. `--allow-missing-repository`/`--skip-license` because the
 * manifest has no repository URL and no LICENSE file yet; nothing else is relaxed.
 */
export function packageVsix(): Vsix {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const outDir = join(REPO_ROOT, 'out');
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  rmSync(path, { force: true });
  execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.js'), '--production'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(bin('vsce'), ['package', '--allow-missing-repository', '--skip-license', '--out', path], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { path, bytes: statSync(path).size };
}
