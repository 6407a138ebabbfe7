import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { loadHumanEval, type HumanEvalDataset } from '../../../src/engine/humaneval/dataset';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { KNOBS_NOTE, REPLAY_MODEL_ID, startReplayServer, type ReplayServer } from '../../../src/cli/replay/replayServer';
import { seededOrder } from '../../../src/cli/replay/sampleOrder';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import { loadHumanEvalTasks, makeCandidate, makeResult, verdict } from '../../fixtures/cheatsheet/builders';

describe('replay server: effort and budget knobs', () => {
  let dataset: HumanEvalDataset;
  let server: ReplayServer;

  before(async () => {
    dataset = await loadHumanEval();
    server = await startReplayServer({ dataset, seed: 3, port: 0 });
  });
  after(async () => server.close());
  beforeEach(() => server.reset());

  it('takes every knob the replay profile sends, records it, and answers with the same recorded sample', async () => {
    const problem = dataset.problems[0];
    const profile = getProviderProfile('replay');
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: REPLAY_MODEL_ID, profile, maxRetries: 0 });
    const before = server.requests().length;
    const ask = async (reasoning: { effort?: 'low' | 'high'; budgetTokens?: number; fastMode?: boolean }) => {
      server.reset(problem.taskId);
      const [choice] = await model.complete({ messages: [{ role: 'user', content: problem.prompt }], n: 1, temperature: 0.7, topP: 0.9, maxTokens: 900, reasoning }, new AbortController().signal);
      return choice;
    };
    const low = await ask({ effort: 'low' });
    const high = await ask({ effort: 'high', budgetTokens: 4096 });
    const fast = await ask({ fastMode: true });
    // Nothing the profile was asked for went unsent.
    for (const choice of [low, high, fast]) assert.deepEqual(choice.applied.notApplied, []);
    // The same recorded sample whatever the effort: the profile's label says so.
    const first = problem.samples[seededOrder(3, problem.taskId, 100)[0]];
    assert.ok(low.content.includes(first.trim().split('\n')[0]));
    assert.equal(high.content, low.content);
    assert.equal(fast.content, low.content);
    assert.match(profile.label, /recorded, not acted on/);

    const recorded = server.requests().slice(before);
    assert.deepEqual(recorded.map((r) => [r.taskId, r.kind]), [[problem.taskId, 'code'], [problem.taskId, 'code'], [problem.taskId, 'code']]);
    assert.deepEqual(recorded[0].knobs, { temperature: 0.7, top_p: 0.9, max_tokens: 900, reasoning_effort: 'low' });
    assert.deepEqual(recorded[1].knobs, { temperature: 0.7, top_p: 0.9, max_tokens: 900, reasoning_effort: 'high', chat_template_kwargs: { thinking_budget: 4096 } });
    assert.deepEqual(recorded[2].knobs, { temperature: 0.7, top_p: 0.9, max_tokens: 900, chat_template_kwargs: { enable_thinking: false } });

    const listed = (await (await fetch(`${server.url.replace(/\/v1$/, '')}/replay/requests`)).json()) as { note: string; requests: { knobs: Record<string, unknown> }[] };
    assert.equal(listed.note, KNOBS_NOTE);
    assert.deepEqual(listed.requests.slice(before).map((r) => r.knobs.reasoning_effort), ['low', 'high', undefined]);
  });

  it('refuses a knob value a real server would refuse, and records the refused request', async () => {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
    const bad = { model: REPLAY_MODEL_ID, messages: [{ role: 'user' as const, content: dataset.problems[1].prompt }] };
    await assert.rejects(client.chat.completions.create({ ...bad, reasoning_effort: 'extreme' as 'high' }), (e: unknown) => e instanceof OpenAI.BadRequestError && /reasoning_effort/.test(e.message));
    await assert.rejects(client.chat.completions.create({ ...bad, temperature: 3 }), (e: unknown) => e instanceof OpenAI.BadRequestError && /temperature/.test(e.message));
    const before = server.requests().length;
    await assert.rejects(client.chat.completions.create({ model: REPLAY_MODEL_ID, reasoning_effort: 'low', messages: [{ role: 'user', content: 'Curate this memory.' }] }));
    assert.deepEqual(server.requests().slice(before), [{ kind: 'refused', knobs: { reasoning_effort: 'low' } }]);
  });

  it('makes a curator call fail with a message that names the replay server, not the model name', async () => {
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: REPLAY_MODEL_ID, profile: getProviderProfile('replay'), maxRetries: 0 });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'replay-curate-'));
    try {
      const logged: string[] = [];
      const log = (_level: string, line: string): number => logged.push(line);
      const sheet = await openCheatsheet({ file: path.join(dir, 'cs.json'), mode: 'retrieval', log });
      const task = loadHumanEvalTasks(['HumanEval/0']).get('HumanEval/0');
      assert.ok(task);
      const result = makeResult([makeCandidate(1, '    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n', verdict(), [])]);
      const report = await sheet.curate({ task, result, model, signal: new AbortController().signal });
      assert.equal(report.curatorCalled, true);
      assert.match(report.reason ?? '', /replay server cannot curate memory/);
      assert.doesNotMatch(logged.join('\n'), /not found|Check the model name/);
      // The model-free item was stored all the same.
      assert.deepEqual(report.derived.map((item) => item.kind), ['snippet']);
      assert.match(sheet.list()[0].text, /def has_close_elements\(numbers: List\[float\], threshold: float\) -> bool:\n    return any/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
