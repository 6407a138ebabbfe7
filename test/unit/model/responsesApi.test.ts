import { strict as assert } from 'node:assert';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import type { OpenAIModelClientOptions } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { CompletionDelta, CompletionRequest } from '../../../src/engine/model/types';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { Script, ScriptedModelServer, ScriptedServerOptions } from '../../doubles/scriptedModelServer';
import { rejection } from './rejection';

const KEY = 'sk-test-responses-0123456789';
const FENCED = 'Here it is:\n```python\ndef add(a, b):\n    return a + b\n```\n';
const SUMMARY = 'Adding is enough.\n\nNo edge cases beyond ints.';

function request(extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { messages: [{ role: 'system', content: 'You write Python.' }, { role: 'user', content: 'Implement add.' }], n: 1, reasoning: {}, ...extra };
}

describe('OpenAIModelClient over the Responses API (openai and azure profiles)', () => {
  let server: ScriptedModelServer | undefined;
  const logs: string[] = [];

  async function serve(script: Script, client: Partial<OpenAIModelClientOptions> = {}, opts: ScriptedServerOptions = {}): Promise<{ client: OpenAIModelClient; server: ScriptedModelServer }> {
    server = await startScriptedModelServer(script, opts);
    return {
      server,
      client: new OpenAIModelClient({
        baseURL: server.url,
        apiKey: KEY,
        model: 'gpt-test',
        profile: getProviderProfile('openai'),
        maxRetries: 2,
        retryTiming: { baseDelayMs: 5, maxDelayMs: 20 },
        logger: (l) => logs.push(l),
        ...client,
      }),
    };
  }

  const body = (i = 0): Record<string, unknown> => server?.requests[i]?.body as Record<string, unknown>;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const line of logs) assert.ok(!line.includes(KEY), `the API key leaked into a log line: ${line}`);
    logs.length = 0;
  });

  it('posts to /responses with instructions, input, effort and summaries, max_output_tokens and store: false', async () => {
    const { client, server } = await serve([{ content: FENCED }]);
    const [choice] = await client.complete(request({ maxTokens: 2000, reasoning: { effort: 'high' } }), new AbortController().signal);
    assert.equal(server.requests[0]?.path, '/v1/responses');
    assert.equal(server.requests[0]?.headers['authorization'], `Bearer ${KEY}`);
    assert.deepEqual(body(), {
      model: 'gpt-test',
      instructions: 'You write Python.',
      input: [{ role: 'user', content: 'Implement add.' }],
      max_output_tokens: 2000,
      reasoning: { effort: 'high', summary: 'auto' },
      store: false,
      stream: true,
    });
    assert.deepEqual(choice?.applied, { sent: { max_output_tokens: 2000, reasoning: { effort: 'high', summary: 'auto' } }, notApplied: [] });
    assert.ok(logs.some((l) => l.startsWith(`POST ${server.url}/responses model=gpt-test stream=true`)));
  });

  it('turns fast mode into the lowest effort the profile takes', async () => {
    const { client } = await serve([{ content: 'x' }, { content: 'y' }]);
    const [fast] = await client.complete(request({ reasoning: { fastMode: true } }), new AbortController().signal);
    assert.deepEqual(body(0)['reasoning'], { effort: 'none', summary: 'auto' });
    assert.deepEqual(fast?.applied.notApplied, []);
    const gpt5 = new OpenAIModelClient({ baseURL: server?.url ?? '', apiKey: KEY, model: 'gpt-5', profile: getProviderProfile('openai', { reasoningEfforts: ['minimal', 'low', 'medium', 'high'] }) });
    await gpt5.complete(request({ reasoning: { fastMode: true } }), new AbortController().signal);
    assert.deepEqual(body(1)['reasoning'], { effort: 'minimal', summary: 'auto' });
  });

  it('reports a reasoning budget and a temperature as not applied, and sends neither', async () => {
    const { client } = await serve([{ content: 'x' }]);
    const [choice] = await client.complete(request({ temperature: 0.7, topP: 0.5, reasoning: { budgetTokens: 1000, effort: 'low' } }), new AbortController().signal);
    const sent = body();
    for (const field of ['temperature', 'top_p', 'n', 'messages', 'max_tokens', 'max_completion_tokens', 'reasoning_effort', 'thinking_budget']) {
      assert.equal(sent[field], undefined, `${field} is not sent`);
    }
    assert.deepEqual(sent['reasoning'], { effort: 'low', summary: 'auto' });
    const notApplied = choice?.applied.notApplied ?? [];
    assert.ok(notApplied.some((n) => n === 'reasoning budget 1000 tokens: OpenAI takes no reasoning-token budget'), notApplied.join('; '));
    assert.ok(notApplied.some((n) => n.startsWith('temperature 0.7: OpenAI reasoning models take only their default')));
    assert.ok(notApplied.some((n) => n.startsWith('top-p 0.5')));
  });

  it('streams reasoning summaries into onDelta as reasoning, parts a blank line apart, and returns them with the usage', async () => {
    const usage = { prompt_tokens: 40, completion_tokens: 350, reasoning_tokens: 300 };
    const { client } = await serve([{ content: FENCED, reasoning: SUMMARY, usage, chunkChars: 5 }]);
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(choice?.reasoning, SUMMARY);
    assert.equal(choice?.content, FENCED);
    assert.equal(choice?.finishReason, 'stop');
    assert.deepEqual(choice?.usage, { prompt: 40, completion: 350, reasoning: 300, estimated: false });
    assert.equal(deltas.map((d) => d.reasoning ?? '').join(''), SUMMARY);
    assert.equal(deltas.map((d) => d.content ?? '').join(''), FENCED);
    assert.ok(deltas.filter((d) => d.reasoning !== undefined).length > 4, 'the summary came in several fragments');
    const firstContent = deltas.findIndex((d) => d.content !== undefined);
    assert.ok(deltas.slice(firstContent).every((d) => d.reasoning === undefined), 'the summary streams before the answer');
  });

  it('reads reasoning and content from the output items when the profile does not stream', async () => {
    const profile = getProviderProfile('openai', { supportsStreaming: false });
    const { client } = await serve([{ content: FENCED, reasoning: SUMMARY, usage: { prompt_tokens: 10, completion_tokens: 90, reasoning_tokens: 60 } }], { profile });
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(body()['stream'], false);
    assert.equal(choice?.reasoning, SUMMARY);
    assert.equal(choice?.content, FENCED);
    assert.deepEqual(choice?.usage, { prompt: 10, completion: 90, reasoning: 60, estimated: false });
    assert.deepEqual(deltas, [{ index: 0, reasoning: SUMMARY }, { index: 0, content: FENCED }]);
  });

  it("ends with finish reason 'length' when the response is incomplete at max_output_tokens, streamed and not", async () => {
    const cut = { content: 'def add(a, b):\n    ret', reasoning: 'Thinking', finish_reason: 'length' };
    const { client } = await serve([cut, cut]);
    const [streamed] = await client.complete(request({ maxTokens: 64 }), new AbortController().signal);
    assert.equal(streamed?.finishReason, 'length');
    assert.equal(streamed?.content, cut.content);
    const whole = new OpenAIModelClient({ baseURL: server?.url ?? '', apiKey: KEY, model: 'gpt-test', profile: getProviderProfile('openai', { supportsStreaming: false }) });
    const [read] = await whole.complete(request({ maxTokens: 64 }), new AbortController().signal);
    assert.equal(read?.finishReason, 'length');
    assert.equal(read?.reasoning, 'Thinking');
  });

  it("cancels mid-stream after the first fragment: 'cancelled', and the server sees the connection closed", async () => {
    const { client, server } = await serve([{ content: 'y'.repeat(200), reasoning: 'plan', chunkChars: 2, chunkDelayMs: 30 }]);
    const controller = new AbortController();
    const deltas: CompletionDelta[] = [];
    const err = await rejection(
      client.complete(request(), controller.signal, (d) => {
        deltas.push(d);
        controller.abort();
      }),
    );
    assert.equal(err.kind, 'cancelled');
    assert.equal((await server.settled(0)).outcome, 'aborted');
    assert.ok(deltas.length <= 2, `the stream stopped at once (${deltas.length} fragments)`);
    assert.equal(server.requests.length, 1, 'a cancelled request is not retried');
  });

  it('retries a 429 after the wait the server asked for', async () => {
    const { client, server } = await serve([{ status: 429, headers: { 'retry-after-ms': '200' } }, { content: 'ok', reasoning: 'fine' }]);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.content, 'ok');
    assert.equal(choice?.reasoning, 'fine');
    const [first, second] = server.requests;
    assert.ok(first?.respondedAt !== undefined && second !== undefined);
    assert.ok(second.receivedAt - first.respondedAt >= 200, `retried after ${second.receivedAt - first.respondedAt} ms`);
    assert.equal(second.path, '/v1/responses');
    assert.ok(logs.some((l) => l.startsWith('retry 1/2 in 200 ms (server asked)') && /429/.test(l)));
  });

  it('retries a stream that drops mid-answer and tells the listener to reset', async () => {
    const { client, server } = await serve([
      { content: 'return a + b', reasoning: 'plan', chunkChars: 2, chunkDelayMs: 10, dropAfterChunks: 9 },
      { content: 'return a + b', reasoning: 'plan' },
    ]);
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(choice?.content, 'return a + b');
    assert.equal(choice?.reasoning, 'plan');
    assert.equal(server.requests[0]?.outcome, 'dropped');
    const reset = deltas.findIndex((d) => d.reset === true);
    assert.ok(reset > 0, 'fragments of the dropped attempt came before a reset');
    assert.equal(deltas.slice(reset + 1).map((d) => d.reasoning ?? '').join(''), 'plan');
    assert.equal(deltas.slice(reset + 1).map((d) => d.content ?? '').join(''), 'return a + b');
  });

  it('retries a stream that ends before response.completed', async () => {
    const sse = { 'content-type': 'text/event-stream' };
    const half = `event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', sequence_number: 0, item_id: 'm', output_index: 0, content_index: 0, delta: 'half', logprobs: [] })}\n\n`;
    const { client, server } = await serve([{ body: half, headers: sse }, { content: 'whole' }]);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.content, 'whole');
    assert.equal(server.requests.length, 2);
    assert.ok(logs.some((l) => /retry 1\/2 .*never completed/.test(l)));
  });

  it('retries a response.failed server error, but not a failure another attempt cannot fix', async () => {
    const sse = { 'content-type': 'text/event-stream' };
    const failed = (code: string, message: string): string =>
      `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 0, response: { id: 'r', object: 'response', status: 'failed', error: { code, message }, output: [] } })}\n\n`;
    const { client, server } = await serve([
      { body: failed('server_error', 'The server had an error.'), headers: sse },
      { content: 'recovered' },
      { body: failed('invalid_prompt', 'This prompt was flagged.'), headers: sse },
    ]);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.content, 'recovered');
    const err = await rejection(client.complete(request(), new AbortController().signal));
    assert.equal(err.kind, 'bad-request');
    assert.match(err.message, /invalid_prompt.*This prompt was flagged/);
    assert.equal(server.requests.length, 3);
  });

  it("retries after an error event mid-stream, and gives up with 'server' when it keeps coming", async () => {
    const sse = { 'content-type': 'text/event-stream' };
    const error = `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 3, code: 'server_error', message: 'Upstream overloaded.', param: null })}\n\n`;
    const { client, server } = await serve([{ body: error, headers: sse }, { content: 'second time' }, { body: error, headers: sse }], {}, { whenExhausted: 'repeat-last' });
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.content, 'second time');
    const err = await rejection(client.complete(request(), new AbortController().signal));
    assert.equal(err.kind, 'server');
    assert.match(err.message, /mid-answer: "Upstream overloaded\.".*all 3 attempts/);
    assert.equal(server.requests.length, 5);
  });

  it("times out a slow response with 'timeout' and closes the connection", async () => {
    const { client, server } = await serve([{ content: 'late', delayMs: 3000 }]);
    const err = await rejection(client.complete(request({ timeoutMs: 200 }), new AbortController().signal));
    assert.equal(err.kind, 'timeout');
    assert.equal((await server.settled(0)).outcome, 'aborted');
    assert.equal(server.requests.length, 1);
  });

  it("names the problem when the server answers /responses with chat chunks: 'bad-response'", async () => {
    const chat = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
    const { client } = await serve([{ body: chat, headers: { 'content-type': 'text/event-stream' } }]);
    const err = await rejection(client.complete(request(), new AbortController().signal));
    assert.equal(err.kind, 'bad-response');
    assert.match(err.message, /no Responses API events.*Chat Completions/);
  });

  it('says a 404 may mean a server without the Responses API', async () => {
    const { client } = await serve([{ status: 404, body: { error: { message: 'No route POST /v1/responses', type: 'invalid_request_error', param: null, code: 'unknown_url' } } }]);
    const err = await rejection(client.complete(request(), new AbortController().signal));
    assert.equal(err.kind, 'not-found');
    assert.match(err.message, /"gpt-test" was not found .*No route POST \/v1\/responses.*offers only \/chat\/completions, choose a profile that uses Chat Completions/);
  });

  it('sends the Azure key as api-key on /responses', async () => {
    const { client, server } = await serve([{ content: 'x', reasoning: 'r' }], { profile: getProviderProfile('azure') });
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(server.requests[0]?.path, '/v1/responses');
    assert.equal(server.requests[0]?.headers['api-key'], KEY);
    assert.equal(server.requests[0]?.rawBody.includes(KEY), false);
    assert.equal(choice?.reasoning, 'r');
  });

  it('asks again without summaries when the server refuses them to this key, and remembers it', async () => {
    const refusal = 'Your organization must be verified to generate reasoning summaries.';
    const { client, server } = await serve(
      (req) => {
        const reasoning = (req.body as { reasoning?: { summary?: string } }).reasoning;
        if (reasoning?.summary === undefined) return { content: 'ok' };
        return { status: 400, body: { error: { message: refusal, type: 'invalid_request_error', param: 'reasoning.summary', code: 'unsupported_value' } } };
      },
      { maxRetries: 0 },
    );
    // Two parallel samples are both refused; each asks again at once, which is not a retry.
    const got = await client.complete(request({ n: 2, reasoning: { effort: 'low' } }), new AbortController().signal);
    assert.deepEqual(got.map((c) => c.content), ['ok', 'ok']);
    assert.deepEqual(server.requests.map((r) => r.status), [400, 400, 200, 200]);
    assert.deepEqual(body(2)['reasoning'], { effort: 'low' });
    for (const c of got) {
      assert.deepEqual(c.applied.sent['reasoning'], { effort: 'low' });
      assert.ok(c.applied.notApplied.some((n) => n.startsWith('reasoning summaries: OpenAI refused them') && n.includes(refusal)), c.applied.notApplied.join('; '));
    }
    await client.complete(request(), new AbortController().signal);
    assert.equal(server.requests.length, 5, 'later requests go without summaries from the start');
    assert.equal(body(4)['reasoning'], undefined);
  });

  it('does not mistake another 400 for a summary refusal', async () => {
    const { client, server } = await serve([{ status: 400, body: { error: { message: "Invalid 'max_output_tokens': integer below minimum value.", type: 'invalid_request_error', param: 'max_output_tokens', code: 'integer_below_min_value' } } }]);
    const err = await rejection(client.complete(request({ maxTokens: 8 }), new AbortController().signal));
    assert.equal(err.kind, 'bad-request');
    assert.match(err.message, /max_output_tokens/);
    assert.equal(server.requests.length, 1);
  });

  it('asks N samples as N parallel requests without n, indexed 0…N-1', async () => {
    const { client, server } = await serve((_req, i) => ({ content: `answer ${i}`, reasoning: `why ${i}`, chunkDelayMs: 20 }));
    assert.equal(client.profile.supportsN, false, 'the Responses API has no n');
    const deltas: CompletionDelta[] = [];
    const got = await client.complete(request({ n: 3 }), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(server.requests.length, 3);
    for (const r of server.requests) assert.equal((r.body as Record<string, unknown>)['n'], undefined);
    assert.deepEqual(got.map((c) => c.index), [0, 1, 2]);
    assert.deepEqual(new Set(got.map((c) => c.content)), new Set(['answer 0', 'answer 1', 'answer 2']));
    for (const c of got) {
      assert.equal(c.reasoning, c.content.replace('answer', 'why'), 'each choice keeps its own summary');
      assert.equal(deltas.filter((d) => d.index === c.index).map((d) => d.reasoning ?? '').join(''), c.reasoning);
    }
    const overlapping = server.requests.every((r) => r.receivedAt < Math.min(...server.requests.map((q) => q.endedAt ?? Infinity)));
    assert.ok(overlapping, 'the three requests were in flight together');
  });
});
