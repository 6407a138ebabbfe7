import { sandboxedCommand, unsandboxedCommand } from '../sandbox/launcher';
import type { LaunchCommand } from '../sandbox/launcher';
import type { PythonInstall } from '../sandbox/python';
import { shippedScript } from '../../shippedScript';

// The one interpreter lookup lives with the sandbox; re-exported for the benchmark's callers.
export { lookupPython, resolvePython } from '../sandbox/python';
export type { PythonInstall } from '../sandbox/python';

/** Where the scratch area sits inside the sandbox. */
export const SANDBOX_SCRATCH = '/scratch';

/**
 * The warm worker's source: worker_sandbox.py (seccomp, capabilities) then warm_worker.py, as
 * one script. It goes in with `-c` because the sandbox shows the interpreter but not the
 * extension's folder.
 */
export function warmWorkerSource(): string {
  return `${shippedScript(__dirname, 'worker_sandbox.py')}\n${shippedScript(__dirname, 'warm_worker.py')}`;
}

/** The argv that starts the worker: `-I` ignores PYTHON* variables and the user site. */
export function workerArgv(python: PythonInstall, scratchRoot: string): string[] {
  return [python.executable, '-I', '-c', warmWorkerSource(), scratchRoot];
}

/**
 * The worker's launch through the shared sandbox launcher: only the system, the toolchains and
 * the interpreter's own folders, read-only; a capped private /tmp and scratch tmpfs; no
 * network, no capabilities, uid 65534. The user's home and workspace are not visible: job
 * files arrive over the pipe.
 */
export function sandboxedWorker(bwrap: string, python: PythonInstall, tmpBytes: number): LaunchCommand {
  return sandboxedCommand({
    bwrap,
    argv: workerArgv(python, SANDBOX_SCRATCH),
    interpreterRoots: python.roots,
    layout: { scratch: [SANDBOX_SCRATCH], tmpBytes, chdir: SANDBOX_SCRATCH },
  });
}

/** The worker without an OS sandbox: the shared scrubbed environment, HOME and TMPDIR in its scratch root. */
export function unsandboxedWorker(python: PythonInstall, scratchRoot: string): LaunchCommand {
  return unsandboxedCommand({ argv: workerArgv(python, scratchRoot), home: scratchRoot, tmp: scratchRoot });
}
