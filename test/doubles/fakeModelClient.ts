import { PROVIDER_PROFILES } from '../../src/engine/model/providerProfiles';
import { ModelError } from '../../src/engine/model/types';
import type { CompletionChoice, CompletionDelta, CompletionRequest, ModelClient, ProviderProfile, TokenUsage } from '../../src/engine/model/types';

/** One scripted answer (one choice), or an error that fails the whole request. */
export type FakeAnswer =
  | { content: string; reasoning?: string; finishReason?: string; usage?: Partial<TokenUsage>; delayMs?: number }
  | { error: ModelError; delayMs?: number };

/**
 * An in-process {@link ModelClient} for engine tests that do not need HTTP: each
 * choice of each request takes the next scripted answer, streamed as two deltas.
 * Honours the abort signal (rejects with a `cancelled` ModelError), records
 * every request and the highest number of requests in flight at once.
 */
export class FakeModelClient implements ModelClient {
  readonly model = 'fake-model';
  readonly requests: CompletionRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Requests that ended because their signal aborted. */
  aborted = 0;
  private next = 0;

  constructor(
    private readonly answers: FakeAnswer[] | ((call: number) => FakeAnswer),
    readonly profile: ProviderProfile = { ...PROVIDER_PROFILES.ollama },
  ) {}

  async complete(request: CompletionRequest, signal: AbortSignal, onDelta?: (d: CompletionDelta) => void): Promise<CompletionChoice[]> {
    this.requests.push(request);
    const answers = Array.from({ length: request.n }, () => this.take());
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.sleep(Math.max(0, ...answers.map((a) => a.delayMs ?? 0)), signal);
      const failure = answers.find((a): a is Extract<FakeAnswer, { error: ModelError }> => 'error' in a);
      if (failure) throw failure.error;
      return answers.map((a, index) => {
        const answer = a as Extract<FakeAnswer, { content: string }>;
        const half = Math.floor(answer.content.length / 2);
        onDelta?.({ index, content: answer.content.slice(0, half) });
        onDelta?.({ index, content: answer.content.slice(half), reasoning: answer.reasoning });
        return {
          index,
          content: answer.content,
          reasoning: answer.reasoning ?? '',
          finishReason: answer.finishReason ?? 'stop',
          usage: { prompt: 100, completion: 40, reasoning: 0, estimated: false, ...answer.usage },
          latencyMs: answer.delayMs ?? 0,
          applied: { sent: { n: request.n }, notApplied: [] },
        };
      });
    } finally {
      this.inFlight--;
    }
  }

  private take(): FakeAnswer {
    const call = this.next++;
    const answer = typeof this.answers === 'function' ? this.answers(call) : this.answers[call];
    if (!answer) throw new Error(`FakeModelClient: answer ${call + 1} was not scripted`);
    return answer;
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        this.aborted++;
        reject(new ModelError('The request was cancelled.', 'cancelled'));
      };
      if (signal.aborted) return onAbort();
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
