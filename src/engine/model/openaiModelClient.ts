import { OpenAI } from 'openai';
import { sendChatAttempt } from './chatAttempt';
import type { RawChoice } from './choiceAssembly';
import { fanOut } from './fanOut';
import { classifyFailure } from './modelErrors';
import type { ErrorContext } from './modelErrors';
import { resolveReasoning } from './reasoningText';
import { RequestDeadline } from './requestDeadline';
import { buildRequestKnobs, validateCompletionRequest } from './requestKnobs';
import { sendResponsesAttempt } from './responsesAttempt';
import { buildResponsesBody, buildResponsesKnobs, summariesRefusedFor, summaryRefusal } from './responsesRequest';
import { backoffDelay, DEFAULT_RETRY_TIMING, sleepUntil } from './retryPolicy';
import type { RetryTiming } from './retryPolicy';
import { ModelError } from './types';
import type { AppliedKnobs, CompletionChoice, CompletionDelta, CompletionRequest, ModelClient, ProviderProfile } from './types';
import { splitUsage } from './usageSplit';
import type { ServerUsage } from './usageSplit';

/** How to reach one model on one OpenAI-compatible server. */
export interface OpenAIModelClientOptions {
  /** Base URL ending in `/v1` (for Azure: `https://RESOURCE.openai.azure.com/openai/v1`). */
  baseURL: string;
  /** Sent only as the `Authorization` header (and `api-key` for Azure); empty for keyless local servers. */
  apiKey: string;
  model: string;
  profile: ProviderProfile;
  /** Retries after the first attempt for 429, 5xx and dropped connections. Default 3. */
  maxRetries?: number;
  /** Receives one line per request and per retry: method, URL, model, knobs. Never the key. */
  logger?: (line: string) => void;
  /** Backoff timing; tests shorten it. */
  retryTiming?: Partial<RetryTiming>;
  /** Appended to auth errors: where the user sets the key. */
  authHint?: string;
}

const DEFAULT_AUTH_HINT = 'Set it with the "Best-of-N: Set API Key" command (or the CLI\'s API key option).';
/** The SDK's own default, used when a request sets no timeout: it covers waiting for the response headers. */
const HEADERS_TIMEOUT_MS = 10 * 60_000;

/**
 * What `detect` profiles learnt about `n`, per endpoint and model, for the life of the
 * process (the extension host's session, one CLI run): asking again would re-send a prompt.
 */
const detectedN = new Map<string, boolean>();

/** Wraps an exception thrown by the caller's `onDelta`, so it is not mistaken for a network failure. */
class DeltaListenerError extends Error {
  constructor(readonly original: unknown) {
    super('onDelta listener failed');
  }
}

/**
 * {@link ModelClient} over the official `openai` SDK. The SDK's retries are off and
 * retries happen here, so each one is logged, honours `Retry-After`/`retry-after-ms`,
 * backs off exponentially with jitter, and its wait is cancellable.
 *
 * `complete` with `n > 1` sends one request with `n` when the profile supports it;
 * otherwise it issues `n` parallel single-choice requests itself and returns their
 * choices re-indexed 0…n-1. If one of those fails, the others are aborted and the call
 * rejects with that failure, so callers that want per-choice isolation send `n: 1`.
 */
export class OpenAIModelClient implements ModelClient {
  readonly model: string;
  private readonly declared: ProviderProfile;
  private readonly sdk: OpenAI;
  private readonly ctx: ErrorContext;
  private readonly maxRetries: number;
  private readonly timing: RetryTiming;
  private readonly log: (line: string) => void;
  private readonly endpoint: string;

