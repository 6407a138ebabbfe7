import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { parseRetryAfter } from './retryPolicy';
import { ModelError } from './types';

/** What the client knows when it explains a failure. */
export interface ErrorContext {
  baseURL: string;
  model: string;
  apiKey: string;
  /** Where the user sets the key, appended to `auth` errors. */
  authHint: string;
}

/** A failed attempt, with whether another attempt may succeed. */
export interface ClassifiedFailure {
  error: ModelError;
  retryable: boolean;
  /** The wait the server asked for, when it did. */
  retryAfterMs?: number;
}

/** The stream ended before every choice finished: the connection dropped mid-answer. */
export class StreamDroppedError extends Error {
  constructor(readonly detail: string) {
    super(`the stream ended before the answer was complete (${detail})`);
    this.name = 'StreamDroppedError';
  }
}

/**
 * Turns anything a request threw (SDK errors, fetch errors, our own) into a
 * {@link ModelError} with a message a user can act on, and says whether it is worth
 * retrying: 408/409/429/5xx, dropped connections and server error events are; auth,
 * missing models, bad requests, bad responses, timeouts and cancellation are not.
 */
export function classifyFailure(err: unknown, ctx: ErrorContext, nowMs: number): ClassifiedFailure {
  // A key too short to be secret would only garble ordinary words if it were masked.
  const redact = (text: string): string => (ctx.apiKey.length >= 6 ? text.split(ctx.apiKey).join('***') : text);
  const make = (message: string, kind: ModelError['kind'], status?: number): ModelError =>
    new ModelError(redact(message), kind, status);

  if (err instanceof ModelError) return { error: err, retryable: false };
  if (err instanceof StreamDroppedError) {
    return { error: make(`The connection to ${ctx.baseURL} dropped mid-answer: ${err.detail}.`, 'network'), retryable: true };
  }
  if (err instanceof APIUserAbortError) return { error: make('The request was cancelled.', 'cancelled'), retryable: false };
  if (err instanceof APIConnectionTimeoutError) {
    return { error: make(`The model server at ${ctx.baseURL} did not answer in time.`, 'timeout'), retryable: false };
  }
  if (err instanceof APIConnectionError) {
    return { error: make(`Could not reach the model server at ${ctx.baseURL}: ${describeNetworkCause(err)}.`, 'network'), retryable: true };
  }
  if (err instanceof APIError) return classifyStatus(err, ctx, nowMs, make);
  if (err instanceof SyntaxError) {
    return { error: make(`The model server at ${ctx.baseURL} sent malformed JSON: ${err.message}`, 'bad-response'), retryable: false };
  }
  if (err instanceof Error && isTransferFailure(err)) {
    return { error: make(`The connection to ${ctx.baseURL} broke while reading the answer: ${describeNetworkCause(err)}.`, 'network'), retryable: true };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { error: make(`Unexpected failure talking to ${ctx.baseURL}: ${text}`, 'bad-response'), retryable: false };
}

function classifyStatus(
  err: APIError,
  ctx: ErrorContext,
  nowMs: number,
  make: (message: string, kind: ModelError['kind'], status?: number) => ModelError,
): ClassifiedFailure {
  const status = err.status;
  const said = serverMessage(err);
  if (status === undefined) {
    // An `error` object inside a 200 stream: the server failed after it started answering.
    return { error: make(`The model server at ${ctx.baseURL} reported an error mid-answer${said}.`, 'server'), retryable: true };
  }
  if (status === 401 || status === 403) {
    return { error: make(`The server rejected the API key (${status})${said}. ${ctx.authHint}`, 'auth', status), retryable: false };
  }
  if (status === 404) {
    const message = `Model "${ctx.model}" was not found at ${ctx.baseURL} (404)${said}. Check the model name, and that the base URL ends in /v1.`;
    return { error: make(message, 'not-found', status), retryable: false };
  }
  const retryAfterMs = parseRetryAfter(err.headers, nowMs);
  const withWait = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) {
    return { error: make(`The model server at ${ctx.baseURL} is rate-limiting requests (429)${said}.`, 'rate-limit', status), retryable: true, ...withWait };
  }
  if (status === 408 || status === 409 || status >= 500) {
    return { error: make(`The model server at ${ctx.baseURL} failed (${status})${said}.`, 'server', status), retryable: true, ...withWait };
  }
  return {
    error: make(`The model server at ${ctx.baseURL} refused the request (${status})${said}. If it names a parameter, pick the provider profile that matches the server.`, 'bad-request', status),
    retryable: false,
  };
}

/** `: "<message>"` from the server's error body, or empty. */
function serverMessage(err: APIError): string {
  const body: unknown = err.error;
  let text: string | undefined;
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') text = body.message;
  else if (typeof body === 'string') text = body;
  if (text === undefined || text.trim() === '') return '';
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return `: "${short.trim()}"`;
}

/** Errors of reading a response body after the connection broke (undici: TypeError "terminated"). */
function isTransferFailure(err: Error): boolean {
  const code = findCode(err);
  return err.message === 'terminated' || code !== undefined || /socket|ECONNRESET|other side closed/i.test(err.message);
}

/** A short, human account of a network error from its `cause` chain. */
function describeNetworkCause(err: Error): string {
  const code = findCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused — is the server running and listening on that port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found — check the base URL';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the server closed the connection';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting timed out';
    case undefined:
      return innermostMessage(err);
    default:
      return `${code} (${innermostMessage(err)})`;
  }
}

function findCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

function innermostMessage(err: Error): string {
  let current: Error = err;
  for (let depth = 0; depth < 5 && current.cause instanceof Error; depth++) current = current.cause;
  return current.message;
}
