/** How long to wait between attempts. */
export interface RetryTiming {
  /** First backoff step; doubled per attempt. */
  baseDelayMs: number;
  /** Ceiling of the computed backoff. */
  maxDelayMs: number;
  /** A server asking for a longer wait than this is not retried: the error is returned instead. */
  maxRetryAfterMs: number;
}

/** Defaults for real servers: 0.5 s, 1 s, 2 s … up to 20 s; honour server waits up to a minute. */
export const DEFAULT_RETRY_TIMING: RetryTiming = { baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/** The header lookup of a fetch `Headers` object, so tests can pass a plain map. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` (OpenAI, Azure) first,
 * then `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Undefined when
 * there is no usable header; a date in the past gives 0.
 */
export function parseRetryAfter(headers: HeaderReader | undefined, nowMs: number): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const trimmed = after.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with "equal jitter": half of the capped step is fixed, half random,
 * so parallel requests that failed together do not come back together. `attempt` is 0
 * for the first retry.
 */
export function backoffDelay(attempt: number, timing: RetryTiming, random: () => number = Math.random): number {
  const step = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * Resolves once the wall clock reaches `deadlineMs`, rejecting with `signal.reason` as soon
 * as `signal` aborts. It re-arms when a timer fires early, so a wait a server asked for is
 * never cut short.
 */
export function sleepUntil(deadlineMs: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const arm = (): void => {
      const left = deadlineMs - Date.now();
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(arm, left);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}
