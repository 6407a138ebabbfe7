import { PROVIDER_PROFILES } from '../../engine/model/providerProfiles';
import { ModelError, type CompletionChoice, type CompletionRequest, type ModelClient, type ProviderProfile } from '../../engine/model/types';
import { countTokens } from '../../engine/tokens';

/**
 * The JavaScript benchmark's model: a {@link ModelClient} that answers the generated-test prompt
 * with the task's scripted tests and every code request with the next scripted sample, in the
 * bench's seeded order, the way the replay server serves HumanEval's recorded samples.
 */
export class JsScriptedModel implements ModelClient {
  readonly profile: ProviderProfile = { ...PROVIDER_PROFILES.vllm, supportsN: false, supportsStreaming: false };
  readonly model = 'js-bench-scripted';
  private next = 0;

  constructor(
    private readonly tests: string,
    private readonly samples: readonly string[],
  ) {}

  async complete(request: CompletionRequest, signal: AbortSignal): Promise<CompletionChoice[]> {
    if (signal.aborted) throw new ModelError('cancelled', 'cancelled');
    const prompt = request.messages.map((m) => m.content).join('\n');
    const forTests = /check the correctness of/.test(prompt);
    return Array.from({ length: request.n }, (_, index) => {
      const content = forTests ? this.tests : this.samples[this.next++];
      if (content === undefined) throw new ModelError(`the bench scripted ${this.samples.length} samples and more were asked for`, 'bad-request');
      return {
        index,
        content,
        reasoning: '',
        finishReason: 'stop',
        usage: { prompt: countTokens(prompt), completion: countTokens(content), reasoning: 0, estimated: true },
        latencyMs: 0,
        applied: { sent: {}, notApplied: [] },
      };
    });
  }
}
