import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { REPO_ROOT } from './driver/tools';

/** The packaged extension. */
export interface Vsix {
  readonly path: string;
  readonly bytes: number;
  /** The command that built it, for reports. */
  readonly command: string;
}

/**
 * Packages the extension with the project's own `npm run vsix` (production build + vsce, what
 * ships decided by .vscodeignore), so the tests install exactly what a release would. The
 * output path is read from that script's `--out`.
 */
export function packageVsix(): Vsix {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const script = scripts.vsix;
  if (script === undefined) throw new Error('package.json has no "vsix" script to package the extension with');
  const out = /--out\s+(\S+)/.exec(script)?.[1];
  if (out === undefined) throw new Error(`the "vsix" script does not name its output with --out: ${script}`);
  const path = isAbsolute(out) ? out : join(REPO_ROOT, out);
  rmSync(path, { force: true });
  // vsce does not create the --out folder, and out/ is absent from a fresh clone.
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('npm', ['run', '--silent', 'vsix'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(path)) throw new Error(`npm run vsix did not produce ${path}`);
  return { path, bytes: statSync(path).size, command: 'npm run vsix' };
}

/**
 * Packages a test fixture extension (plain JavaScript, no dependencies, no build) with vsce
 * into `outDir`, so a test can install it beside Best-of-N as a user would install any VSIX.
 */
export function packageFixtureExtension(folder: string, outDir: string): Vsix {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string; version: string };
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  rmSync(path, { force: true });
  const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', path];
  execFileSync(vsce, args, { cwd: folder, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(path)) throw new Error(`vsce did not produce ${path}`);
  return { path, bytes: statSync(path).size, command: `vsce ${args.join(' ')}` };
}
