import * as assert from 'node:assert/strict';
import type { AdaptiveRun, SampleOutcome, TaskRun } from '../../../src/cli/bench/strategies';
import { adaptiveFloorNote, adaptiveSweepNote } from '../../../src/cli/bench/sweeps';
import { DEFAULT_STOP_RULE } from '../../../src/engine/agreement/wavePolicy';

const outcome = (hiddenPassed: boolean): SampleOutcome => ({ hash: 'h', visiblePassed: true, hiddenPassed });

function live(right: boolean | null, samples: number, tokens: number): AdaptiveRun {
  return { pick: right === null ? null : outcome(right), samples, tokens, waves: 1, reasoning: { fast: samples }, stoppedBy: 'early-stop', verifyMs: 1, distinct: 1, duplicates: 0, cacheHits: 0 };
}

function run(adaptive: AdaptiveRun, sweep: { agreeing: number; run: AdaptiveRun }[]): TaskRun {
  return { taskId: 't', n: 100, samples: [], ranked: null, picks: {}, promptTokens: 0, completionTokens: 0, verifyMs: 0, distinct: 0, duplicates: 0, cacheHits: 0, adaptive, adaptiveSweep: sweep };
}

describe('bench: live adaptive sweep note', () => {
  it('reports each swept stop rule from its own live runs, the shipped rule from the adaptive row, in order', () => {
    const k = DEFAULT_STOP_RULE.agreeing;
    const runs = [
      run(live(true, 10, 1000), [{ agreeing: k + 3, run: live(true, 40, 4000) }, { agreeing: k + 1, run: live(false, 20, 2000) }]),
      run(live(null, 100, 9000), [{ agreeing: k + 3, run: live(true, 100, 9000) }, { agreeing: k + 1, run: live(null, 100, 9000) }]),
    ];
    assert.deepEqual(adaptiveSweepNote(runs), [
      `Adaptive sweep (live runs, one solve() per task and stop rule), cap N = 100: stop at ${k} (shipped): accuracy 50.0%, 55.0 samples and 5000 tokens per task; stop at ${k + 1}: accuracy 0.0%, 60.0 samples and 5500 tokens per task; stop at ${k + 3}: accuracy 100.0%, 70.0 samples and 6500 tokens per task.`,
    ]);
  });

  it('says nothing without a sweep', () => {
    assert.deepEqual(adaptiveSweepNote([run(live(true, 10, 1000), [])]), []);
  });
});

describe('bench: adaptive floor note', () => {
  const sample = (visiblePassed: boolean, hiddenPassed: boolean, hash: string): SampleOutcome => ({ hash, visiblePassed, hiddenPassed });
  const task = (samples: SampleOutcome[], rankedRight: boolean): TaskRun => ({
    ...run(live(rankedRight, samples.length, 0), []),
    n: samples.length,
    samples,
    ranked: rankedRight ? outcome(true) : null,
  });

  it('counts the samples a rule that knew the answers needs, and the tasks still unresolved after the early draws', () => {
    const wrong = sample(false, false, 'w');
    const right = sample(true, true, 'r');
    const runs = [
      // Solved by its 2nd sample.
      task([wrong, right, right, right], true),
      // Nothing passes until the 4th sample: unresolved after 3, solved later.
      task([wrong, wrong, wrong, right], true),
      // Never passes: costs 1 for the clairvoyant rule, the cap for a real one.
      task([wrong, wrong, wrong, wrong], false),
    ];
    assert.equal(
      adaptiveFloorNote(runs, 3),
      'Adaptive floor, N = 4: a stopping rule that knew the hidden tests would need 2.3 samples per task on this draw order. ' +
        'After 3 draws, 2 tasks still have no sample passing the visible tests; the fixed-N pick solves 1 of them with later samples, the rest never pass. ' +
        'Running all 2 to the cap costs 2.7 samples per task on its own; stopping them at 3 loses up to 1 tasks (33.3%).',
    );
  });
});
