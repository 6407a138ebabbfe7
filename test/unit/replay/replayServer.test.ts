import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { loadHumanEval, type HumanEvalDataset } from '../../../src/engine/humaneval/dataset';
import { countTokens } from '../../../src/engine/tokens';
import { REPLAY_MODEL_ID, startReplayServer, type ReplayServer } from '../../../src/cli/replay/replayServer';
import { seededOrder } from '../../../src/cli/replay/sampleOrder';

function fence(body: string): string {
  return `\`\`\`python\n${body.replace(/\n*$/, '\n')}\`\`\`\n`;
}

describe('replay model server', () => {
  let dataset: HumanEvalDataset;
  let server: ReplayServer;
  let client: OpenAI;

  before(async () => {
    dataset = await loadHumanEval();
    server = await startReplayServer({ dataset, seed: 7, port: 0 });
    client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => server.close());
  beforeEach(() => server.reset());

  const ask = (problemIndex: number, n = 1) => {
    const problem = dataset.problems[problemIndex];
    return client.chat.completions.create({
      model: REPLAY_MODEL_ID,
      n,
      messages: [
        { role: 'system', content: 'Answer with one fenced code block.' },
        { role: 'user', content: `Complete the body of this function:\n\n${problem.prompt}` },
      ],
    });
  };

  it('lists its one model', async () => {
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id), [REPLAY_MODEL_ID]);
  });

  it('loads all 164 problems with 100 samples and 100 tests each', () => {
    assert.equal(dataset.problems.length, 164);
    assert.ok(dataset.problems.every((p) => p.samples.length === 100 && p.generatedTests.length === 100));
    assert.equal(dataset.problems.reduce((n, p) => n + p.visibleAsserts.length, 0), 459);
  });

  it('recognises the task from the signature and replays its samples in seeded order', async () => {
    const problem = dataset.problems[12];
    const order = seededOrder(7, problem.taskId, 100);
    const first = await ask(12);
    const second = await ask(12);
    assert.equal(first.choices[0].message.content, fence(problem.samples[order[0]]));
    assert.equal(second.choices[0].message.content, fence(problem.samples[order[1]]));
    // A different seed gives a different order (a fixed 100-permutation collision is negligible).
    assert.notDeepEqual(seededOrder(8, problem.taskId, 100), order);
  });

  it('tells apart tasks with identical signatures by their docstring', async () => {
    const a = dataset.byId.get('HumanEval/56');
    const b = dataset.byId.get('HumanEval/61');
    assert.ok(a && b);
    const idx = dataset.problems.indexOf(b);
    const reply = await ask(idx);
    assert.equal(reply.choices[0].message.content, fence(b.samples[seededOrder(7, b.taskId, 100)[0]]));
  });

  it('gives n consecutive samples in one request, and resets on request', async () => {
    const problem = dataset.problems[3];
    const order = seededOrder(7, problem.taskId, 100);
    const batch = await ask(3, 5);
    assert.deepEqual(batch.choices.map((c) => c.message.content), order.slice(0, 5).map((i) => fence(problem.samples[i])));
    const next = await ask(3, 2);
    assert.deepEqual(next.choices.map((c) => c.message.content), order.slice(5, 7).map((i) => fence(problem.samples[i])));
    await fetch(`${server.url.replace(/\/v1$/, '')}/replay/reset`, { method: 'POST', body: JSON.stringify({ task_id: problem.taskId }) });
    const again = await ask(3, 1);
    assert.equal(again.choices[0].message.content, fence(problem.samples[order[0]]));
  });

  it('counts usage with tiktoken', async () => {
    const reply = await ask(0, 3);
    const completion = reply.choices.reduce((sum, c) => sum + countTokens(c.message.content ?? ''), 0);
    assert.equal(reply.usage?.completion_tokens, completion);
    assert.ok((reply.usage?.prompt_tokens ?? 0) > countTokens(dataset.problems[0].prompt));
    assert.equal(reply.usage?.total_tokens, (reply.usage?.prompt_tokens ?? 0) + completion);
  });

  it('streams the same samples, choice by choice, with usage at the end', async () => {
    const problem = dataset.problems[20];
    const order = seededOrder(7, problem.taskId, 100);
    const stream = await client.chat.completions.create({
      model: REPLAY_MODEL_ID,
      n: 2,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: problem.prompt }],
    });
    const texts = ['', ''];
    const finish: (string | null)[] = [null, null];
    let deltas = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.delta.content ?? '';
        if (choice.delta.content) deltas++;
        if (choice.finish_reason) finish[choice.index] = choice.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    assert.deepEqual(texts, [fence(problem.samples[order[0]]), fence(problem.samples[order[1]])]);
    assert.deepEqual(finish, ['stop', 'stop']);
    assert.ok(deltas > 2, 'content arrives in several deltas');
    assert.equal(usage?.completion_tokens, countTokens(texts[0]) + countTokens(texts[1]));
  });

  it('cuts a reply at max_tokens with finish_reason length', async () => {
    const reply = await client.chat.completions.create({
      model: REPLAY_MODEL_ID,
      max_tokens: 5,
      messages: [{ role: 'user', content: dataset.problems[1].prompt }],
    });
    assert.equal(reply.choices[0].finish_reason, 'length');
    assert.equal(reply.usage?.completion_tokens, 5);
  });

  it('answers a test-case request with the recorded model-written tests', async () => {
    const problem = dataset.problems[0];
    const order = seededOrder(7, problem.taskId, 100);
    const reply = await client.chat.completions.create({
      model: REPLAY_MODEL_ID,
      n: 2,
      messages: [{ role: 'user', content: problem.testPrompt }],
    });
    assert.deepEqual(reply.choices.map((c) => c.message.content), order.slice(0, 2).map((i) => fence(`assert ${problem.generatedTests[i]}`)));
    // The plain-language shape too, and it does not consume the code stream.
    const plain = await client.chat.completions.create({
      model: REPLAY_MODEL_ID,
      messages: [{ role: 'user', content: `Write 5 unit tests for this function:\n${problem.prompt}` }],
    });
    assert.equal(plain.choices[0].message.content, fence(`assert ${problem.generatedTests[order[2]]}`));
    assert.equal(server.served(problem.taskId, 'code'), 0);
  });

  it('takes the task from the user message when the system message quotes another task (memory items)', async () => {
    const [first, second] = [dataset.problems[0], dataset.problems[13]];
    const reply = await client.chat.completions.create({
      model: REPLAY_MODEL_ID,
      messages: [
        { role: 'system', content: `Cheatsheet:\n- [snippet] Verified by the tests:\n${first.prompt}    return False\n` },
        { role: 'user', content: `Complete the body of this function:\n\n${second.prompt}` },
      ],
    });
    assert.equal(reply.choices[0].message.content, fence(second.samples[seededOrder(7, second.taskId, 100)[0]]));
  });

  it('refuses an unknown task with a 400 that says why, not a missing-model 404', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: REPLAY_MODEL_ID, messages: [{ role: 'user', content: 'def frobnicate(x):\n    """Frobnicate x."""\n' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /only replays recorded samples/.test(error.message) && /memory curation/.test(error.message),
    );
  });

  it('refuses an unknown model and a malformed body', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: dataset.problems[0].prompt }] }),
      (error: unknown) => error instanceof OpenAI.NotFoundError && /codegen16b-replay/.test(error.message),
    );
    const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{not json' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'invalid_json');
  });
});
