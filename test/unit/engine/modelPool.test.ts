import * as assert from 'node:assert/strict';
import type { SolveResult } from '../../../src/engine/events';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { ModelClient } from '../../../src/engine/model/types';
import type { PoolMember, SolveOptions } from '../../../src/engine/options';
import { ModelPool } from '../../../src/engine/run/modelPool';
import { solve } from '../../../src/engine/solve';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedReply } from '../../doubles/scriptedModelServer';
import { useGrowWorkspace } from '../agreement/growWorkspace';
import { options } from './solveHelpers';

const TESTS = 'from solution import grow\n\n\ndef test_one():\n    assert grow(1) == 2\n\n\ndef test_zero():\n    assert grow(0) == 0\n';
const answer = (body: string): ScriptedReply => ({ content: `\`\`\`python\ndef grow(x):\n    ${body}\n\`\`\`` });
const member = (model: ModelClient, share: number, extra: Partial<PoolMember> = {}): PoolMember => ({ model, share, reasoning: {}, ...extra });

describe('ModelPool: how a mixed pool shares out the samples', () => {
  const fake = (name: string): ModelClient => Object.assign(new FakeModelClient([]), { model: name }) as ModelClient;
  const drawAll = (pool: ModelPool, n: number, max = 1): string[] => {
    const order: string[] = [];
    for (let left = n; left > 0; ) {
      const { entry, count } = pool.take(left, () => max);
      order.push(...Array<string>(count).fill(entry.label));
      left -= count;
    }
    return order;
  };

  it('gives each model exactly its share when N is the sum of the shares, interleaved from the start', () => {
    const order = drawAll(new ModelPool([member(fake('fast'), 6), member(fake('deep'), 2)]), 8);
    assert.equal(order.filter((l) => l === 'fast').length, 6);
    assert.equal(order.filter((l) => l === 'deep').length, 2);
    assert.ok(order.slice(0, 4).includes('deep'), `the slow model is not left to the end: ${order.join(',')}`);
  });

  it('keeps every prefix within one sample of the shares, so a stop at any point is fair', () => {
    const order = drawAll(new ModelPool([member(fake('a'), 1), member(fake('b'), 1), member(fake('c'), 2)]), 12);
    for (let k = 1; k <= order.length; k++) {
      const prefix = order.slice(0, k);
      for (const [label, share] of [['a', 0.25], ['b', 0.25], ['c', 0.5]] as const) {
        assert.ok(Math.abs(prefix.filter((l) => l === label).length - share * k) <= 1, `${label} after ${k}: ${prefix.join(',')}`);
      }
    }
  });

  it('batches consecutive samples of one model into one request, never past its own cap', () => {
    const pool = new ModelPool([member(fake('big'), 3), member(fake('small'), 1)]);
    const first = pool.take(8, (e) => (e.label === 'big' ? 2 : 1));
    assert.deepEqual([first.entry.label, first.count], ['big', 2]);
  });

  it('names models apart when two share a name, and refuses an empty pool or a non-positive share', () => {
    const openai = Object.assign(new FakeModelClient([], getProviderProfile('openrouter')), { model: 'm' }) as ModelClient;
    const local = Object.assign(new FakeModelClient([], getProviderProfile('vllm')), { model: 'm' }) as ModelClient;
    assert.deepEqual(new ModelPool([member(openai, 1), member(local, 1)]).entries.map((e) => e.label), ['m (OpenRouter)', 'm (vLLM)']);
    assert.deepEqual(new ModelPool([member(local, 1), member(local, 1)]).entries.map((e) => e.label), ['m (vLLM) #1', 'm (vLLM) #2']);
    assert.throws(() => new ModelPool([]), /at least one model/);
    assert.throws(() => new ModelPool([member(local, 0)]), /share of m must be a positive number/);
  });
});

