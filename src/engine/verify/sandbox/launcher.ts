import { execFileSync } from 'node:child_process';
import { buildSandboxEnv } from '../sandboxEnv';
import { sandboxArgs, SANDBOX_HOME } from './mounts';
import type { DependencyMount, SandboxLayout } from './mounts';
import { toolchainRoots } from './toolchains';

export type { DependencyMount, SandboxLayout };

/** A command ready for `spawn`: the program, its arguments and its complete environment. */
export interface LaunchCommand {
  /** `argv[0]` is the program (bwrap, or the command itself without a sandbox). */
  argv: string[];
  /** Already scrubbed: nothing of the parent's environment but toolchain locators. */
  env: Record<string, string>;
  /** The read-only toolchain folders shown (empty without a sandbox), for logs and tests. */
  toolchains: string[];
}

/** What a sandboxed run shows and runs; the system folders, /proc, /dev and /tmp come with every one. */
export interface SandboxRequest {
  /** The bubblewrap executable. */
  bwrap: string;
  /** The command run inside. */
  argv: string[];
  layout: Omit<SandboxLayout, 'toolchains'>;
  /** The interpreter's folders (from {@link lookupPython}), shown read-only. */
  interpreterRoots?: readonly string[];
  /** Runner-specific environment (e.g. PYTEST_ADDOPTS), set last. */
  envExtra?: Record<string, string>;
  /** The parent environment to scrub; defaults to `process.env`. */
  parentEnv?: NodeJS.ProcessEnv;
}

/**
 * The one sandbox launcher of the general verifier, the warm runner and the probe worker:
 * a bubblewrap command with the shared policy of {@link sandboxArgs} (no host root, no
 * capabilities, uid 65534 in a user namespace, capped /tmp) and the shared environment
 * scrubber, HOME and TMPDIR inside the sandbox.
 */
export function sandboxedCommand(request: SandboxRequest): LaunchCommand {
  const env = buildSandboxEnv({
    home: SANDBOX_HOME,
    tmp: '/tmp',
    ...(request.envExtra ? { extra: request.envExtra } : {}),
    ...(request.parentEnv ? { parent: request.parentEnv } : {}),
  });
  const toolchains = toolchainRoots({
    env,
    ...(request.interpreterRoots ? { interpreterRoots: request.interpreterRoots } : {}),
    ...(request.layout.workspace ? { workspace: request.layout.workspace.at } : {}),
  });
  const args = sandboxArgs({ ...request.layout, toolchains });
  // No nested user namespaces: they would give back capabilities over the sandbox's own mounts.
  if (supportsDisableUserns(request.bwrap)) args.push('--disable-userns');
  return { argv: [request.bwrap, ...args, '--', ...request.argv], env, toolchains };
}

const userns = new Map<string, boolean>();

/** Whether this bwrap knows `--disable-userns` (0.8.0 and later); asked once per executable. */
function supportsDisableUserns(bwrap: string): boolean {
  let known = userns.get(bwrap);
  if (known === undefined) {
    try {
      known = execFileSync(bwrap, ['--help'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] }).includes('--disable-userns');
    } catch (error) {
      known = String((error as { stdout?: string }).stdout ?? '').includes('--disable-userns');
    }
    userns.set(bwrap, known);
  }
  return known;
}

/** The same command without an OS sandbox: scrubbed environment, HOME and TMPDIR in the run's own dirs. */
export function unsandboxedCommand(request: {
  argv: string[];
  home: string;
  tmp: string;
  envExtra?: Record<string, string>;
  parentEnv?: NodeJS.ProcessEnv;
}): LaunchCommand {
  const env = buildSandboxEnv({
    home: request.home,
    tmp: request.tmp,
    ...(request.envExtra ? { extra: request.envExtra } : {}),
    ...(request.parentEnv ? { parent: request.parentEnv } : {}),
  });
  return { argv: request.argv, env, toolchains: [] };
}
