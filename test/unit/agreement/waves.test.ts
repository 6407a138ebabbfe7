import * as assert from 'node:assert/strict';
import { decideRound } from '../../../src/engine/agreement/wavePolicy';
import type { SolveResult } from '../../../src/engine/events';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { ReasoningControls } from '../../../src/engine/model/types';
import type { SolveOptions } from '../../../src/engine/options';
import { solve } from '../../../src/engine/solve';
import { startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedReply } from '../../doubles/scriptedModelServer';
import { options } from '../engine/solveHelpers';
import { useGrowWorkspace } from './growWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const TESTS = 'from solution import grow\n\n\ndef test_one():\n    assert grow(1) == 2\n\n\ndef test_zero():\n    assert grow(0) == 0\n';
const answer = (body: string): ScriptedReply => ({ content: `\`\`\`python\ndef grow(x):\n    ${body}\n\`\`\`` });
const LADDER: ReasoningControls[] = [{ effort: 'low' }, { effort: 'high' }];

describe('solve() in waves: early stop, escalation and repair over real HTTP and the warm sandboxed runner', function () {
  this.timeout(60000);
  const grow = useGrowWorkspace('waves-', TESTS);
  let server: ScriptedModelServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Runs solve() against a server answering `replies` in order (a 500 past the end). */
  const run = async (replies: ScriptedReply[], overrides: Partial<SolveOptions>): Promise<{ result: SolveResult; chats: RecordedRequest[] }> => {
    server = await startScriptedModelServer(replies);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const opts = options(model, grow.verifier, { sampling: { n: 6, concurrency: 1 }, earlyStopAgreeing: 2, ...overrides });
    for await (const e of solve(grow.task, opts, new AbortController().signal)) {
      if (e.type === 'run/finished') return { result: e.result, chats: server.requests.filter((r) => r.path.endsWith('/chat/completions')) };
      if (e.type === 'run/error') throw new Error(e.message);
    }
    throw new Error('no result');
  };
  const effort = (r: RecordedRequest): unknown => (r.body as Record<string, unknown>)['reasoning_effort'];

  it('stops after the first wave when its samples pass and agree, well short of N', async () => {
    const { result, chats } = await run([answer('return x + x'), answer('return 2 * x'), answer('return x * 2'), answer('return x * 2')], { waves: { size: 2 } });
    assert.equal(chats.length, 2, 'one wave of two requests, not N = 6');
    assert.equal(result.stoppedBy, 'early-stop');
    assert.deepEqual(result.candidates.map((c) => c.wave), [1, 1]);
    assert.equal(result.choice?.candidateId, 1);
  });

  it('draws the whole wave before stopping: two agreeing answers mid-wave do not cut the rest of it off', async () => {
    // The last two answers come slowly, so the first two are verified and agree while the wave is still open.
    const slow = (r: ScriptedReply): ScriptedReply => ({ ...r, delayMs: 1500 });
    const replies = [answer('return x + x'), answer('return 2 * x'), slow(answer('return x * 2')), slow(answer('return x << 1')), answer('return x * 2')];
    const { result, chats } = await run(replies, { waves: { size: 4 }, sampling: { n: 6, concurrency: 2 } });
    assert.equal(chats.length, 4, 'all four requests of the wave, although the first two already agreed');
    assert.equal(result.stoppedBy, 'early-stop');
    assert.deepEqual(result.candidates.map((c) => [c.wave, c.state]), [
      [1, 'passed'],
      [1, 'passed'],
      [1, 'passed'],
      [1, 'passed'],
    ]);
    assert.equal(result.totals.samples, 4);
  });

  it('sends a wave as one request when the server takes `n`, so the prompt is paid once per wave', async () => {
    server = await startScriptedModelServer([answer('return x + x')]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('vllm') });
    const opts = options(model, grow.verifier, { sampling: { n: 8, concurrency: 4 }, earlyStopAgreeing: 2, waves: { size: 4 } });
    let result: SolveResult | undefined;
    for await (const e of solve(grow.task, opts, new AbortController().signal)) if (e.type === 'run/finished') result = e.result;
    const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.deepEqual(chats.map((r) => (r.body as Record<string, unknown>)['n']), [4]);
    assert.equal(result?.totals.samples, 4);
    assert.equal(result?.stoppedBy, 'early-stop');
  });

  it('escalates after a wave with no passing sample: the second wave is sent with the higher effort', async () => {
    const replies = [answer('return -1'), answer('return x * 3'), answer('return x + x'), answer('return 2 * x')];
    const { result, chats } = await run(replies, { waves: { size: 2 }, reasoningLadder: LADDER });
    assert.deepEqual(chats.map(effort), ['low', 'low', 'high', 'high']);
    assert.deepEqual(result.candidates.map((c) => [c.wave, c.reasoning.effort, c.state]), [
      [1, 'low', 'failed'],
      [1, 'low', 'failed'],
      [2, 'high', 'passed'],
      [2, 'high', 'passed'],
    ]);
    assert.equal(result.stoppedBy, 'early-stop');
    assert.equal(result.choice?.candidateId, 3);
  });

  it('repairs the near miss of a failing first wave with its test output, and picks the repair', async () => {
    const { result, chats } = await run([answer('return x * 3'), answer('return x * 2')], { sampling: { n: 2, concurrency: 1 }, waves: { size: 1, repair: true } });
    assert.equal(chats.length, 2, 'the repair counts towards N = 2');
    const [first, fixed] = result.candidates;
    assert.equal(first?.state, 'failed');
    assert.equal(fixed?.origin, 'repair');
    assert.equal(fixed?.repairOf, first?.id);
    assert.equal(fixed?.wave, 1);
    assert.equal(fixed?.verification?.status, 'passed');
    assert.equal(result.choice?.candidateId, fixed?.id);
    const sent = JSON.stringify(chats[1]?.body);
    assert.match(sent, /return x \* 3/, 'the failing code goes back');
    assert.match(sent, /test_one/, 'with the test it fails');
    assert.doesNotMatch(sent, /test_zero/, 'and not the one it passes');
  });

  it('without repair the same failing wave escalates to a new wave instead', async () => {
    const { result, chats } = await run([answer('return x * 3'), answer('return x * 2')], { sampling: { n: 2, concurrency: 1 }, waves: { size: 1 }, reasoningLadder: LADDER });
    assert.deepEqual(chats.map(effort), ['low', 'high']);
    assert.deepEqual(result.candidates.map((c) => [c.wave, c.origin]), [
      [1, undefined],
      [2, undefined],
    ]);
    assert.doesNotMatch(JSON.stringify(chats[1]?.body), /This attempt fails the tests/);
  });

  it('refuses a wave size that is not a whole number of at least 1, before any request', async () => {
    server = await startScriptedModelServer([answer('return x + x')]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    for (const size of [0, 1.5, Number.NaN]) {
      const events = [];
      for await (const e of solve(grow.task, options(model, grow.verifier, { waves: { size } }), new AbortController().signal)) events.push(e);
      assert.deepEqual(events.map((e) => e.type), ['run/error']);
      const [only] = events;
      assert.ok(only?.type === 'run/error' && only.kind === 'invalid-options' && /wave size/.test(only.message), JSON.stringify(only));
    }
    assert.equal(server.requests.length, 0);
  });
});

describe('decideRound', () => {
  before(() => ensureLanguageLayer());

  const base = { drawn: 2, cap: 10, topClusterVotes: 0, visiblePassing: 0, repairOn: true, repairable: true, justRepaired: false };
  const rule = { agreeing: 2 };
  it('repairs a near miss instead of escalating, but never twice in a row and never when off or nothing is close', () => {
    assert.equal(decideRound(base, rule), 'repair');
    assert.equal(decideRound({ ...base, justRepaired: true }, rule), 'escalate');
    assert.equal(decideRound({ ...base, repairOn: false }, rule), 'escalate');
    assert.equal(decideRound({ ...base, repairable: false }, rule), 'escalate');
  });
  it('leaves stop and continue to the wave policy', () => {
    assert.equal(decideRound({ ...base, drawn: 10 }, rule), 'stop');
    assert.equal(decideRound({ ...base, topClusterVotes: 2, visiblePassing: 2 }, rule), 'stop');
    assert.equal(decideRound({ ...base, topClusterVotes: 1, visiblePassing: 1 }, rule), 'continue');
  });
});