  constructor(options: OpenAIModelClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.baseURL);
    } catch {
      throw new ModelError(`The base URL "${options.baseURL}" is not a URL; it looks like http://localhost:8000/v1.`, 'bad-request');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ModelError(`The base URL "${options.baseURL}" must start with http:// or https://.`, 'bad-request');
    }
    if (options.model.trim() === '') throw new ModelError('No model name is set.', 'bad-request');
    const baseURL = options.baseURL.replace(/\/+$/, '');
    this.declared = options.profile;
    this.model = options.model;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 3));
    this.timing = { ...DEFAULT_RETRY_TIMING, ...options.retryTiming };
    this.log = options.logger ?? ((): void => undefined);
    this.endpoint = `${baseURL}/${options.profile.api === 'responses' ? 'responses' : 'chat/completions'}`;
    this.ctx = { baseURL, model: options.model, apiKey: options.apiKey, authHint: options.authHint ?? DEFAULT_AUTH_HINT };
    this.sdk = new OpenAI({
      // Local servers take no key, but the SDK insists on one; this placeholder is what their docs use.
      apiKey: options.apiKey === '' ? 'no-key' : options.apiKey,
      baseURL,
      maxRetries: 0,
      // Explicit nulls: otherwise the SDK reads OPENAI_ORG_ID, OPENAI_ADMIN_KEY… from the environment.
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      logLevel: 'off',
      // Azure's v1 endpoint authenticates API keys by `api-key`, not `Authorization`.
      ...(options.profile.id === 'azure' && options.apiKey !== '' ? { defaultHeaders: { 'api-key': options.apiKey } } : {}),
    });
  }

  /**
   * The profile, with `n` support resolved once a `detect` profile has had its first answer.
   * The Responses API has no `n`, so a profile that speaks it never supports it.
   */
  get profile(): ProviderProfile {
    if (this.declared.api === 'responses') return { ...this.declared, supportsN: false };
    const known = this.declared.supportsN === 'detect' ? detectedN.get(this.nKey()) : undefined;
    return known === undefined ? this.declared : { ...this.declared, supportsN: known };
  }

  private nKey(): string {
    return `${this.endpoint} ${this.model}`;
  }

  /** See {@link ModelClient.complete}; fan-out without `n` support is described on the class. */
  async complete(request: CompletionRequest, signal: AbortSignal, onDelta?: (delta: CompletionDelta) => void): Promise<CompletionChoice[]> {
    validateCompletionRequest(request);
    const supportsN = this.profile.supportsN;
    if (request.n === 1 || supportsN === true) return this.completeOnce(request, signal, onDelta);
    if (supportsN === 'detect') return this.completeDetectingN(request, signal, onDelta);
    return this.fanOut(request, 0, signal, onDelta);
  }

  /**
   * Asks with `n` and learns from the answer: all n choices back means the server takes `n`;
   * fewer means it ignores it, so the missing ones are asked one request each, and so is every
   * later multi-sample request of this endpoint and model.
   */
  private async completeDetectingN(request: CompletionRequest, signal: AbortSignal, onDelta?: (delta: CompletionDelta) => void): Promise<CompletionChoice[]> {
    const first = await this.completeOnce(request, signal, onDelta);
    const supported = first.length >= request.n;
    if (!detectedN.has(this.nKey())) {
      detectedN.set(this.nKey(), supported);
      this.log(`${this.endpoint}: asked for n=${request.n}, got ${first.length} choice(s): n is ${supported ? '' : 'not '}supported; remembered for this session`);
    }
    if (supported) return first;
    const got = first.map((c, i) => ({ ...c, index: i }));
    const rest = await this.fanOut({ ...request, n: request.n - got.length }, got.length, signal, onDelta);
    return [...got, ...rest];
  }

  /** `request.n` single-choice requests in parallel, their choices indexed from `offset`. */
  private async fanOut(request: CompletionRequest, offset: number, signal: AbortSignal, onDelta?: (delta: CompletionDelta) => void): Promise<CompletionChoice[]> {
    const parts = await fanOut(request.n, signal, (i, shared) => this.completeOnce({ ...request, n: 1 }, shared, onDelta && ((d): void => onDelta({ ...d, index: offset + i }))));
    return parts.map((choices, i) => choices.map((c) => ({ ...c, index: offset + i }))).flat();
  }

  /**
   * The model ids the server lists (GET /models), for a "test connection" action:
   * it proves the URL and the key without spending tokens. No retries; rejects with
   * {@link ModelError} like `complete`.
   */
  async listModels(signal: AbortSignal): Promise<string[]> {
    try {
      const ids: string[] = [];
      for await (const model of this.sdk.models.list({ signal, maxRetries: 0 })) ids.push(model.id);
      return ids;
    } catch (err) {
      if (signal.aborted) throw new ModelError('The request was cancelled.', 'cancelled');
      const { error } = classifyFailure(err, this.ctx, Date.now());
      // A 404 here means no /models route, not a missing model.
      if (error.kind === 'not-found') throw new ModelError(`${this.ctx.baseURL} has no /models endpoint (404); check that the base URL ends in /v1.`, 'not-found', 404);
      throw error;
    }
  }

  /** One logical request: attempts with retries in between. */
  private async completeOnce(request: CompletionRequest, signal: AbortSignal, onDelta?: (delta: CompletionDelta) => void): Promise<CompletionChoice[]> {
    const knobs = (): AppliedKnobs =>
      this.profile.api === 'responses' ? buildResponsesKnobs(this.profile, request, summariesRefusedFor(this.nKey())) : buildRequestKnobs(this.profile, request);
    let applied = knobs();
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      const streamed = new Set<number>();
      const track =
        onDelta &&
        ((d: CompletionDelta): void => {
          streamed.add(d.index);
          try {
            onDelta(d);
          } catch (err) {
            throw new DeltaListenerError(err);
          }
        });
      try {
        return await this.attempt(request, applied, signal, track, startedAt, attempt);
      } catch (err) {
        // The caller's own listener failed: give its error back untouched, not as a model failure.
        if (err instanceof DeltaListenerError) throw err.original;
        const refusal = summaryRefusal(err, applied, this.nKey());
        if (refusal !== undefined) {
          // Summaries are a bonus: the answer is the same without them, so ask again at once, not as a retry.
          this.log(`${this.endpoint}: reasoning summaries refused ("${refusal}"); asking without them from now on`);
          applied = knobs();
          attempt--;
          continue;
        }
        const failure = classifyFailure(err, this.ctx, Date.now());
        if (failure.error.kind === 'not-found' && this.profile.api === 'responses') {
          // A 404 here may also mean a server without the Responses API.
          throw new ModelError(`${failure.error.message} If the server offers only /chat/completions, choose a profile that uses Chat Completions.`, 'not-found', failure.error.status);
        }
        if (!failure.retryable) throw failure.error;
        if (attempt >= this.maxRetries) {
          if (attempt === 0) throw failure.error;
          const { message, kind, status } = failure.error;
          throw new ModelError(`${message} It failed on all ${attempt + 1} attempts.`, kind, status);
        }
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.timing.maxRetryAfterMs) {
          const seconds = Math.ceil(failure.retryAfterMs / 1000);
          throw new ModelError(`${failure.error.message} It asked to wait ${seconds} s before retrying, longer than allowed.`, failure.error.kind, failure.error.status);
        }
        const wait = failure.retryAfterMs ?? backoffDelay(attempt, this.timing);
        const why = failure.retryAfterMs === undefined ? 'backoff' : 'server asked';
        this.log(`retry ${attempt + 1}/${this.maxRetries} in ${wait} ms (${why}): ${failure.error.message}`);
        for (const index of streamed) onDelta?.({ index, reset: true });
        await sleepUntil(Date.now() + wait, signal).catch(() => {
          throw new ModelError('The request was cancelled.', 'cancelled');
        });
      }
    }
  }

  /** One HTTP request under its own timeout, linked to the caller's signal. */
  private async attempt(
    request: CompletionRequest,
    applied: AppliedKnobs,
    signal: AbortSignal,
    onDelta: ((delta: CompletionDelta) => void) | undefined,
    startedAt: number,
    attempt: number,
  ): Promise<CompletionChoice[]> {
    if (signal.aborted) throw new ModelError('The request was cancelled.', 'cancelled');
    const controller = new AbortController();
    const deadline = new RequestDeadline(signal, request.timeoutMs, () => controller.abort());
    const stream = this.profile.supportsStreaming;
    this.log(
      `POST ${this.endpoint} model=${this.model} stream=${String(stream)} attempt=${attempt + 1}/${this.maxRetries + 1} knobs=${JSON.stringify(applied.sent)}`,
    );
    const common = { sdk: this.sdk, stream, signal: controller.signal, timeoutMs: request.timeoutMs ?? HEADERS_TIMEOUT_MS, sources: this.profile.reasoningSources, baseURL: this.ctx.baseURL, onDelta };
    try {
      const raw =
        this.profile.api === 'responses'
          ? await sendResponsesAttempt({ ...common, body: buildResponsesBody(this.model, request.messages, applied) })
          : await sendChatAttempt({ ...common, model: this.model, messages: request.messages, knobs: applied.sent });
      const choices = this.toChoices(raw, request, applied, startedAt);
      // Without streaming, listeners still see each choice's text, once, when it is complete.
      if (!stream && onDelta !== undefined) {
        for (const c of choices) {
          if (c.reasoning !== '') onDelta({ index: c.index, reasoning: c.reasoning });
          if (c.content !== '') onDelta({ index: c.index, content: c.content });
        }
      }
      return choices;
    } catch (err) {
      if (signal.aborted) throw new ModelError('The request was cancelled.', 'cancelled');
      if (deadline.timedOut) {
        throw new ModelError(`No complete answer from ${this.ctx.baseURL} within the ${request.timeoutMs ?? 0} ms request timeout.`, 'timeout');
      }
      throw err;
    } finally {
      deadline.dispose();
    }
  }

  /** One `POST /chat/completions`, streamed or not, read into raw choices. */
  private toChoices(
    raw: { choices: RawChoice[]; usage?: ServerUsage },
    request: CompletionRequest,
    applied: AppliedKnobs,
    startedAt: number,
  ): CompletionChoice[] {
    const texts = raw.choices.map((c) => resolveReasoning(this.profile.reasoningSources, c.fields, c.rawContent));
    const usages = splitUsage(raw.usage, texts, request.messages);
    let knobs = applied;
    if (raw.choices.length < request.n) {
      const note =
        this.profile.supportsN === 'detect'
          ? `n ${request.n}: the server returned ${raw.choices.length} choice(s), so it ignores n; the other samples were asked one request each`
          : `n ${request.n}: the server returned ${raw.choices.length} choice(s); turn off n support in its profile`;
      this.log(`${this.endpoint}: ${note}`);
      knobs = { sent: applied.sent, notApplied: [...applied.notApplied, note] };
    }
    return raw.choices.map((c, i) => ({
      index: c.index,
      content: texts[i]?.content ?? '',
      reasoning: texts[i]?.reasoning ?? '',
      finishReason: c.finishReason,
      usage: usages[i] ?? { prompt: 0, completion: 0, reasoning: 0, estimated: true },
      latencyMs: Math.max(0, c.finishedAt - startedAt),
      applied: { sent: { ...knobs.sent }, notApplied: [...knobs.notApplied] },
    }));
  }
}
