import { liveSandboxDirs, removeLiveSandboxDirsSync } from '../engine/verify/liveSandboxDirs';

type TerminationSignal = 'SIGINT' | 'SIGTERM';

let installed: { dispose(): void } | undefined;

/**
 * Makes an extension host that ends leave no workspace copy behind. `exit` is the last resort
 * (it runs on `process.exit` and a drained loop). SIGINT/SIGTERM end a Node process without an
 * `exit` event unless someone listens, so the handler removes the copies and then, when nobody
 * else handles the signal, raises it again so the default action (ending the host) still happens.
 * Idempotent; it should outlive `deactivate` (a host may exit while runs still end), so the
 * returned disposable is for tests. No `vscode` import, so it is tested in plain Node.
 */
export function installExitCleanup(): { dispose(): void } {
  if (installed) return installed;
  const onExit = (): void => removeLiveSandboxDirsSync();
  const onSignal = (signal: TerminationSignal): void => {
    removeLiveSandboxDirsSync();
    uninstall();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const onSigint = (): void => onSignal('SIGINT');
  const onSigterm = (): void => onSignal('SIGTERM');
  const uninstall = (): void => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  installed = {
    dispose: () => {
      uninstall();
      process.off('exit', onExit);
      installed = undefined;
    },
  };
  return installed;
}

/**
 * For `deactivate`: VS Code disposes the extension's subscriptions right after calling it,
 * which cancels runs, kills their tests and removes their copies. Waits up to `timeoutMs` for
 * that, then removes whatever is still there.
 */
export async function removeSandboxDirsOnDeactivate(timeoutMs = 1_500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (liveSandboxDirs().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  removeLiveSandboxDirsSync();
}
