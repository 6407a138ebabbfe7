import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SECRET_ENV_NAME } from '../secrets/secretValues';

/** Variables copied from the parent when set: what toolchains need to be found and to print sanely. */
const PASSED_THROUGH = ['PATH', 'LANG', 'LANGUAGE', 'TERM', 'TZ', 'SHELL', 'USER', 'LOGNAME'] as const;

/**
 * Toolchain locators that name a directory, not a secret. Only these are passed;
 * anything else (API keys, tokens, cloud credentials, proxies with passwords) never is.
 */
const TOOLCHAIN_VARS = [
  'PYENV_ROOT',
  'PYENV_VERSION',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'NVM_DIR',
  'NVM_BIN',
  'VOLTA_HOME',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'RUSTUP_TOOLCHAIN',
  'GOROOT',
  'GOPATH',
  'GOFLAGS',
  'JAVA_HOME',
] as const;


export interface SandboxEnvOptions {
  /** Becomes HOME: a writable, empty directory inside the sandbox. */
  home: string;
  /** Becomes TMPDIR/TMP/TEMP. */
  tmp: string;
  /** Runner-specific additions (e.g. PYTEST_ADDOPTS); set last, so they win. */
  extra?: Record<string, string>;
  /** The environment to pick from; defaults to `process.env`. */
  parent?: NodeJS.ProcessEnv;
  /** The user's real home, where toolchains without an explicit *_HOME variable live; defaults to `os.homedir()`. */
  realHome?: string;
}

/** Toolchains that find themselves through `$HOME/<dir>` unless a variable says otherwise. */
const HOME_DEFAULTS: ReadonlyArray<[variable: string, dir: string]> = [
  ['PYENV_ROOT', '.pyenv'],
  ['CARGO_HOME', '.cargo'],
  ['RUSTUP_HOME', '.rustup'],
  ['NVM_DIR', '.nvm'],
  ['VOLTA_HOME', '.volta'],
];

/**
 * The environment of a test run, built from an allowlist so that secrets in the
 * extension host's environment (OPENAI_API_KEY, BEST_OF_N_API_KEY, cloud tokens)
 * never reach candidate code.
 */
export function buildSandboxEnv(options: SandboxEnvOptions): Record<string, string> {
  const parent = options.parent ?? process.env;
  const env: Record<string, string> = {};
  const pick = (name: string): void => {
    const value = parent[name];
    if (value !== undefined && !SECRET_ENV_NAME.test(name)) env[name] = value;
  };
  PASSED_THROUGH.forEach(pick);
  TOOLCHAIN_VARS.forEach(pick);
  for (const name of Object.keys(parent)) {
    if (name.startsWith('LC_')) pick(name);
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  // HOME moves into the sandbox, so toolchains located via HOME need their dirs spelled out.
  const realHome = options.realHome ?? os.homedir();
  for (const [variable, dir] of HOME_DEFAULTS) {
    const candidate = path.join(realHome, dir);
    if (env[variable] === undefined && existsSync(candidate)) env[variable] = candidate;
  }
  env.HOME = options.home;
  env.TMPDIR = options.tmp;
  env.TMP = options.tmp;
  env.TEMP = options.tmp;
  // Bytecode caches would be written into the copy (harmless) or read-only dependency dirs (errors).
  env.PYTHONDONTWRITEBYTECODE = '1';
  env.PYTHONUNBUFFERED = '1';
  env.CI = '1';
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  env.npm_config_update_notifier = 'false';
  return { ...env, ...options.extra };
}
