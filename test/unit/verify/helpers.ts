import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Language, Task } from '../../../src/engine/task';
import { detectBubblewrap } from '../../../src/engine/verify/bubblewrap';
import type { VerifyJob } from '../../../src/engine/verify/types';
import { SANDBOX_DIR_PREFIX } from '../../../src/engine/verify/workspaceCopy';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/workspaces');

/** A correct `median` for python-sample/stats.py. */
export const MEDIAN_BODY = `    if not values:
        raise ValueError("median of an empty list")
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
`;

/** A correct `slugify` for js-sample/slug.js. */
export const SLUGIFY_BODY = `  return title
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
`;

/** A private copy of a fixture workspace, so no test can touch the fixtures themselves. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-test-'));
  await fs.cp(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its content, for "left untouched" checks. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) await walk(child);
      else out[child] = await fs.readFile(path.join(dir, child), 'utf8');
    }
  };
  await walk('');
  return out;
}

/** The fixture's target file with the stub line replaced by `body`. */
export async function withBody(workspace: string, file: string, stub: string, body: string): Promise<string> {
  const text = await fs.readFile(path.join(workspace, file), 'utf8');
  if (!text.includes(stub)) throw new Error(`stub ${stub} not found in ${file}`);
  return text.replace(stub, body.trimStart());
}

export function makeTask(workspaceRoot: string, filePath: string, testCommand: string, language: Language): Task {
  return {
    workspaceRoot,
    filePath,
    fileText: '',
    range: { start: 0, end: 0 },
    targetKind: 'body',
    spec: '',
    testCommand,
    language,
  };
}

let nextId = 1;
export function makeJob(task: Task, fileText: string): VerifyJob {
  return { task, candidateId: nextId++, fileText };
}

/** Pids whose command line contains `needle` (Linux /proc). */
export async function processesWith(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await fs.readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle)) found.push(Number(name));
  }
  return found;
}

/** Sandbox dirs under the temp dir whose candidate file contains `needle`. */
export async function sandboxDirsWith(needle: string, file: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await fs.readdir(os.tmpdir())) {
    if (!name.startsWith(SANDBOX_DIR_PREFIX)) continue;
    const text = await fs.readFile(path.join(os.tmpdir(), name, 'ws', file), 'utf8').catch(() => '');
    if (text.includes(needle)) found.push(name);
  }
  return found;
}

/** A unique-looking `sleep` duration, so the processes of one test can be found by command line. */
export function markerSeconds(): string {
  return `${1000 + Math.floor(Math.random() * 9000)}.${Math.floor(Math.random() * 1e6)}`;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * For suites that need bubblewrap: skipped only off Linux. On Linux a sandbox that cannot be
 * made fails the suite, so a green run means the sandbox tests ran (CI sets
 * BEST_OF_N_EXPECT_SANDBOX=1 where setup installs bubblewrap; without it the rule is the same).
 */
export async function requireSandbox(ctx: Mocha.Context): Promise<void> {
  if (process.platform !== 'linux') {
    ctx.skip();
    return;
  }
  const status = await detectBubblewrap();
  if (!status.available) {
    const expected = process.env.BEST_OF_N_EXPECT_SANDBOX === '1' ? ' (BEST_OF_N_EXPECT_SANDBOX=1)' : '';
    throw new Error(`bubblewrap sandbox expected on Linux${expected} but unavailable: ${status.reason}`);
  }
}
