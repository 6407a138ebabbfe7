import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx src/cli/main.ts solve …` with no API key in its environment. */
export function cli(args: string[], extraEnv: Record<string, string> = {}, onStderr?: (text: string) => void): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!('OPENAI_API_KEY' in extraEnv)) delete env.OPENAI_API_KEY;
  delete env.BEST_OF_N_API_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', 'solve', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
