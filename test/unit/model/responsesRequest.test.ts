import { strict as assert } from 'node:assert';
import { customProfile, getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { buildResponsesBody, buildResponsesKnobs } from '../../../src/engine/model/responsesRequest';
import { readResponse, ResponsesStreamAssembler } from '../../../src/engine/model/responsesStream';
import { ModelError } from '../../../src/engine/model/types';
import type { CompletionDelta, CompletionRequest } from '../../../src/engine/model/types';

function req(extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { messages: [{ role: 'user', content: 'x' }], n: 1, reasoning: {}, ...extra };
}

describe('Responses API request body', () => {
  it('joins system messages into instructions and keeps the conversation, assistant turns included, as input', () => {
    const body = buildResponsesBody(
      'gpt-test',
      [
        { role: 'system', content: 'Rules.' },
        { role: 'user', content: 'Write f.' },
        { role: 'assistant', content: 'def f(): ...' },
        { role: 'system', content: 'Memory.' },
        { role: 'user', content: 'It failed: fix it.' },
      ],
      { sent: { max_output_tokens: 500 }, notApplied: [] },
    );
    assert.deepEqual(body, {
      model: 'gpt-test',
      instructions: 'Rules.\n\nMemory.',
      input: [
        { role: 'user', content: 'Write f.' },
        { role: 'assistant', content: 'def f(): ...' },
        { role: 'user', content: 'It failed: fix it.' },
      ],
      max_output_tokens: 500,
      store: false,
    });
  });

  it('sends a system-only conversation as input, since input is what the model answers', () => {
    const body = buildResponsesBody('m', [{ role: 'system', content: 'Only rules.' }], { sent: {}, notApplied: [] });
    assert.equal(body.instructions, undefined);
    assert.deepEqual(body.input, [{ role: 'system', content: 'Only rules.' }]);
  });

  it('translates the chat knob names and reports chat-only controls as not applied', () => {
    const openai = buildResponsesKnobs(getProviderProfile('openai'), req({ n: 4, maxTokens: 900, reasoning: { effort: 'medium' } }));
    assert.deepEqual(openai, { sent: { max_output_tokens: 900, reasoning: { effort: 'medium', summary: 'auto' } }, notApplied: [] });
    // A self-hosted server behind /responses whose profile allows thinking-template flags and sampling.
    const selfHosted = customProfile({ api: 'responses', supportsEnableThinking: true, supportsThinkingBudget: true, reasoningSources: ['think-tags'] });
    const fast = buildResponsesKnobs(selfHosted, req({ temperature: 0.3, topP: 0.8, maxTokens: 100, reasoning: { fastMode: true } }));
    assert.deepEqual(fast.sent, { max_output_tokens: 100, temperature: 0.3, top_p: 0.8 });
    assert.deepEqual(fast.notApplied, ['chat_template_kwargs {"enable_thinking":false}: the Responses API has no such parameter']);
  });
});

describe('Responses API answers', () => {
  const baseURL = 'http://127.0.0.1:1/v1';

  it('reads a non-streamed response: summaries a blank line apart, output text, incomplete as length', () => {
    const body = {
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'A.' }, { type: 'summary_text', text: 'B.' }] },
        { type: 'message', content: [{ type: 'output_text', text: 'def f():' }, { type: 'refusal', refusal: 'no' }] },
      ],
      usage: { input_tokens: 5, output_tokens: 9, output_tokens_details: { reasoning_tokens: 4 } },
    };
    const { choices, usage } = readResponse(body, baseURL, 42);
    assert.deepEqual(choices, [{ index: 0, rawContent: 'def f():', fields: { reasoning: 'A.\n\nB.' }, finishReason: 'length', finishedAt: 42 }]);
    assert.deepEqual(usage, { prompt_tokens: 5, completion_tokens: 9, completion_tokens_details: { reasoning_tokens: 4 } });
  });

  it('refuses a body that is not a response with a bad-response error naming it', () => {
    assert.throws(() => readResponse('<html>', baseURL, 0), (e: unknown) => e instanceof ModelError && e.kind === 'bad-response' && /text instead of JSON/.test(e.message));
    assert.throws(() => readResponse({ choices: [] }, baseURL, 0), (e: unknown) => e instanceof ModelError && /no output list/.test(e.message));
  });

  it('streams <think> tags out of the text for profiles that use them', () => {
    const deltas: CompletionDelta[] = [];
    const assembler = new ResponsesStreamAssembler(['think-tags'], (d) => deltas.push(d));
    for (const delta of ['<thi', 'nk>plan</th', 'ink>\ncode']) assembler.add({ type: 'response.output_text.delta', delta }, 1);
    assembler.add({ type: 'response.completed', response: { status: 'completed' } }, 2);
    const { choices } = assembler.finish(baseURL);
    assert.equal(deltas.map((d) => d.reasoning ?? '').join(''), 'plan');
    assert.equal(deltas.map((d) => d.content ?? '').join(''), 'code');
    assert.equal(choices[0]?.rawContent, '<think>plan</think>\ncode');
    assert.equal(choices[0]?.finishedAt, 2);
  });
});
