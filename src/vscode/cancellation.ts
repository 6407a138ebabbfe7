/** The part of `vscode.CancellationToken` the conversion needs. */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/**
 * The one place a VS Code `CancellationToken` becomes an engine `AbortSignal`: aborting
 * `controller` when the token fires. Returns a disposer for the listener.
 */
export function linkTokenToController(token: CancellationTokenLike, controller: AbortController): { dispose(): void } {
  if (token.isCancellationRequested) {
    controller.abort(new Error('Cancelled'));
    return { dispose: () => undefined };
  }
  const subscription = token.onCancellationRequested(() => controller.abort(new Error('Cancelled')));
  return { dispose: () => void subscription.dispose() };
}
