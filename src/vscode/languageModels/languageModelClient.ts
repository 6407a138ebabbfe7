import { fanOut } from '../../engine/model/fanOut';
import { RequestDeadline } from '../../engine/model/requestDeadline';
import type * as vscode from 'vscode';
import { validateCompletionRequest } from '../../engine/model/requestKnobs';
import { ModelError } from '../../engine/model/types';
import type { ChatMessage, CompletionChoice, CompletionDelta, CompletionRequest, ModelClient, ProviderProfile, TokenUsage } from '../../engine/model/types';
import type { LanguageModelApi, LanguageModelRef } from './languageModelApi';
import { formatLanguageModelRef } from './languageModelApi';
import { cancelled, noSuchModel, toModelError } from './languageModelErrors';
import { API_NAME, languageModelKnobs } from './languageModelKnobs';
import { classifyPart } from './responseParts';

/** How to reach one chat model through VS Code's Language Model API. */
export interface LanguageModelClientOptions {
  api: LanguageModelApi;
  model: LanguageModelRef;
  /** The `vscode-lm` profile. */
  profile: ProviderProfile;
  /** Shown in the consent prompt VS Code raises the first time another extension's model is used. */
  justification?: string;
  logger?: (line: string) => void;
}

const DEFAULT_JUSTIFICATION = 'Best-of-N asks the model for candidate implementations of the function you chose, then runs your tests on them.';

/** Wraps an exception thrown by the caller's `onDelta`, so it is not mistaken for a model failure. */
class ListenerFailure extends Error {
  constructor(readonly original: unknown) {
    super('onDelta listener failed');
  }
}

/**
 * {@link ModelClient} over `vscode.lm`. The API has no `n`, no sampling or reasoning options
 * and no price: `n > 1` becomes that many parallel requests, every requested knob is
 * reported in `applied.notApplied`, tokens are the model's own `countTokens`, and the cost is
 * 0 (said so in `notApplied`). A failing request aborts its siblings, like the OpenAI client.
 */
export class LanguageModelClient implements ModelClient {
  readonly profile: ProviderProfile;
  readonly model: string;
  private readonly api: LanguageModelApi;
  private readonly ref: LanguageModelRef;
  private readonly justification: string;
  private readonly log: (line: string) => void;
  private chat: Promise<vscode.LanguageModelChat> | undefined;

  constructor(options: LanguageModelClientOptions) {
    this.api = options.api;
    this.ref = options.model;
    this.profile = options.profile;
    this.model = formatLanguageModelRef(options.model);
    this.justification = options.justification ?? DEFAULT_JUSTIFICATION;
    this.log = options.logger ?? ((): void => undefined);
  }

  async complete(request: CompletionRequest, signal: AbortSignal, onDelta?: (delta: CompletionDelta) => void): Promise<CompletionChoice[]> {
    validateCompletionRequest(request);
    if (signal.aborted) throw cancelled();
    return fanOut(request.n, signal, (index, shared) => this.completeOne(request, index, shared, onDelta));
  }

  /** The chosen model, looked up once; a failed lookup is tried again on the next request. */
  private findModel(): Promise<vscode.LanguageModelChat> {
    this.chat ??= (async (): Promise<vscode.LanguageModelChat> => {
      let models: readonly vscode.LanguageModelChat[];
      try {
        models = await this.api.lm.selectChatModels({ vendor: this.ref.vendor, id: this.ref.id });
      } catch (err) {
        throw toModelError(err, this.model);
      }
      const found = models[0];
      if (found === undefined) throw noSuchModel(this.model);
      return found;
    })();
    this.chat.catch(() => (this.chat = undefined));
    return this.chat;
  }

