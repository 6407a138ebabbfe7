import { PROVIDER_PROFILES } from '../../src/engine/model/providerProfiles';
import { ModelError } from '../../src/engine/model/types';
import type { CompletionChoice, CompletionRequest, ModelClient, ProviderProfile } from '../../src/engine/model/types';

/** A reply: the content to return, or an error to throw. */
export type CannedReply = string | ModelError | ((request: CompletionRequest) => string);

/**
 * A {@link ModelClient} that answers from a list of canned replies, one per call, and
 * records every request, for tests of code that makes a single model call (the
 * curator). Fails loudly when called more often than scripted.
 */
export class CannedModelClient implements ModelClient {
  readonly profile: ProviderProfile = { ...PROVIDER_PROFILES.vllm };
  readonly model = 'canned-model';
  readonly requests: CompletionRequest[] = [];
  private next = 0;

  constructor(private readonly replies: CannedReply[]) {}

  async complete(request: CompletionRequest, signal: AbortSignal): Promise<CompletionChoice[]> {
    if (signal.aborted) throw new ModelError('cancelled', 'cancelled');
    this.requests.push(request);
    const reply = this.replies[this.next++];
    if (reply === undefined) throw new Error(`CannedModelClient: call ${this.next} was not scripted`);
    if (reply instanceof ModelError) throw reply;
    const content = typeof reply === 'function' ? reply(request) : reply;
    return Array.from({ length: request.n }, (_, index) => ({
      index,
      content,
      reasoning: '',
      finishReason: 'stop',
      usage: { prompt: 100, completion: 20, reasoning: 0, estimated: true },
      latencyMs: 1,
      applied: { sent: {}, notApplied: [] },
    }));
  }
}
