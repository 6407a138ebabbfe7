import { strict as assert } from 'node:assert';
import OpenAI from 'openai';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { ScriptedModelServer } from '../../doubles/scriptedModelServer';

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Each SSE message of a body as its `event:` name and parsed `data:`. */
function sseMessages(text: string): { event: string | undefined; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const data = lines.find((l) => l.startsWith('data: '))?.slice('data: '.length) ?? 'null';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe('scripted model server: the Responses API (the test double itself)', () => {
  let server: ScriptedModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('streams named, numbered events: summary parts, text deltas, then response.completed with usage', async () => {
    server = await startScriptedModelServer([{ content: 'abcd', reasoning: 'one\n\ntwo', chunkChars: 2, usage: { prompt_tokens: 7, completion_tokens: 30, reasoning_tokens: 20 } }]);
    const res = await post(server.url, { model: 'm', input: [{ role: 'user', content: 'hi' }], stream: true });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const text = await res.text();
    assert.ok(!text.includes('[DONE]'), 'the Responses stream has no [DONE]');
    const messages = sseMessages(text);
    for (const [i, m] of messages.entries()) {
      assert.equal(m.event, m.data['type'], 'the event line names the data type');
      assert.equal(m.data['sequence_number'], i);
    }
    const types = messages.map((m) => m.event);
    assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.reasoning_summary_part.added']);
    assert.equal(types.at(-1), 'response.completed');
    const deltas = (type: string): string[] => messages.filter((m) => m.event === type).map((m) => String(m.data['delta']));
    assert.deepEqual(deltas('response.reasoning_summary_text.delta'), ['on', 'e', 'tw', 'o']);
    assert.deepEqual(messages.filter((m) => m.event === 'response.reasoning_summary_text.delta').map((m) => m.data['summary_index']), [0, 0, 1, 1]);
    assert.deepEqual(deltas('response.output_text.delta'), ['ab', 'cd']);
    const final = messages.at(-1)?.data['response'] as Record<string, unknown>;
    assert.deepEqual(final['usage'], { input_tokens: 7, input_tokens_details: { cached_tokens: 0 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 37 });
    assert.equal(server.requests[0]?.replyIndex, 0);
  });

  it("is a stream the SDK's own accumulator reads into the scripted response", async () => {
    server = await startScriptedModelServer([{ content: 'def f(): pass', reasoning: 'Short.\n\nDone.' }]);
    const client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
    const stream = client.responses.stream({ model: 'm', input: 'hi', reasoning: { summary: 'auto' } });
    const final = await stream.finalResponse();
    assert.equal(final.output_text, 'def f(): pass');
    const reasoning = final.output.find((item) => item.type === 'reasoning');
    assert.deepEqual(reasoning?.type === 'reasoning' ? reasoning.summary.map((s) => s.text) : [], ['Short.', 'Done.']);
    assert.equal(final.status, 'completed');
  });

  it('answers JSON when not streaming, and a cut answer as incomplete at max_output_tokens', async () => {
    server = await startScriptedModelServer([{ content: 'half', reasoning: 'r', finish_reason: 'length' }]);
    const res = await post(server.url, { model: 'm', input: 'hi', instructions: 'be brief', max_output_tokens: 16 });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body['object'], 'response');
    assert.equal(body['status'], 'incomplete');
    assert.deepEqual(body['incomplete_details'], { reason: 'max_output_tokens' });
    const output = body['output'] as { type: string; summary?: { text: string }[]; content?: { type: string; text: string }[] }[];
    assert.deepEqual(output.map((o) => o.type), ['reasoning', 'message']);
    assert.equal(output[1]?.content?.[0]?.text, 'half');
    // Computed usage counts the instructions and the input (10 characters: 3 tokens).
    assert.equal((body['usage'] as { input_tokens: number }).input_tokens, 3);
  });

  it('refuses chat-only fields as OpenAI does, and a body without input', async () => {
    server = await startScriptedModelServer([{ content: 'never' }]);
    const withN = await post(server.url, { model: 'm', input: 'hi', n: 2 });
    assert.equal(withN.status, 400);
    assert.deepEqual(((await withN.json()) as { error: unknown }).error, { message: "Unknown parameter: 'n'.", type: 'invalid_request_error', param: 'n', code: 'unknown_parameter' });
    const noInput = await post(server.url, { model: 'm', messages: [] });
    assert.equal(noInput.status, 400);
    const missing = await post(server.url, { model: 'm' });
    assert.match(await missing.text(), /Missing required parameter: 'input'/);
    assert.deepEqual(server.requests.map((r) => r.replyIndex), [undefined, undefined, undefined], 'refused requests use no reply');
  });
});