  /** One request for choice `index`, under its own token source tied to `signal` and the timeout. */
  private async completeOne(request: CompletionRequest, index: number, signal: AbortSignal, onDelta?: (delta: CompletionDelta) => void): Promise<CompletionChoice> {
    const chat = await this.findModel();
    if (signal.aborted) throw cancelled();
    const source = new this.api.CancellationTokenSource();
    const deadline = new RequestDeadline(signal, request.timeoutMs, () => source.cancel());
    const startedAt = Date.now();
    this.log(`${API_NAME}: request to ${this.model} (choice ${index})`);
    let content = '';
    let reasoning = '';
    try {
      const messages = toChatMessages(this.api, request.messages);
      const response = await chat.sendRequest(messages, { justification: this.justification }, source.token);
      for await (const part of untilCancelled(response.stream, source.token)) {
        const piece = classifyPart(part, this.api.LanguageModelTextPart, this.api.LanguageModelThinkingPart);
        if (piece.kind === 'other' || piece.text === '') continue;
        if (piece.kind === 'content') content += piece.text;
        else reasoning += piece.text;
        try {
          onDelta?.({ index, [piece.kind]: piece.text });
        } catch (err) {
          throw new ListenerFailure(err);
        }
      }
      // Cancelling may end the stream quietly; it must not look like a finished answer.
      if (source.token.isCancellationRequested) throw cancelled();
      const finishedAt = Date.now();
      const usage = await countUsage(chat, messages, content, reasoning, source.token);
      const overCap = request.maxTokens !== undefined && usage.completion - usage.reasoning > request.maxTokens;
      return {
        index,
        content,
        reasoning,
        finishReason: overCap ? 'length' : 'stop',
        usage,
        latencyMs: finishedAt - startedAt,
        applied: languageModelKnobs(request),
      };
    } catch (err) {
      // The caller's own listener failed: give its error back untouched, not as a model failure.
      if (err instanceof ListenerFailure) throw err.original;
      if (signal.aborted) throw cancelled();
      if (deadline.timedOut) throw new ModelError(`No complete answer from the language model ${this.model} within the ${request.timeoutMs ?? 0} ms request timeout.`, 'timeout');
      throw toModelError(err, this.model);
    } finally {
      deadline.dispose();
      source.dispose();
    }
  }
}

/**
 * The parts of `stream` until it ends or `token` is cancelled, whichever comes first: a
 * provider that ignores cancellation must not keep a cancelled or timed-out request waiting.
 */
async function* untilCancelled<T>(stream: AsyncIterable<T>, token: vscode.CancellationToken): AsyncIterable<T> {
  const iterator = stream[Symbol.asyncIterator]();
  let onCancel: vscode.Disposable | undefined;
  const cancelledNow = new Promise<'cancelled'>((resolve) => {
    if (token.isCancellationRequested) resolve('cancelled');
    else onCancel = token.onCancellationRequested(() => resolve('cancelled'));
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), cancelledNow]);
      if (next === 'cancelled' || next.done === true) return;
      yield next.value;
    }
  } finally {
    onCancel?.dispose();
    // Tell the provider's stream we stopped reading; do not wait for one that hangs.
    void iterator.return?.()?.then(undefined, () => undefined);
  }
}

/**
 * The API knows only User and Assistant messages, so system text goes in front of the first
 * user message (or becomes one when the conversation has none).
 */
export function toChatMessages(api: LanguageModelApi, messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const rest = messages.filter((m) => m.role !== 'system');
  let prefixed = false;
  const out = rest.map((m) => {
    if (m.role === 'assistant') return api.LanguageModelChatMessage.Assistant(m.content);
    if (prefixed || system.length === 0) return api.LanguageModelChatMessage.User(m.content);
    prefixed = true;
    return api.LanguageModelChatMessage.User([...system, m.content].join('\n\n'));
  });
  if (!prefixed && system.length > 0) out.unshift(api.LanguageModelChatMessage.User(system.join('\n\n')));
  return out;
}

/** Prompt, answer and reasoning tokens by the model's own tokenizer (so not estimated). */
async function countUsage(
  chat: vscode.LanguageModelChat,
  messages: readonly vscode.LanguageModelChatMessage[],
  content: string,
  reasoning: string,
  token: vscode.CancellationToken,
): Promise<TokenUsage> {
  const count = async (text: string | vscode.LanguageModelChatMessage): Promise<number> => (text === '' ? 0 : await chat.countTokens(text, token));
  const [promptParts, answer, thought] = await Promise.all([Promise.all(messages.map((m) => count(m))), count(content), count(reasoning)]);
  return { prompt: promptParts.reduce((a, b) => a + b, 0), completion: answer + thought, reasoning: thought, estimated: false, costUsd: 0 };
}
