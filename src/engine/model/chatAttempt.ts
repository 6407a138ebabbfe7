import type { OpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { readCompletion, StreamAssembler } from './choiceAssembly';
import type { RawChoice } from './choiceAssembly';
import { StreamDroppedError } from './modelErrors';
import { ModelError } from './types';
import type { ChatMessage, CompletionDelta, ReasoningSource } from './types';
import type { ServerUsage } from './usageSplit';

/** What an attempt through either API needs besides its body. */
export interface AttemptCommon {
  sdk: OpenAI;
  stream: boolean;
  /** The attempt's own signal (caller's cancellation and the request timeout). */
  signal: AbortSignal;
  /** Passed to the SDK: how long to wait for the response headers. */
  timeoutMs: number;
  sources: readonly ReasoningSource[];
  baseURL: string;
  onDelta: ((delta: CompletionDelta) => void) | undefined;
}

/** What one Chat Completions attempt needs. */
export interface ChatAttempt extends AttemptCommon {
  model: string;
  messages: ChatMessage[];
  /** The body fields the profile lets through (`buildRequestKnobs`). */
  knobs: Record<string, unknown>;
}

/**
 * One `POST /chat/completions`, streamed (with usage in the last chunk) or not, read into raw
 * choices. Failures are thrown as they come (SDK errors, {@link ModelError}, dropped streams)
 * for the client's retry loop to classify.
 */
export async function sendChatAttempt(attempt: ChatAttempt): Promise<{ choices: RawChoice[]; usage?: ServerUsage }> {
  const options = { signal: attempt.signal, timeout: attempt.timeoutMs, maxRetries: 0 };
  const base = { model: attempt.model, messages: attempt.messages, ...attempt.knobs };
  if (!attempt.stream) {
    const body: ChatCompletionCreateParamsNonStreaming = { ...base, stream: false };
    const completion: unknown = await attempt.sdk.chat.completions.create(body, options);
    return readCompletion(completion, attempt.baseURL, Date.now());
  }
  const body: ChatCompletionCreateParamsStreaming = { ...base, stream: true, stream_options: { include_usage: true } };
  const chunks = await attempt.sdk.chat.completions.create(body, options);
  const assembler = new StreamAssembler(attempt.sources, attempt.onDelta);
  for await (const chunk of chunks) assembler.add(chunk, Date.now());
  // The SDK ends the iteration quietly on abort; it must not look like a finished answer.
  if (attempt.signal.aborted) throw new ModelError('aborted', 'cancelled');
  const result = assembler.finish(attempt.baseURL);
  if (result.unfinished.length > 0) throw new StreamDroppedError(`choice ${result.unfinished.join(', ')} never finished`);
  return result;
}
