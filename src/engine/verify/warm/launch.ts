import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { WARM_WORKER_PY } from './workerScript';

/** The real interpreter behind a command such as `python3` (pyenv shims resolve to a binary). */
export interface PythonInstall {
  executable: string;
  /** Folders the interpreter reads from that must be visible inside a sandbox. */
  roots: string[];
}

const installs = new Map<string, Promise<PythonInstall>>();

/** What finding the interpreter needs (PATH, and pyenv's own variables for its shims); no API key. */
function lookupEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8' };
  for (const name of ['PATH', 'HOME', 'PYENV_ROOT', 'PYENV_VERSION']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Asks `command` once where it really lives; shims cost hundreds of ms, so the answer is cached. */
export function resolvePython(command: string): Promise<PythonInstall> {
  let found = installs.get(command);
  if (!found) {
    found = new Promise<PythonInstall>((resolve, reject) => {
      const script = 'import sys, json; print(json.dumps([sys.executable, sys.prefix, sys.base_prefix, sys.exec_prefix] + sys.path[1:]))';
      execFile(command, ['-c', script], { timeout: 15000, env: lookupEnv() }, (error, stdout) => {
        if (error) {
          reject(new Error(`cannot run ${command} (${error.message.split('\n')[0]}); the warm runner needs Python 3`));
          return;
        }
        const [executable, ...dirs] = JSON.parse(stdout) as string[];
        resolve({ executable, roots: [...new Set([path.dirname(executable), ...dirs].filter((d) => d && existsSync(d)))] });
      });
    });
    installs.set(command, found);
    found.catch(() => installs.delete(command));
  }
  return found;
}

/** True when `dir` is inside one of `roots` (or equal to one). */
function covered(dir: string, roots: string[]): boolean {
  return roots.some((root) => dir === root || dir.startsWith(root.endsWith('/') ? root : `${root}/`));
}

/** Where the scratch area sits inside the sandbox. */
export const SANDBOX_SCRATCH = '/scratch';

/**
 * bubblewrap arguments for one worker: only the system and the interpreter's own folders,
 * read-only; a private tmpfs for scratch; no network, no other namespaces, no environment.
 * The user's home and workspace are not visible: job files arrive over the pipe.
 */
export function bubblewrapArgs(python: PythonInstall): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(top)) continue;
    const stat = lstatSync(top);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else args.push('--ro-bind', top, top);
  }
  for (const file of ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/alternatives', '/etc/localtime', '/etc/passwd', '/etc/group']) {
    args.push('--ro-bind-try', file, file);
  }
  const bound = ['/usr'];
  for (const dir of [...python.roots].sort((a, b) => a.length - b.length)) {
    if (covered(dir, bound)) continue;
    args.push('--ro-bind', dir, dir);
    bound.push(dir);
  }
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--tmpfs', SANDBOX_SCRATCH,
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop', 'ALL',
    '--clearenv',
    '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin',
    '--setenv', 'HOME', SANDBOX_SCRATCH,
    '--setenv', 'LANG', 'C.UTF-8',
    '--setenv', 'PYTHONDONTWRITEBYTECODE', '1',
    '--chdir', SANDBOX_SCRATCH,
  );
  return args;
}

/** The argv that starts the worker: `-I` ignores PYTHON* variables and the user site. */
export function workerArgv(python: PythonInstall, scratchRoot: string): string[] {
  return [python.executable, '-I', '-c', WARM_WORKER_PY, scratchRoot];
}

/** The only environment an unsandboxed worker gets: nothing inherited, so no API key. */
export function minimalEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' };
}

const bwrapPaths = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];

/** The bubblewrap binary, if installed. Whether it can start is learnt when a worker starts. */
export function findBubblewrap(): string | undefined {
  return bwrapPaths.find((p) => existsSync(p));
}
