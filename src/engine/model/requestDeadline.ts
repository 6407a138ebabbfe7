/**
 * One request's own stop: the caller's signal or the request timeout, whichever comes first,
 * calls `stop`; `timedOut` tells the two apart afterwards, so a timeout is reported as one and
 * not as a cancellation. Dispose it when the request has ended.
 */
export class RequestDeadline {
  timedOut = false;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly caller: AbortSignal,
    timeoutMs: number | undefined,
    private readonly stop: () => void,
  ) {
    caller.addEventListener('abort', stop, { once: true });
    this.timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            this.timedOut = true;
            stop();
          }, timeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller.removeEventListener('abort', this.stop);
  }
}
