import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root (this file lives in test/integration/driver/). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where screenshots, logs and results of integration runs are kept. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'integration');

/** The toolchain installed by scripts/setup-code-server.sh. */
export interface Toolchain {
  /** Node 24, which code-server requires. */
  readonly node24: string;
  /** code-server's entry script, run with `node24`. */
  readonly codeServerEntry: string;
  readonly chromium: string;
}

let cached: Toolchain | undefined;

/** Reads the toolchain paths from the setup script; fails with the command to run when missing. */
export function toolchain(): Toolchain {
  if (cached !== undefined) return cached;
  let printed: string;
  try {
    printed = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'setup-code-server.sh'), '--print-env'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new Error(`code-server is not installed: run scripts/setup-code-server.sh (${String(error)})`);
  }
  const env = new Map<string, string>();
  for (const line of printed.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const pick = (key: string): string => {
    const value = env.get(key);
    if (value === undefined || !existsSync(value)) throw new Error(`setup-code-server.sh: ${key} missing (${value ?? 'unset'})`);
    return value;
  };
  cached = {
    node24: pick('BEST_OF_N_NODE24'),
    codeServerEntry: pick('BEST_OF_N_CODE_SERVER'),
    chromium: pick('BEST_OF_N_CHROMIUM'),
  };
  return cached;
}
