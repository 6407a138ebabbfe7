import * as assert from 'node:assert/strict';
import type { ReasoningControls } from '../../../src/engine/model/types';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { addTask, addVerifier, collect, options, RIGHT, WRONG } from '../engine/solveHelpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const LADDER: ReasoningControls[] = [{ fastMode: true }, { effort: 'low' }, { effort: 'high' }];

describe('CoT escalation', () => {
  before(() => ensureLanguageLayer());

  it('starts at the cheapest setting and raises it one step per finished wave without a passing candidate', async () => {
    // 40 ms per request, 5 ms per verification: a wave is verified before the next-but-one starts.
    const model = new FakeModelClient((call) => ({ content: call < 3 ? WRONG : RIGHT, delayMs: 40 }));
    const { result } = await collect(addTask(), options(model, addVerifier(5), { sampling: { n: 5, concurrency: 1 }, reasoningLadder: LADDER }));
    assert.ok(result);
    const settings = result.candidates.map((c) => c.reasoning);
    assert.deepEqual(settings[0], LADDER[0]);
    assert.deepEqual(model.requests.map((r) => r.reasoning), settings, 'each request is sent with the setting its candidate records');
    // A wave drawn while the previous one is still being verified cannot count it yet, so
    // wave i (0-based) sits i - 1 or i steps up: never more than the failed waves before it.
    const levels = settings.map((s) => LADDER.findIndex((l) => JSON.stringify(l) === JSON.stringify(s)));
    levels.forEach((level, i) => {
      assert.ok(level <= Math.min(2, i) && level >= Math.min(2, Math.max(0, i - 1)), `wave ${i + 1} at step ${level}: ${JSON.stringify(levels)}`);
    });
    assert.equal(levels[4], 2, 'the ladder tops out');
  });

  it('stays at the cheapest setting while candidates pass', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 20 }));
    const { result } = await collect(addTask(), options(model, addVerifier(5), { sampling: { n: 4, concurrency: 1 }, reasoningLadder: LADDER }));
    assert.deepEqual(result?.candidates.map((c) => c.reasoning), Array(4).fill(LADDER[0]));
  });

  it('uses the run\'s one reasoning setting when no ladder is given', async () => {
    const model = new FakeModelClient(() => ({ content: WRONG }));
    const { result } = await collect(addTask(), options(model, addVerifier(1), { sampling: { n: 2, concurrency: 1 }, reasoning: { effort: 'medium' } }));
    assert.deepEqual(result?.candidates.map((c) => c.reasoning), [{ effort: 'medium' }, { effort: 'medium' }]);
  });
});
