import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SandboxDirs, SharedDir } from './workspaceCopy';

/** Whether bubblewrap can run here, and if not, why. */
export interface BubblewrapStatus {
  available: boolean;
  path?: string;
  reason?: string;
}

/**
 * Namespaces and mounts every run uses. The probe uses the same set, so a host where
 * e.g. user namespaces or `--proc` are denied is found out once, up front.
 */
const ISOLATION = ['--unshare-all', '--die-with-parent', '--new-session', '--dev', '/dev', '--proc', '/proc'];

const cache = new Map<string, Promise<BubblewrapStatus>>();

function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin', '/bin']) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds `bwrap` (or takes `executable`) and really starts a sandbox with it once
 * (`true` under a read-only root with all namespaces unshared); the answer is cached
 * per executable for the life of the process.
 */
export function detectBubblewrap(executable?: string): Promise<BubblewrapStatus> {
  const key = executable ?? '';
  let status = cache.get(key);
  if (!status) {
    status = probe(executable).then((result) => {
      settled.set(key, result);
      return result;
    });
    cache.set(key, status);
  }
  return status;
}

/** Probe results already known, so a verifier made after detection can describe itself at once. */
const settled = new Map<string, BubblewrapStatus>();

/** The finished probe's answer for `executable`, or `undefined` while none has finished. */
export function knownBubblewrapStatus(executable?: string): BubblewrapStatus | undefined {
  return settled.get(executable ?? '');
}

async function probe(executable: string | undefined): Promise<BubblewrapStatus> {
  if (process.platform !== 'linux') {
    return { available: false, reason: `bubblewrap needs Linux (this is ${process.platform})` };
  }
  const bwrap = executable ?? findOnPath('bwrap');
  if (!bwrap || !existsSync(bwrap)) {
    return { available: false, reason: `bwrap is not installed${executable ? ` at ${executable}` : ''} (package "bubblewrap")` };
  }
  return new Promise((resolve) => {
    execFile(
      bwrap,
      ['--ro-bind', '/', '/', ...ISOLATION, 'true'],
      { timeout: 10_000, env: { PATH: '/usr/bin:/bin' } },
      (error, _stdout, stderr) => {
        if (!error) return resolve({ available: true, path: bwrap });
        const detail = String(stderr).trim() || error.message;
        resolve({
          available: false,
          path: bwrap,
          reason: `bwrap is installed but cannot create a sandbox here (user namespaces disabled?): ${detail}`,
        });
      },
    );
  });
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Tool installs kept visible inside hidden home dirs: interpreters and compilers, no credentials. */
const TOOLCHAIN_DIRS = ['.pyenv', '.nvm', '.volta', '.cargo', '.rustup', 'go', '.local/bin', '.local/lib', '.local/share/uv', '.deno', '.bun', '.fnm', '.asdf', '.sdkman'];

/**
 * Home dirs are hidden (they hold SSH keys, cloud credentials, `.npmrc` tokens);
 * the toolchains the PATH points into are mounted back read-only.
 */
export function homeMounts(env: Record<string, string>, realHome = os.homedir()): { hide: string[]; reexpose: string[] } {
  const roots = [...new Set(['/root', '/home', realHome])].filter((dir) => existsSync(dir));
  const hide = roots.filter((dir) => !roots.some((other) => other !== dir && isInside(other, dir)));
  const wanted = new Set<string>();
  const consider = (dir: string): void => {
    for (const hidden of hide) {
      if (!isInside(hidden, dir) || dir === hidden) continue;
      // Re-expose one level below a user's home (~/.pyenv for ~/.pyenv/shims), two under ~/.local
      // or three under ~/.local/share (it holds keyrings); never a home itself.
      const parts = path.relative(hidden, dir).split(path.sep);
      let depth = hidden === '/home' ? 2 : 1;
      if (parts[depth - 1] === '.local') depth += parts[depth] === 'share' ? 2 : 1;
      if (parts.length < depth) continue;
      wanted.add(path.join(hidden, ...parts.slice(0, depth)));
    }
  };
  for (const entry of (env.PATH ?? '').split(':')) if (entry) consider(entry);
  for (const name of ['PYENV_ROOT', 'CARGO_HOME', 'RUSTUP_HOME', 'NVM_DIR', 'VOLTA_HOME', 'GOROOT', 'GOPATH', 'VIRTUAL_ENV', 'CONDA_PREFIX']) {
    if (env[name]) consider(env[name]);
  }
  for (const dir of TOOLCHAIN_DIRS) consider(path.join(realHome, dir));
  const reexpose: string[] = [];
  for (const dir of wanted) {
    if (!existsSync(dir)) continue;
    reexpose.push(dir);
    // A symlinked toolchain dir must be reachable at its real location too.
    const real = realpathSync(dir);
    if (real !== dir && hide.some((h) => isInside(h, real))) reexpose.push(real);
  }
  return { hide, reexpose: reexpose.sort() };
}

export interface BwrapInvocation {
  dirs: SandboxDirs;
  shared: SharedDir[];
  env: Record<string, string>;
  /** The command bubblewrap runs (already wrapped with limits). */
  argv: string[];
}

/**
 * The bubblewrap argument list: read-only root, private /tmp, /run and homes, the
 * sandbox dir writable, dependency dirs read-only, every namespace unshared (so no
 * network), and bound to our lifetime (`--die-with-parent`) so a kill ends it all.
 */
export function buildBwrapArgs(inv: BwrapInvocation): string[] {
  const args = ['--ro-bind', '/', '/', '--tmpfs', '/tmp'];
  // /run holds the session bus, keyrings and docker.sock: ways out of any sandbox.
  if (existsSync('/run')) args.push('--tmpfs', '/run');
  const { hide, reexpose } = homeMounts(inv.env);
  for (const dir of hide) args.push('--tmpfs', dir);
  for (const dir of reexpose) args.push('--ro-bind', dir, dir);
  // After the tmpfs mounts: bind sources are resolved outside, so the sandbox dir may live under /tmp.
  args.push('--bind', inv.dirs.root, inv.dirs.root);
  for (const { source, target } of inv.shared) {
    // Also at its own path: venv scripts' shebangs and .pth files name the original location,
    // which may sit in a hidden home.
    args.push('--ro-bind', source, target, '--ro-bind', source, source);
  }
  args.push(...ISOLATION, '--chdir', inv.dirs.workspace, '--', ...inv.argv);
  return args;
}
