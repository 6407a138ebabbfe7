import * as assert from 'node:assert/strict';
import { AdaptiveTimeLimit } from '../../../src/engine/run/adaptiveTimeLimit';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { FakeVerifier } from '../../doubles/fakeVerifier';
import { addTask, collect, options, RIGHT, RIGHT_OTHER } from '../engine/solveHelpers';

const HANGING = '```python\ndef add(a, b):\n    while True:\n        pass\n```';

/** a+b passes; the `while True` candidate takes `hangMs` (it would pass if it ever finished). */
function verifier(hangMs: number): FakeVerifier {
  return new FakeVerifier(
    () => ({ tests: { test_small: true, test_zero: true } }),
    (text) => (text.includes('while True') ? hangMs : 60),
  );
}

describe('adaptive time limit', () => {
  it('sets no limit until a candidate passes, then max(floor, factor × slowest pass)', () => {
    const limit = new AdaptiveTimeLimit({ factor: 3, floorMs: 500 });
    assert.equal(limit.limitMs(), undefined);
    limit.recordPass(100);
    assert.equal(limit.limitMs(), 500);
    limit.recordPass(400);
    limit.recordPass(200);
    assert.equal(limit.limitMs(), 1200);
    assert.equal(new AdaptiveTimeLimit(undefined).limitMs(), undefined);
  });

  it('stops a run already going once passes set a limit it has outlived, and says at what limit', async () => {
    const limit = new AdaptiveTimeLimit({ factor: 2, floorMs: 50 });
    const run = limit.start(new AbortController().signal);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(run.signal.aborted, false);
    limit.recordPass(30);
    assert.equal(run.signal.aborted, true);
    assert.equal(run.stoppedAtMs(), 60);
    run.end();
  });

  it('ends a run with one hanging candidate soon after two passed, as a timeout naming the adaptive limit', async () => {
    const model = new FakeModelClient([{ content: RIGHT }, { content: RIGHT_OTHER }, { content: HANGING }]);
    // The hanging run would take 30 s and then pass: only the adaptive limit makes it a timeout.
    const { result } = await collect(addTask(), options(model, verifier(30_000), { sampling: { n: 3, concurrency: 3 }, verifyConcurrency: 3, adaptiveTimeLimit: { factor: 3, floorMs: 300 } }));
    const hanging = result?.candidates.find((c) => c.code?.includes('while True'));
    assert.equal(hanging?.state, 'timeout');
    assert.match(hanging?.verification?.reason ?? '', /adaptive limit \(3 × the slowest passing candidate, at least 0\.3 s\)/);
    assert.equal(result?.choice !== null, true);
  });

  it('lets a slow candidate finish when the limit is off', async () => {
    const model = new FakeModelClient([{ content: RIGHT }, { content: HANGING }]);
    const { result } = await collect(addTask(), options(model, verifier(900), { sampling: { n: 2, concurrency: 2 }, adaptiveTimeLimit: false }));
    assert.equal(result?.candidates.find((c) => c.code?.includes('while True'))?.state, 'passed');
  });
});
