/** Anything with a `dispose` method; structurally compatible with `vscode.Disposable`. */
export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Owns subscriptions: everything passed to `_register` is disposed with it, in reverse
 * order, once — a second `dispose` is a no-op so owners can dispose defensively.
 */
export class Disposable implements DisposableLike {
  private readonly owned: DisposableLike[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected _register<T extends DisposableLike>(value: T): T {
    if (this.disposed) {
      // Registering on a dead owner would leak; dispose straight away instead.
      value.dispose();
    } else {
      this.owned.push(value);
    }
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.owned.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'Some subscriptions failed to dispose');
  }
}

/** A disposable made of a callback. */
export function toDisposable(fn: () => void): DisposableLike {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}
