import { removeLiveSandboxDirsSync } from '../engine/verify/liveSandboxDirs';

type TerminationSignal = 'SIGINT' | 'SIGTERM';

/** The shell's convention: 128 + the signal's number. */
const EXIT_CODES: Record<TerminationSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * How long a run cancelled by SIGTERM may take to kill its test processes and remove its
 * workspace copies before the CLI quits anyway (whoever sent SIGTERM may follow with SIGKILL).
 */
const TERMINATE_GRACE_MS = 3_000;

let endedBy: TerminationSignal | undefined;

/** 130 or 143 once SIGINT or SIGTERM cancelled a run; undefined otherwise. */
export function terminationExitCode(): number | undefined {
  return endedBy && EXIT_CODES[endedBy];
}

/** Removes the workspace copies left and exits with the signal's code, now. */
function quitNow(signal: TerminationSignal): never {
  removeLiveSandboxDirsSync();
  process.exit(EXIT_CODES[signal]);
}

/**
 * The CLI's process-wide guards, installed once by `main`: every exit removes the sandbox dirs
 * still live, and a SIGINT/SIGTERM that no running command handles removes them and exits
 * 130/143 (without a listener Node would end the process with no `exit` event, leaving them).
 * Returns the uninstaller.
 */
export function installTerminationGuards(): () => void {
  const onExit = (): void => removeLiveSandboxDirsSync();
  // Another listener (a run's, bench's, replay-server's) decides what the signal means.
  const fallback = (signal: TerminationSignal): void => {
    if (process.listenerCount(signal) <= 1) quitNow(signal);
  };
  process.on('exit', onExit);
  process.on('SIGINT', fallback);
  process.on('SIGTERM', fallback);
  return () => {
    process.off('exit', onExit);
    process.off('SIGINT', fallback);
    process.off('SIGTERM', fallback);
  };
}

/**
 * Ties a run's controller to SIGINT and SIGTERM until the returned release is called.
 * SIGINT (Ctrl-C) cancels the run: its test processes are killed and its copies removed as
 * usual, and what finished is still reported; a second signal quits at once. SIGTERM cancels
 * too, and the CLI quits within {@link TERMINATE_GRACE_MS} whatever the run is doing. Either
 * way the exit code becomes {@link terminationExitCode} and no workspace copy is left.
 */
export function cancelOnTermination(controller: AbortController, notice: (line: string) => void = (line) => void process.stderr.write(line)): () => void {
  const onSignal = (signal: TerminationSignal): void => {
    if (controller.signal.aborted) quitNow(signal);
    endedBy = signal;
    if (signal === 'SIGINT') {
      notice('\ncancelling… (Ctrl-C again to quit at once)\n');
    } else {
      notice('\nterminating: stopping the tests and removing workspace copies…\n');
      // Kept after release: if cleanup after the run hangs, the deadline still holds. Unref'd so
      // a run that ends in time exits at once.
      setTimeout(() => quitNow(signal), TERMINATE_GRACE_MS).unref();
    }
    controller.abort();
  };
  const onSigint = (): void => onSignal('SIGINT');
  const onSigterm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return () => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  };
}
