import { strict as assert } from 'node:assert';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { countTokens } from '../../../src/engine/tokens';
import type { CompletionDelta, CompletionRequest, ProviderProfile } from '../../../src/engine/model/types';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { ScriptedModelServer, Script } from '../../doubles/scriptedModelServer';

const KEY = 'sk-test-0123456789abcdef';
const FENCED = 'Here it is:\n```python\ndef add(a, b):\n    return a + b\n```\n';

/** OpenAI's models through Chat Completions (a custom setup): `n`, no reasoning text, only its token count. */
const OPENAI_CHAT = getProviderProfile('openai', { api: 'chat', reasoningSources: [] });

function request(extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { messages: [{ role: 'system', content: 'You write Python.' }, { role: 'user', content: 'Implement add.' }], n: 1, reasoning: {}, ...extra };
}

describe('OpenAIModelClient: content, reasoning, usage and knobs over HTTP', () => {
  let server: ScriptedModelServer | undefined;
  const logs: string[] = [];

  async function serve(script: Script, profile: ProviderProfile | string = 'vllm'): Promise<{ client: OpenAIModelClient; server: ScriptedModelServer }> {
    server = await startScriptedModelServer(script);
    const resolved = typeof profile === 'string' ? getProviderProfile(profile) : profile;
    const client = new OpenAIModelClient({ baseURL: server.url, apiKey: KEY, model: 'test-model', profile: resolved, logger: (l) => logs.push(l), retryTiming: { baseDelayMs: 5 } });
    return { client, server };
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const line of logs) assert.ok(!line.includes(KEY), `the API key leaked into a log line: ${line}`);
    logs.length = 0;
  });

  it('returns fenced content verbatim, streamed, and sends the key only as the Authorization header', async () => {
    const { client, server } = await serve([{ content: FENCED }]);
    const deltas: CompletionDelta[] = [];
    const [choice, ...rest] = await client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(rest.length, 0);
    assert.equal(choice?.content, FENCED);
    assert.equal(choice?.reasoning, '');
    assert.equal(choice?.finishReason, 'stop');
    assert.equal(deltas.map((d) => d.content ?? '').join(''), FENCED);
    const sent = server.requests[0];
    assert.equal(sent?.headers['authorization'], `Bearer ${KEY}`);
    assert.equal(sent?.rawBody.includes(KEY), false);
    assert.deepEqual((sent?.body as { stream_options?: unknown }).stream_options, { include_usage: true });
    assert.ok(logs.some((l) => l.startsWith(`POST ${server.url}/chat/completions model=test-model`)));
  });

  it('returns bare (unfenced) content from a non-streaming profile', async () => {
    const profile = getProviderProfile('custom', { supportsStreaming: false });
    const { client, server } = await serve([{ content: 'def add(a, b):\n    return a + b' }], profile);
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(choice?.content, 'def add(a, b):\n    return a + b');
    assert.equal((server.requests[0]?.body as { stream?: boolean }).stream, false);
    assert.deepEqual(deltas, [{ index: 0, content: 'def add(a, b):\n    return a + b' }]);
  });

  it('splits <think> blocks out of the content, streamed as reasoning deltas', async () => {
    const { client } = await serve([{ content: `<think>Add the two numbers.</think>\n${FENCED}`, chunkChars: 3 }], 'ollama');
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(choice?.content, FENCED);
    assert.equal(choice?.reasoning, 'Add the two numbers.');
    assert.equal(deltas.map((d) => d.reasoning ?? '').join(''), 'Add the two numbers.');
    assert.equal(deltas.map((d) => d.content ?? '').join(''), FENCED);
  });

  it('keeps an unclosed <think> (reasoning cap hit) as reasoning with finish_reason length and empty content', async () => {
    const { client } = await serve([{ content: '<think>Let me consider every case', finish_reason: 'length' }], 'lmstudio');
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.finishReason, 'length');
    assert.equal(choice?.content, '');
    assert.equal(choice?.reasoning, 'Let me consider every case');
  });

  it('reads reasoning_content (vLLM) and the reasoning field (OpenRouter), streamed and not', async () => {
    const vllm = await serve([{ content: FENCED, reasoning_content: 'Sum them.' }], 'vllm');
    const deltas: CompletionDelta[] = [];
    const [a] = await vllm.client.complete(request(), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(a?.reasoning, 'Sum them.');
    assert.equal(a?.content, FENCED);
    assert.equal(deltas.map((d) => d.reasoning ?? '').join(''), 'Sum them.');
    await vllm.server.close();

    const openrouter = getProviderProfile('openrouter', { supportsStreaming: false });
    const or = await serve([{ content: FENCED, reasoning: 'Use +.' }], openrouter);
    const [b] = await or.client.complete(request(), new AbortController().signal);
    assert.equal(b?.reasoning, 'Use +.');
    assert.equal(b?.content, FENCED);
  });

  it('ignores reasoning sources a profile does not use (OpenAI over chat leaves <think> text in content)', async () => {
    const { client } = await serve([{ content: '<think>x</think>y', reasoning_content: 'hidden' }], OPENAI_CHAT);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.content, '<think>x</think>y');
    assert.equal(choice?.reasoning, '');
  });

  it('takes usage with reasoning tokens from the server', async () => {
    const { client } = await serve([{ content: FENCED, reasoning_content: 'r', usage: { prompt_tokens: 120, completion_tokens: 450, reasoning_tokens: 300 } }]);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.deepEqual(choice?.usage, { prompt: 120, completion: 450, reasoning: 300, estimated: false });
  });

  it('counts reasoning locally when usage has no reasoning split', async () => {
    const reasoning = 'First add, then return the sum.';
    const { client } = await serve([{ content: FENCED, reasoning_content: reasoning, usage: { prompt_tokens: 50, completion_tokens: 80 } }]);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.deepEqual(choice?.usage, { prompt: 50, completion: 80, reasoning: countTokens(reasoning), estimated: false });
  });

  it('estimates usage with tiktoken when the server sends none', async () => {
    const reasoning = 'Plus is enough.';
    const { client } = await serve([{ content: FENCED, reasoning_content: reasoning, usage: null }]);
    const [choice] = await client.complete(request(), new AbortController().signal);
    assert.equal(choice?.usage.estimated, true);
    assert.equal(choice?.usage.completion, countTokens(FENCED) + countTokens(reasoning));
    assert.equal(choice?.usage.reasoning, countTokens(reasoning));
    const promptText = countTokens('You write Python.') + countTokens('Implement add.');
    assert.ok(choice !== undefined && choice.usage.prompt > promptText, 'prompt estimate includes the chat format overhead');
  });

  it('sends n in one request on OpenAI over chat and splits usage so the totals are counted once', async () => {
    const choices = [{ content: 'a'.repeat(40) }, { content: 'b'.repeat(120) }, { content: 'c'.repeat(40) }];
    const { client, server } = await serve([{ choices, usage: { prompt_tokens: 100, completion_tokens: 901, reasoning_tokens: 600 } }], OPENAI_CHAT);
    const got = await client.complete(request({ n: 3, maxTokens: 2000, reasoning: { effort: 'high' } }), new AbortController().signal);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.path, '/v1/chat/completions');
    const body = server.requests[0]?.body as Record<string, unknown>;
    assert.equal(body['n'], 3);
    assert.equal(body['max_completion_tokens'], 2000);
    assert.equal(body['reasoning_effort'], 'high');
    assert.equal(body['max_tokens'], undefined);
    assert.deepEqual(got.map((c) => c.index), [0, 1, 2]);
    const sum = (k: 'prompt' | 'completion' | 'reasoning'): number => got.reduce((s, c) => s + c.usage[k], 0);
    assert.deepEqual([sum('prompt'), sum('completion'), sum('reasoning')], [100, 901, 600]);
    const [first, second] = got;
    assert.ok(first !== undefined && second !== undefined && second.usage.completion > first.usage.completion, 'the longer answer carries more completion tokens');
  });

  it('reports temperature as not applied on OpenAI over chat and never sends it', async () => {
    const { client, server } = await serve([{ content: 'x' }], OPENAI_CHAT);
    const [choice] = await client.complete(request({ temperature: 0.7 }), new AbortController().signal);
    assert.equal((server.requests[0]?.body as Record<string, unknown>)['temperature'], undefined);
    assert.ok(choice?.applied.notApplied.some((n) => n.startsWith('temperature 0.7')));
  });

  it('sends vLLM chat_template_kwargs for fast mode and a thinking budget', async () => {
    const { client, server } = await serve([{ content: 'x' }, { content: 'y' }], 'vllm');
    const fast = await client.complete(request({ reasoning: { fastMode: true, effort: 'high' } }), new AbortController().signal);
    assert.deepEqual((server.requests[0]?.body as Record<string, unknown>)['chat_template_kwargs'], { enable_thinking: false });
    assert.ok(fast[0]?.applied.notApplied.some((n) => n.startsWith('effort high')));
    await client.complete(request({ reasoning: { budgetTokens: 512 } }), new AbortController().signal);
    const body = server.requests[1]?.body as Record<string, unknown>;
    assert.deepEqual(body['chat_template_kwargs'], { thinking_budget: 512 });
    assert.equal(body['thinking_token_budget'], 512);
  });

  it('issues n parallel single-choice requests on Ollama (no n support)', async () => {
    const { client, server } = await serve((_req, i) => ({ content: `answer ${i}`, chunkDelayMs: 20 }), 'ollama');
    const deltas: CompletionDelta[] = [];
    const got = await client.complete(request({ n: 3, temperature: 0.8 }), new AbortController().signal, (d) => deltas.push(d));
    assert.equal(server.requests.length, 3);
    for (const r of server.requests) {
      const body = r.body as Record<string, unknown>;
      assert.equal(body['n'], undefined);
      assert.equal(body['temperature'], 0.8);
    }
    assert.deepEqual(got.map((c) => c.index), [0, 1, 2]);
    assert.deepEqual(new Set(got.map((c) => c.content)), new Set(['answer 0', 'answer 1', 'answer 2']));
    for (const c of got) assert.equal(deltas.filter((d) => d.index === c.index).map((d) => d.content ?? '').join(''), c.content);
    const overlapping = server.requests.every((r) => r.receivedAt < Math.min(...server.requests.map((q) => q.endedAt ?? Infinity)));
    assert.ok(overlapping, 'the three requests were in flight together');
  });

  it('notes when a server ignores n', async () => {
    const profile = getProviderProfile('custom', { supportsN: true });
    const { client } = await serve([{ choices: [{ content: 'only one' }] }], profile);
    const got = await client.complete(request({ n: 2 }), new AbortController().signal);
    assert.equal(got.length, 1);
    assert.ok(got[0]?.applied.notApplied.some((n) => n.includes('returned 1 choice')));
  });

  it("gives a listener's own exception back unchanged and does not retry it", async () => {
    const { client, server } = await serve([{ content: 'abc' }, { content: 'abc' }]);
    const mine = new Error('panel went away');
    await assert.rejects(
      client.complete(request(), new AbortController().signal, () => {
        throw mine;
      }),
      (err: unknown) => err === mine,
    );
    assert.equal(server.requests.length, 1);
  });

  it('sends the Azure key as api-key too, on chat as on responses', async () => {
    const { client, server } = await serve([{ content: 'x' }], getProviderProfile('azure', { api: 'chat' }));
    await client.complete(request(), new AbortController().signal);
    assert.equal(server.requests[0]?.path, '/v1/chat/completions');
    assert.equal(server.requests[0]?.headers['api-key'], KEY);
  });
});
