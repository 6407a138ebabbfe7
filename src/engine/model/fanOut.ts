import { ModelError } from './types';

/**
 * `count` single-sample requests in parallel, for servers and APIs without `n`. They share
 * one fate: the first failure aborts the others and is rethrown (as `cancelled` when the
 * caller's own signal aborted), so a caller that wants per-sample isolation asks for one.
 */
export async function fanOut<T>(count: number, signal: AbortSignal, one: (index: number, signal: AbortSignal) => Promise<T>): Promise<T[]> {
  const siblings = new AbortController();
  const abortSiblings = (): void => siblings.abort();
  signal.addEventListener('abort', abortSiblings, { once: true });
  try {
    return await Promise.all(
      Array.from({ length: count }, (_, index) =>
        one(index, siblings.signal).catch((err: unknown) => {
          siblings.abort();
          throw err;
        }),
      ),
    );
  } catch (err) {
    if (signal.aborted) throw new ModelError('The request was cancelled.', 'cancelled');
    throw err;
  } finally {
    signal.removeEventListener('abort', abortSiblings);
  }
}
