import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import type { OpenAIModelClientOptions } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { CompletionDelta, CompletionRequest } from '../../../src/engine/model/types';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { Script, ScriptedModelServer, ScriptedServerOptions } from '../../doubles/scriptedModelServer';
import { rejection } from './rejection';

const KEY = 'sk-test-failures-secret';
const REQUEST: CompletionRequest = { messages: [{ role: 'user', content: 'Implement add.' }], n: 1, reasoning: {} };

describe('OpenAIModelClient: retries, errors, timeouts and cancellation over HTTP', () => {
  let server: ScriptedModelServer | undefined;
  const logs: string[] = [];

  async function serve(script: Script, opts: ScriptedServerOptions = {}, client: Partial<OpenAIModelClientOptions> = {}): Promise<{ client: OpenAIModelClient; server: ScriptedModelServer }> {
    server = await startScriptedModelServer(script, opts);
    return {
      server,
      client: new OpenAIModelClient({
        baseURL: server.url,
        apiKey: KEY,
        model: 'test-model',
        profile: getProviderProfile('vllm'),
        maxRetries: 2,
        retryTiming: { baseDelayMs: 5, maxDelayMs: 20 },
        logger: (l) => logs.push(l),
        ...client,
      }),
    };
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const line of logs) assert.ok(!line.includes(KEY), `the API key leaked into a log line: ${line}`);
    logs.length = 0;
  });

  it('honours Retry-After seconds on 429, measured by the server', async () => {
    const { client, server } = await serve([{ status: 429, headers: { 'retry-after': '1' } }, { content: 'ok' }]);
    const [choice] = await client.complete(REQUEST, new AbortController().signal);
    assert.equal(choice?.content, 'ok');
    const [first, second] = server.requests;
    assert.ok(first?.respondedAt !== undefined && second !== undefined);
    assert.ok(second.receivedAt - first.respondedAt >= 1000, `retried after ${second.receivedAt - first.respondedAt} ms`);
    assert.ok(logs.some((l) => l.startsWith('retry 1/2 in 1000 ms (server asked)')));
  });

  it('honours retry-after-ms on 503', async () => {
    const { client, server } = await serve([{ status: 503, headers: { 'retry-after-ms': '300' } }, { content: 'ok' }]);
    await client.complete(REQUEST, new AbortController().signal);
    const [first, second] = server.requests;
    assert.ok(first?.respondedAt !== undefined && second !== undefined);
    assert.ok(second.receivedAt - first.respondedAt >= 300, `retried after ${second.receivedAt - first.respondedAt} ms`);
  });

  it('returns the error instead of waiting when the server asks for longer than allowed', async () => {
    const { client, server } = await serve([{ status: 429, headers: { 'retry-after': '120' } }, { content: 'never' }]);
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'rate-limit');
    assert.match(err.message, /asked to wait 120 s/);
    assert.equal(server.requests.length, 1);
  });

  it('retries a 500 and then succeeds', async () => {
    const { client, server } = await serve([{ status: 500 }, { content: 'fine' }]);
    const [choice] = await client.complete(REQUEST, new AbortController().signal);
    assert.equal(choice?.content, 'fine');
    assert.equal(server.requests.length, 2);
  });

  it("gives up on 500 forever with a 'server' error after maxRetries", async () => {
    const { client, server } = await serve([{ status: 500 }], { whenExhausted: 'repeat-last' });
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'server');
    assert.equal(err.status, 500);
    assert.equal(server.requests.length, 3);
  });

  it('retries a stream that drops mid-answer and tells the listener to reset', async () => {
    const answer = '<think>plan</think>\nreturn a + b';
    const { client, server } = await serve([{ content: answer, dropAfterChunks: 5, chunkDelayMs: 15, chunkChars: 4 }, { content: answer }]);
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(REQUEST, new AbortController().signal, (d) => deltas.push(d));
    assert.equal(choice?.content, 'return a + b');
    assert.equal(server.requests[0]?.outcome, 'dropped');
    const reset = deltas.findIndex((d) => d.reset === true);
    assert.ok(reset > 0, 'fragments of the dropped attempt came before a reset');
    assert.equal(deltas.slice(reset + 1).map((d) => d.content ?? '').join(''), 'return a + b');
  });

  it('retries a stream that ends cleanly before finish_reason; malformed SSE JSON is a bad response', async () => {
    const sse = { 'content-type': 'text/event-stream' };
    const unfinished = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'half' }, finish_reason: null }] })}\n\n`;
    const { client, server } = await serve([{ body: unfinished, headers: sse }, { content: 'whole' }, { body: 'data: {"choices": [\n\n', headers: sse }]);
    const [choice] = await client.complete(REQUEST, new AbortController().signal);
    assert.equal(choice?.content, 'whole');
    assert.equal(server.requests.length, 2);
    assert.ok(logs.some((l) => /retry 1\/2 .*never finished/.test(l)));
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'bad-response');
    assert.equal(server.requests.length, 3);
  });

  it("fails with 'network' when every attempt's stream drops", async () => {
    const { client, server } = await serve([{ content: 'x'.repeat(100), dropAfterChunks: 2 }], { whenExhausted: 'repeat-last' });
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'network');
    assert.match(err.message, /all 3 attempts/);
    assert.equal(server.requests.length, 3);
  });

  it("times out a slow response with 'timeout' and closes the connection", async () => {
    const { client, server } = await serve([{ content: 'late', delayMs: 3000 }]);
    const err = await rejection(client.complete({ ...REQUEST, timeoutMs: 200 }, new AbortController().signal));
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /200 ms/);
    const seen = await server.settled(0);
    assert.equal(seen.outcome, 'aborted');
    assert.equal(server.requests.length, 1, 'a timeout is not retried');
  });

  it("cancels a slow stream: rejects 'cancelled' and the server sees the socket closed", async () => {
    const { client, server } = await serve([{ content: 'y'.repeat(200), chunkChars: 2, chunkDelayMs: 50 }]);
    const controller = new AbortController();
    const deltas: CompletionDelta[] = [];
    const pending = client.complete(REQUEST, controller.signal, (d) => {
      deltas.push(d);
      if (deltas.length === 3) controller.abort();
    });
    const err = await rejection(pending);
    assert.equal(err.kind, 'cancelled');
    const seen = await server.settled(0);
    assert.equal(seen.outcome, 'aborted');
    assert.ok(deltas.length < 100, 'the stream stopped long before its end');
  });

  it('cancels during a retry wait', async () => {
    const { client, server } = await serve([{ status: 429, headers: { 'retry-after': '30' } }, { content: 'never' }], {}, { retryTiming: { maxRetryAfterMs: 60_000 } });
    const controller = new AbortController();
    const pending = client.complete(REQUEST, controller.signal);
    await server.settled(0);
    controller.abort();
    const err = await rejection(pending);
    assert.equal(err.kind, 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  it('lists models to prove the URL and key, and maps a wrong key to auth there too', async () => {
    const { client, server } = await serve([], { models: ['a', 'b'], apiKey: KEY });
    assert.deepEqual(await client.listModels(new AbortController().signal), ['a', 'b']);
    assert.equal(server.requests[0]?.path, '/v1/models');
    const wrong = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-wrong-key', model: 'a', profile: getProviderProfile('vllm') });
    assert.equal((await rejection(wrong.listModels(new AbortController().signal))).kind, 'auth');
  });

  it("cancels a response whose headers have not come yet: 'cancelled', socket closed", async () => {
    const { client, server } = await serve([{ content: 'late', delayMs: 5000 }]);
    const controller = new AbortController();
    const pending = client.complete(REQUEST, controller.signal);
    setTimeout(() => controller.abort(), 100);
    assert.equal((await rejection(pending)).kind, 'cancelled');
    assert.equal((await server.settled(0)).outcome, 'aborted');
  });

  it("maps 401 to 'auth' without echoing the key", async () => {
    const { client } = await serve([{ content: 'x' }], { apiKey: 'the-right-key' });
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /rejected the API key \(401\)/);
    assert.ok(!err.message.includes(KEY));
  });

  it("maps an unknown model to 'not-found' naming it", async () => {
    const { client } = await serve([{ content: 'x' }], { models: ['served-model'] });
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'not-found');
    assert.match(err.message, /"test-model"/);
  });

  it("maps a refused connection to 'network' naming the base URL", async () => {
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const client = new OpenAIModelClient({ baseURL, apiKey: KEY, model: 'm', profile: getProviderProfile('vllm'), maxRetries: 1, retryTiming: { baseDelayMs: 5 } });
    const err = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(err.kind, 'network');
    assert.ok(err.message.includes(baseURL));
    assert.match(err.message, /connection refused/);
  });

  it("maps malformed JSON and a completion without choices to 'bad-response'", async () => {
    const profile = getProviderProfile('vllm', { supportsStreaming: false });
    const { client } = await serve([{ body: '{"choices": [' }, { body: { id: 'x', object: 'chat.completion', choices: [] } }], {}, { profile });
    const malformed = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(malformed.kind, 'bad-response');
    const empty = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(empty.kind, 'bad-response');
    assert.match(empty.message, /no choices/);
  });

  it("maps a 400 naming a parameter to 'bad-request' with the server's words", async () => {
    const body = { error: { message: "Unsupported parameter: 'temperature'", type: 'invalid_request_error', param: 'temperature', code: null } };
    const { client, server } = await serve([{ status: 400, body }]);
    const err = await rejection(client.complete({ ...REQUEST, temperature: 0.5 }, new AbortController().signal));
    assert.equal(err.kind, 'bad-request');
    assert.match(err.message, /Unsupported parameter: 'temperature'/);
    assert.equal(server.requests.length, 1);
  });

  it('rejects an invalid request before sending anything', async () => {
    const { client, server } = await serve([{ content: 'x' }]);
    const err = await rejection(client.complete({ ...REQUEST, n: 0 }, new AbortController().signal));
    assert.equal(err.kind, 'bad-request');
    assert.match(err.message, /n must be a whole number/);
    assert.equal(server.requests.length, 0);
  });

  it('on a fan-out, one failure aborts the sibling requests', async () => {
    const profile = getProviderProfile('ollama');
    const { client, server } = await serve((_r, i) => (i === 0 ? { status: 401 } : { content: 'slow', delayMs: 3000 }), {}, { profile });
    const err = await rejection(client.complete({ ...REQUEST, n: 3 }, new AbortController().signal));
    assert.equal(err.kind, 'auth');
    const outcomes = await Promise.all([1, 2].map((i) => server.settled(i)));
    assert.deepEqual(outcomes.map((r) => r.outcome), ['aborted', 'aborted']);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
