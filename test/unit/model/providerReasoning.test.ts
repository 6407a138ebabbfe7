import { strict as assert } from 'node:assert';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { CompletionChoice, CompletionDelta, CompletionRequest, ProviderProfile } from '../../../src/engine/model/types';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { Script, ScriptedModelServer } from '../../doubles/scriptedModelServer';

const KEY = 'sk-test-provider-reasoning-0123';
const FENCED = 'Here it is:\n```python\ndef add(a, b):\n    return a + b\n```\n';

function request(extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { messages: [{ role: 'user', content: 'Implement add.' }], n: 1, reasoning: {}, ...extra };
}

/** Reasoning and content as the listener saw them, fragment by fragment. */
function joined(deltas: CompletionDelta[]): { reasoning: string; content: string } {
  return { reasoning: deltas.map((d) => d.reasoning ?? '').join(''), content: deltas.map((d) => d.content ?? '').join('') };
}

describe('Provider reasoning and cost over HTTP (scripted server)', () => {
  let server: ScriptedModelServer | undefined;

  async function complete(
    script: Script,
    profile: ProviderProfile,
    req: CompletionRequest = request(),
  ): Promise<{ choices: CompletionChoice[]; deltas: CompletionDelta[]; body: Record<string, unknown> }> {
    server = await startScriptedModelServer(script);
    const client = new OpenAIModelClient({ baseURL: server.url, apiKey: KEY, model: 'test-model', profile, retryTiming: { baseDelayMs: 5 } });
    const deltas: CompletionDelta[] = [];
    const choices = await client.complete(req, new AbortController().signal, (d) => deltas.push(d));
    return { choices, deltas, body: server.requests[0]?.body as Record<string, unknown> };
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('DeepSeek: streamed reasoning_content is the reasoning, its tokens come from completion_tokens_details', async () => {
    const thought = 'The sum of a and b is a + b; no edge cases.';
    const { choices, deltas, body } = await complete(
      [{ content: FENCED, reasoning_content: thought, chunkChars: 5, usage: { prompt_tokens: 40, completion_tokens: 70, reasoning_tokens: 25 } }],
      getProviderProfile('deepseek'),
      request({ temperature: 0.6, reasoning: { effort: 'high' } }),
    );
    const [choice] = choices;
    assert.equal(choice?.reasoning, thought);
    assert.equal(choice?.content, FENCED);
    assert.deepEqual(joined(deltas), { reasoning: thought, content: FENCED });
    assert.ok(deltas.filter((d) => d.reasoning !== undefined).length > 1, 'the reasoning arrived in several fragments');
    assert.deepEqual(choice?.usage, { prompt: 40, completion: 70, reasoning: 25, estimated: false });
    assert.equal(body['reasoning_effort'], 'high');
    assert.equal(body['temperature'], undefined, 'temperature is not sent while DeepSeek thinks');
    assert.equal(body['n'], undefined);
  });

  it('DeepSeek fast mode: thinking disabled in the body, temperature sent', async () => {
    const { body, choices } = await complete([{ content: FENCED }], getProviderProfile('deepseek'), request({ temperature: 0.6, reasoning: { fastMode: true } }));
    assert.deepEqual(body['thinking'], { type: 'disabled' });
    assert.equal(body['temperature'], 0.6);
    assert.deepEqual(choices[0]?.applied.notApplied, []);
  });

  it('Gemini: <thought> tags split across stream chunks become the reasoning, <think> in the answer stays content', async () => {
    const answer = 'x = "<think>"\n' + FENCED;
    const thought = 'Plan: add the two numbers.';
    for (const chunkChars of [1, 3, 4, 7]) {
      const { choices, deltas, body } = await complete([{ content: `<thought>${thought}</thought>\n${answer}`, chunkChars }], getProviderProfile('gemini'), request({ reasoning: { budgetTokens: 4096 } }));
      const [choice] = choices;
      assert.equal(choice?.reasoning, thought, `chunks of ${chunkChars}`);
      assert.equal(choice?.content, answer, `chunks of ${chunkChars}`);
      assert.deepEqual(joined(deltas), { reasoning: thought, content: answer }, `live fragments, chunks of ${chunkChars}`);
      assert.ok(!deltas.some((d) => d.content?.includes('<thought') || d.content?.includes('</thou')), 'no piece of a tag reaches the content');
      assert.deepEqual(body['extra_body'], { google: { thinking_config: { thinking_budget: 4096, include_thoughts: true } } });
      await server?.close();
      server = undefined;
    }
  });

  it('OpenRouter streamed: reasoning_details text shown once beside the same reasoning string, encrypted parts skipped, cost kept', async () => {
    const thought = 'Add a and b, return the sum.';
    const { choices, deltas, body } = await complete(
      [
        {
          content: FENCED,
          reasoning: thought,
          mirrorReasoning: true,
          reasoning_details: [
            { type: 'reasoning.text', text: thought, signature: 'sig' },
            { type: 'reasoning.encrypted', data: 'b3BhcXVl' },
          ],
          chunkChars: 6,
          usage: { prompt_tokens: 30, completion_tokens: 60, reasoning_tokens: 12, cost: 0.000375 },
        },
      ],
      getProviderProfile('openrouter'),
    );
    const [choice] = choices;
    assert.equal(choice?.reasoning, thought);
    assert.equal(choice?.content, FENCED);
    assert.deepEqual(joined(deltas), { reasoning: thought, content: FENCED });
    assert.deepEqual(choice?.usage, { prompt: 30, completion: 60, reasoning: 12, estimated: false, costUsd: 0.000375 });
    assert.deepEqual(body['usage'], { include: true });
  });

  it('OpenRouter non-streamed: a summary detail is the reasoning and usage.cost the choice cost', async () => {
    const { choices, deltas } = await complete(
      [
        {
          content: FENCED,
          reasoning_details: [
            { type: 'reasoning.encrypted', data: 'c2VjcmV0' },
            { type: 'reasoning.summary', summary: 'Summed the inputs.' },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 20, cost: 0.0021 },
        },
      ],
      getProviderProfile('openrouter', { supportsStreaming: false }),
    );
    assert.equal(choices[0]?.reasoning, 'Summed the inputs.');
    assert.equal(choices[0]?.usage.costUsd, 0.0021);
    assert.deepEqual(deltas, [{ index: 0, reasoning: 'Summed the inputs.' }, { index: 0, content: FENCED }]);
  });

  it('OpenRouter with several samples: each request is its own bill, so each choice carries its own cost', async () => {
    const costs = [0.001, 0.0025, 0.0005];
    const { choices } = await complete((_, i) => ({ content: `answer ${i}`, usage: { prompt_tokens: 10, completion_tokens: 5, cost: costs[i] ?? 0 } }), getProviderProfile('openrouter'), request({ n: 3 }));
    assert.equal(server?.requests.length, 3);
    assert.deepEqual(choices.map((c) => c.usage.costUsd).sort(), [...costs].sort());
  });
});
