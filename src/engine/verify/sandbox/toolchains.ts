import { existsSync, readdirSync, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Mounted whole by every sandbox; anything inside needs no extra mount. */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64'];

/** Tool installs inside a home that may be shown: interpreters and compilers, no credentials. */
const HOME_TOOLCHAINS = ['.pyenv', '.nvm', '.volta', '.cargo', '.rustup', 'go', '.deno', '.bun', '.fnm', '.asdf', '.sdkman', '.local/bin', '.local/lib', '.local/share/uv', '.local/share/fnm', '.local/share/pnpm'];

/** Credential files that live inside otherwise harmless toolchain folders; hidden by an empty file. */
export const TOOLCHAIN_SECRETS = ['.cargo/credentials', '.cargo/credentials.toml'];

/** Variables naming a toolchain directory. */
const TOOLCHAIN_VARS = ['PYENV_ROOT', 'CARGO_HOME', 'RUSTUP_HOME', 'NVM_DIR', 'VOLTA_HOME', 'GOROOT', 'JAVA_HOME', 'CONDA_PREFIX'];

/** Folder names that mark another project's dependencies or a checkout, never a toolchain. */
const PROJECT_MARKERS = new Set(['node_modules', '.venv', 'venv', '.git', '.tox', '.nox']);

export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface ToolchainInput {
  /** The sandbox's environment (its PATH and toolchain variables). */
  env: Record<string, string>;
  /** Interpreter folders that must be visible (from the Python lookup): trusted as they are. */
  interpreterRoots?: readonly string[];
  /** The workspace whose copy is mounted: folders at or above it are never exposed, folders in it are the copy's. */
  workspace?: string;
  /** The user's home; defaults to `os.homedir()`. */
  realHome?: string;
}

/**
 * The read-only folders a sandbox shows besides the system: the toolchains the PATH and
 * toolchain variables point to and the interpreter's own folders. Inside a home only the
 * known toolchain folders (`~/.pyenv`, `~/.nvm`, `~/.cargo`, …) are shown, never the home
 * itself or a project in it; nothing at or above the workspace is shown.
 */
export function toolchainRoots(input: ToolchainInput): string[] {
  const realHome = input.realHome ?? os.homedir();
  const homes = [...new Set(['/root', realHome, ...homeDirsUnder('/home')])];
  const wanted = new Set<string>();
  const inHome = (dir: string): string | undefined => homes.find((h) => isInside(h, dir));

  const consider = (raw: string, trusted: boolean): void => {
    if (!path.isAbsolute(raw)) return;
    const dir = path.normalize(raw);
    if (SYSTEM_DIRS.some((s) => isInside(s, dir))) return;
    if (input.workspace && (isInside(dir, input.workspace) || isInside(input.workspace, dir))) return;
    const home = inHome(dir);
    if (home) {
      if (dir === home) return;
      const rel = path.relative(home, dir);
      const tool = HOME_TOOLCHAINS.find((t) => rel === t || rel.startsWith(`${t}/`));
      if (tool) wanted.add(path.join(home, tool));
      // An interpreter installed elsewhere in a home (~/miniconda3, a project's venv): its own folders only.
      else if (trusted) wanted.add(dir);
      return;
    }
    // A PATH entry into some project's node_modules/.venv is that project's, not a toolchain; the
    // interpreter's own venv (a trusted root from the Python lookup) is what the run needs.
    if (!trusted && dir.split('/').some((p) => PROJECT_MARKERS.has(p))) return;
    // /opt/node/bin -> /opt/node; a top-level folder (/work, /srv) is too broad to show whole.
    const prefix = !trusted && ['bin', 'sbin'].includes(path.basename(dir)) ? path.dirname(dir) : dir;
    if (prefix.split('/').filter(Boolean).length < 2) return;
    wanted.add(prefix);
  };

  for (const entry of (input.env.PATH ?? '').split(':')) consider(entry, false);
  for (const name of TOOLCHAIN_VARS) if (input.env[name]) consider(input.env[name], true);
  if (path.basename(process.execPath) === 'node') consider(path.dirname(path.dirname(realpathOr(process.execPath))), true);
  for (const dir of input.interpreterRoots ?? []) consider(dir, true);

  const roots: string[] = [];
  for (const dir of wanted) {
    if (!existsSync(dir)) continue;
    roots.push(dir);
    // A symlinked toolchain must be reachable at its real location too.
    const real = realpathOr(dir);
    if (real !== dir) consider(real, true);
    if (real !== dir && !roots.includes(real) && existsSync(real) && !SYSTEM_DIRS.some((s) => isInside(s, real))) {
      if (!input.workspace || (!isInside(real, input.workspace) && !isInside(input.workspace, real))) roots.push(real);
    }
  }
  // Outermost first, and nothing already covered by another root.
  const sorted = [...new Set(roots)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  return sorted.filter((dir, i) => !sorted.slice(0, i).some((other) => isInside(other, dir)));
}

function homeDirsUnder(dir: string): string[] {
  // Every user's home under /home counts as a home: one user's toolchain must not expose another's files.
  try {
    return readdirSync(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
