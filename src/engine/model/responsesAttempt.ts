import type { ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import type { AttemptCommon } from './chatAttempt';
import type { ResponsesBody } from './responsesRequest';
import { readResponse, ResponsesStreamAssembler } from './responsesStream';
import type { ResponsesResult } from './responsesStream';
import { ModelError } from './types';

/** What one Responses API attempt needs besides the body. */
export interface ResponsesAttempt extends AttemptCommon {
  body: ResponsesBody;
}

/**
 * One `POST /responses` through the SDK's `responses` client, streamed or not, read into
 * the same raw choice the chat path yields. Failures are thrown as they come (SDK errors,
 * {@link ModelError}, dropped streams) for the client's retry loop to classify.
 */
export async function sendResponsesAttempt(attempt: ResponsesAttempt): Promise<ResponsesResult> {
  const options = { signal: attempt.signal, timeout: attempt.timeoutMs, maxRetries: 0 };
  if (!attempt.stream) {
    const body: ResponseCreateParamsNonStreaming = { ...attempt.body, stream: false };
    const response: unknown = await attempt.sdk.responses.create(body, options);
    return readResponse(response, attempt.baseURL, Date.now());
  }
  const body: ResponseCreateParamsStreaming = { ...attempt.body, stream: true };
  const events = await attempt.sdk.responses.create(body, options);
  const assembler = new ResponsesStreamAssembler(attempt.sources, attempt.onDelta);
  for await (const event of events) assembler.add(event, Date.now());
  // The SDK ends the iteration quietly on abort; it must not look like a finished answer.
  if (attempt.signal.aborted) throw new ModelError('aborted', 'cancelled');
  return assembler.finish(attempt.baseURL);
}
