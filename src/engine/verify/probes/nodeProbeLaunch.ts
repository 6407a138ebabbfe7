import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { shippedScript } from '../../shippedScript';
import { sandboxedCommand, unsandboxedCommand, type LaunchCommand } from '../sandbox/launcher';

/** What every probed candidate of one worker gets: CPU seconds, heap and largest file. */
export interface NodeProbeLimits {
  cpuSeconds: number;
  memoryMb: number;
  maxFileBytes: number;
}

/** The `node` the user's own tests would run: the first on PATH (the extension host may be Electron). */
export function findNode(env: NodeJS.ProcessEnv = process.env): string {
  if (path.basename(process.execPath) === 'node') return process.execPath;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (dir && existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error('no node executable on PATH: JavaScript probes need Node.js');
}

function workerArgv(node: string, root: string, limits: NodeProbeLimits, privateTmp: boolean): string[] {
  // Both scripts go in as text: the sandbox shows the toolchains, not the extension's folder.
  const child = shippedScript(__dirname, 'probe_child.cjs');
  return [node, '-e', shippedScript(__dirname, 'probe_worker.cjs'), root, child, JSON.stringify({ ...limits, privateTmp })];
}

/**
 * The Node probe worker through the shared sandbox launcher: system and toolchains read-only,
 * no network, uid 65534, a capped private /tmp; `jobDir` (an empty host folder) shown writable
 * at the workspace's own absolute path, so job files land where the project's paths expect them,
 * with the project's `node_modules` read-only inside it. The user's files are not visible: job
 * files arrive over the pipe.
 */
export function sandboxedNodeWorker(input: { bwrap: string; node: string; workspaceRoot: string; jobDir: string; tmpBytes: number; limits: NodeProbeLimits }): LaunchCommand {
  const modules = path.join(input.workspaceRoot, 'node_modules');
  return sandboxedCommand({
    bwrap: input.bwrap,
    argv: workerArgv(input.node, input.workspaceRoot, input.limits, true),
    interpreterRoots: [path.dirname(path.dirname(input.node))],
    layout: {
      workspace: { copy: input.jobDir, at: input.workspaceRoot, dependencies: existsSync(modules) ? [{ source: modules, at: modules }] : [] },
      tmpBytes: input.tmpBytes,
      chdir: input.workspaceRoot,
    },
  });
}

/** The worker without an OS sandbox: jobs in `jobDir` (the caller links the project's node_modules into it). */
export function unsandboxedNodeWorker(input: { node: string; jobDir: string; home: string; limits: NodeProbeLimits }): LaunchCommand {
  return unsandboxedCommand({ argv: workerArgv(input.node, input.jobDir, input.limits, false), home: input.home, tmp: input.home });
}
