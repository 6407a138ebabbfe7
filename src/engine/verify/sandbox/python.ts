import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import * as path from 'node:path';

/** The real interpreter behind a command such as `python3` (pyenv shims resolve to a binary). */
export interface PythonInstall {
  /** What was run to find it: a path to a venv's python, or a command on PATH. */
  command: string;
  executable: string;
  /** Folders the interpreter reads from (prefixes, standard library, site-packages) that a sandbox must show. */
  roots: string[];
}

/** Where a project keeps its own interpreter, in the order they are tried. */
const PROJECT_PYTHONS = ['.venv/bin/python3', '.venv/bin/python', 'venv/bin/python3', 'venv/bin/python'];

/**
 * The interpreter a project's tests use: its `.venv`/`venv` python when it has one (so the
 * project's dependencies import), else `python3` on PATH.
 */
export async function projectPython(root: string): Promise<string> {
  for (const candidate of PROJECT_PYTHONS) {
    const full = path.join(root, candidate);
    try {
      await access(full, constants.X_OK);
      return full;
    } catch {
      // not this one
    }
  }
  return 'python3';
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

/** sys.path entries worth showing in a sandbox: the interpreter's own library folders, not a project's source. */
const LIBRARY_DIR = /(^|\/)(lib|lib64)\/python[\d.]+(\/|$)|site-packages|dist-packages/;

/**
 * Asks `command` once where it really lives and which folders it reads; shims cost
 * hundreds of ms, so the answer is cached per command for the life of the process.
 */
export function resolvePython(command: string): Promise<PythonInstall> {
  let found = installs.get(command);
  if (!found) {
    found = new Promise<PythonInstall>((resolve, reject) => {
      const script = 'import sys, json; print(json.dumps([sys.executable, sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix] + sys.path[1:]))';
      execFile(command, ['-c', script], { timeout: 15000, env: lookupEnv() }, (error, stdout) => {
        if (error) {
          reject(new Error(`cannot run ${command} (${error.message.split('\n')[0]}); Python 3 is needed`));
          return;
        }
        const [executable, prefix, basePrefix, execPrefix, baseExecPrefix, ...sysPath] = JSON.parse(stdout) as string[];
        const dirs = [path.dirname(executable), prefix, basePrefix, execPrefix, baseExecPrefix, ...sysPath.filter((d) => LIBRARY_DIR.test(d))];
        // A venv's python is a link to the base interpreter, which must be visible too.
        const real = existsSync(executable) ? realpathSync(executable) : executable;
        dirs.push(path.dirname(real));
        resolve({ command, executable, roots: [...new Set(dirs.filter((d) => d && existsSync(d)))] });
      });
    });
    installs.set(command, found);
    found.catch(() => installs.delete(command));
  }
  return found;
}

/**
 * The one interpreter lookup of the verifiers: `override` when given, else the project's
 * `.venv`/`venv` python, else `python3` on PATH; cached.
 */
export async function lookupPython(workspaceRoot: string | undefined, override?: string): Promise<PythonInstall> {
  const command = override ?? (workspaceRoot ? await projectPython(workspaceRoot) : 'python3');
  return resolvePython(command);
}
