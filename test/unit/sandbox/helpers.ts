import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AsUserRequest } from './asUser';

const ROOT = path.resolve(__dirname, '../../..');

/** The unprivileged user the "as a normal user" variants run as. */
export const NOBODY = 65534;

/** Whether this process can start children as another user (it is root). */
export function canRunAsNobody(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Runs {@link AsUserRequest} in a fresh node process as uid/gid 65534 (or as this user when
 * not root), with a plain environment: PATH of the system only, as a user without toolchains.
 */
export function runAsUser<T>(request: AsUserRequest, timeoutMs = 60_000): Promise<T> {
  const asRoot = canRunAsNobody();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'tsx/cjs', path.join(ROOT, 'test/unit/sandbox/asUser.ts'), JSON.stringify(request)],
      {
        cwd: ROOT,
        timeout: timeoutMs,
        maxBuffer: 16 << 20,
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8' },
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`as-user run failed: ${error.message}\n${stderr}`));
        const line = String(stdout).trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as T);
        } catch {
          reject(new Error(`as-user run printed no JSON: ${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/** A folder under the temp dir that the unprivileged user can read (and, with `writable`, write). */
export async function sharedTempDir(prefix: string, writable = false): Promise<string> {
  // Outside /tmp: inside the sandbox /tmp is a fresh tmpfs, so a scene there would be hidden
  // whatever the mount policy, and a test that it stays unseen could not fail.
  const dir = await fs.realpath(await fs.mkdtemp(path.join(sceneRoot(), prefix)));
  await fs.chmod(dir, writable ? 0o777 : 0o755);
  return dir;
}

/** Writes `files` under `dir`, readable by everyone. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(dir, rel);
    await fs.mkdir(path.dirname(full), { recursive: true, mode: 0o755 });
    await fs.writeFile(full, text, { mode: 0o644 });
  }
}

/** Where scenes go: /var/tmp where it exists (Linux), so they sit where a sandbox could expose them. */
export function sceneRoot(): string {
  return existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
}
