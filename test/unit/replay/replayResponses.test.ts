import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { loadHumanEval, type HumanEvalDataset } from '../../../src/engine/humaneval/dataset';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { CompletionDelta } from '../../../src/engine/model/types';
import { countTokens } from '../../../src/engine/tokens';
import { REPLAY_MODEL_ID, startReplayServer, type ReplayServer } from '../../../src/cli/replay/replayServer';
import { seededOrder } from '../../../src/cli/replay/sampleOrder';

function fence(body: string): string {
  return `\`\`\`python\n${body.replace(/\n*$/, '\n')}\`\`\`\n`;
}

describe('replay server: the Responses API', () => {
  let dataset: HumanEvalDataset;
  let server: ReplayServer;

  before(async () => {
    dataset = await loadHumanEval();
    server = await startReplayServer({ dataset, seed: 5, port: 0 });
  });
  after(async () => server.close());
  beforeEach(() => server.reset());

  it('answers the OpenAI profile over /v1/responses with the seeded samples, and records the knobs as sent', async () => {
    const problem = dataset.problems[2];
    const order = seededOrder(5, problem.taskId, 100);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: REPLAY_MODEL_ID, profile: getProviderProfile('openai'), maxRetries: 0 });
    const before = server.requests().length;
    const deltas: CompletionDelta[] = [];
    const messages = [
      { role: 'system' as const, content: 'Answer with one fenced code block.' },
      { role: 'user' as const, content: `Complete the body of this function:\n\n${problem.prompt}` },
    ];
    const got = await model.complete({ messages, n: 2, maxTokens: 900, reasoning: { effort: 'high' } }, new AbortController().signal, (d) => deltas.push(d));
    // Two samples are two requests (no n in this API), each the next in the seeded order.
    assert.deepEqual(new Set(got.map((c) => c.content)), new Set([fence(problem.samples[order[0]]), fence(problem.samples[order[1]])]));
    for (const c of got) {
      assert.equal(c.finishReason, 'stop');
      assert.equal(deltas.filter((d) => d.index === c.index).map((d) => d.content ?? '').join(''), c.content);
      assert.equal(c.usage.completion, countTokens(c.content));
      assert.equal(c.usage.estimated, false);
    }
    const recorded = server.requests().slice(before);
    assert.deepEqual(recorded.map((r) => [r.taskId, r.kind]), [[problem.taskId, 'code'], [problem.taskId, 'code']]);
    assert.deepEqual(recorded[0].knobs, { max_output_tokens: 900, reasoning: { effort: 'high', summary: 'auto' } });
    const listed = (await (await fetch(`${server.url.replace(/\/v1$/, '')}/replay/requests`)).json()) as { requests: { knobs: Record<string, unknown> }[] };
    assert.deepEqual(listed.requests.slice(before).map((r) => r.knobs.max_output_tokens), [900, 900]);
  });

  it('finds the task in instructions or input parts, cuts at max_output_tokens as incomplete, and refuses chat-only fields', async () => {
    const problem = dataset.problems[9];
    const sdk = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
    const order = seededOrder(5, problem.taskId, 100);
    const whole = await sdk.responses.create({ model: REPLAY_MODEL_ID, instructions: problem.prompt, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Complete the function.' }] }] });
    assert.equal(whole.status, 'completed');
    assert.equal(whole.output_text, fence(problem.samples[order[0]]));
    const cut = await sdk.responses.create({ model: REPLAY_MODEL_ID, input: problem.prompt, max_output_tokens: 3 });
    assert.equal(cut.status, 'incomplete');
    assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(cut.usage?.output_tokens, 3);
    const withN = { model: REPLAY_MODEL_ID, input: problem.prompt, n: 2 } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming;
    await assert.rejects(sdk.responses.create(withN), (e: unknown) => e instanceof OpenAI.BadRequestError && /Unknown parameter: 'n'/.test(e.message));
    await assert.rejects(sdk.responses.create({ model: REPLAY_MODEL_ID, input: 'Write a poem.' }), (e: unknown) => e instanceof OpenAI.BadRequestError && /164 HumanEval functions/.test(e.message));
  });
});
