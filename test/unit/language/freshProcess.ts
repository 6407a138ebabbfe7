import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Runs `script` (CommonJS, paths relative to the repository root) in a new Node process
 * with tsx: a process where no grammar has been loaded yet, whatever this one loaded.
 */
export function inFreshProcess(script: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