describe('solve() with a mixed-model pool over real HTTP and the sandboxed runner', function () {
  this.timeout(60000);
  before(() => ensureLanguageLayer());
  const grow = useGrowWorkspace('pool-', TESTS);
  const servers: ScriptedModelServer[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const client = async (name: string, profile: string, replies: ScriptedReply[] | ((r: RecordedRequest) => ScriptedReply)): Promise<{ model: OpenAIModelClient; server: ScriptedModelServer }> => {
    const server = await startScriptedModelServer(typeof replies === 'function' ? (r) => replies(r) : replies);
    servers.push(server);
    return { server, model: new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: name, profile: getProviderProfile(profile) }) };
  };
  const run = async (opts: SolveOptions): Promise<SolveResult> => {
    for await (const e of solve(grow.task, opts, new AbortController().signal)) {
      if (e.type === 'run/finished') return e.result;
      if (e.type === 'run/error') throw new Error(e.message);
    }
    throw new Error('no result');
  };
  const chats = (s: ScriptedModelServer): RecordedRequest[] => s.requests.filter((r) => r.path.endsWith('/chat/completions'));

  it('draws 4 + 4 from two models in the same waves, ranks them alike, and reports each model and the pick\'s', async () => {
    const fast = await client('fast-model', 'ollama', () => answer('return x + 1'));
    const deep = await client('deep-model', 'ollama', () => answer('return x * 2'));
    const result = await run(
      options(fast.model, grow.verifier, {
        pool: [member(fast.model, 4), member(deep.model, 4, { prices: { promptPer1K: 1, completionPer1K: 2 } })],
        sampling: { n: 8, concurrency: 2 },
        waves: { size: 4 },
        earlyStopAgreeing: 0,
      }),
    );
    assert.equal(chats(fast.server).length, 4);
    assert.equal(chats(deep.server).length, 4);
    assert.deepEqual(
      [1, 2].map((wave) => result.candidates.filter((c) => c.wave === wave).map((c) => c.model).sort()),
      [['deep-model', 'deep-model', 'fast-model', 'fast-model'], ['deep-model', 'deep-model', 'fast-model', 'fast-model']],
      'each wave holds both models',
    );
    const pick = result.candidates.find((c) => c.id === result.choice?.candidateId);
    assert.equal(pick?.model, 'deep-model');
    const stats = result.models ?? [];
    assert.deepEqual(
      stats.map((s) => [s.model, s.provider, s.share, s.samples, s.passing, s.inPickGroup, s.picked]),
      [
        ['fast-model', 'Ollama', 4, 4, 0, 0, false],
        ['deep-model', 'Ollama', 4, 4, 1, 4, true],
      ],
    );
    const deepStats = stats.find((s) => s.model === 'deep-model');
    assert.ok(deepStats && deepStats.costUsd > 0, 'the deep model is charged at its own prices');
    assert.ok(Math.abs(deepStats.costUsd - (deepStats.promptTokens * 1 + deepStats.completionTokens * 2) / 1000) < 1e-12);
    assert.equal(stats.find((s) => s.model === 'fast-model')?.costUsd, 0, 'the run sets no prices for the fast one');
    for (const s of stats) {
      assert.ok(s.completionTokens > 0 && s.promptTokens > 0, `${s.model} tokens counted`);
      assert.equal(s.tested, 1, 'one distinct candidate each: the rest are duplicates');
    }
  });

  it('escalates each model on its own ladder, and early stop counts agreement across the pool', async () => {
    let fastCalls = 0;
    const fast = await client('fast-model', 'vllm', () => answer(fastCalls++ === 0 ? 'return x + 1' : 'return x + x'));
    const deep = await client('deep-model', 'vllm', (r) => answer((r.body as { reasoning_effort?: string }).reasoning_effort === 'high' ? 'return 2 * x' : 'return x - 1'));
    const result = await run(
      options(fast.model, grow.verifier, {
        pool: [member(fast.model, 1, { reasoning: { fastMode: true } }), member(deep.model, 1, { reasoning: { effort: 'high' }, reasoningLadder: [{ effort: 'low' }, { effort: 'high' }] })],
        sampling: { n: 8, concurrency: 1 },
        waves: { size: 2 },
        earlyStopAgreeing: 2,
      }),
    );
    const effort = (r: RecordedRequest): unknown => (r.body as Record<string, unknown>)['reasoning_effort'];
    assert.deepEqual(chats(deep.server).map(effort), ['low', 'high'], 'the deep model climbs after the failed first wave');
    assert.deepEqual(
      chats(fast.server).map((r) => JSON.stringify((r.body as Record<string, unknown>)['chat_template_kwargs'])),
      ['{"enable_thinking":false}', '{"enable_thinking":false}'],
      'the fast model keeps its own setting',
    );
    assert.equal(result.stoppedBy, 'early-stop', 'one passing sample from each model agree: two agreeing stop the run');
    assert.equal(result.totals.samples, 4);
    assert.deepEqual(result.models?.map((s) => [s.model, s.inPickGroup]), [
      ['fast-model', 1],
      ['deep-model', 1],
    ]);
  });

  it('refuses a pool share that is not positive before any request', async () => {
    const fast = await client('fast-model', 'ollama', () => answer('return x + x'));
    const events = [];
    for await (const e of solve(grow.task, options(fast.model, grow.verifier, { pool: [member(fast.model, -1)] }), new AbortController().signal)) events.push(e);
    assert.deepEqual(events.map((e) => e.type === 'run/error' && [e.kind, e.message]), [['invalid-options', 'Pool share of fast-model must be a positive number (got -1).']]);
    assert.equal(fast.server.requests.length, 0);
  });
});
