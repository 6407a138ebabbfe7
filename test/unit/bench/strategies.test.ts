import * as assert from 'node:assert/strict';
import { adaptiveSummary } from '../../../src/cli/bench/report';
import { sanityProblems } from '../../../src/cli/bench/sanity';
import { expectation, passAtK, rowsFor, type AdaptiveRun, type SampleOutcome, type TaskRun } from '../../../src/cli/bench/strategies';

const s = (visiblePassed: boolean, hiddenPassed: boolean, hash: string | null = 'h'): SampleOutcome => ({ hash, visiblePassed, hiddenPassed });

function run(samples: SampleOutcome[], ranked: SampleOutcome | null, n = samples.length): TaskRun {
  return { taskId: 't', n, samples, ranked, promptTokens: 10, completionTokens: 5, verifyMs: 100, distinct: 2, duplicates: 1, cacheHits: 0, picks: {} };
}

function live(pick: SampleOutcome | null, overrides: Partial<AdaptiveRun> = {}): AdaptiveRun {
  return { pick, samples: 1, tokens: 7, waves: 1, reasoning: { fast: 1 }, stoppedBy: 'early-stop', verifyMs: 40, distinct: 1, duplicates: 0, cacheHits: 1, ...overrides };
}

describe('bench strategies', () => {
  it('scores random and visible-filter by their exact expectation', () => {
    const r = run([s(true, true), s(true, false), s(false, false), s(false, true)], null);
    assert.deepEqual(expectation(r, 'random'), { correct: 0.5, abstain: 0, falsePositive: 0.25 });
    assert.deepEqual(expectation(r, 'visible-filter'), { correct: 0.5, abstain: 0, falsePositive: 0.5 });
    assert.deepEqual(expectation(r, 'oracle'), { correct: 1, abstain: 0, falsePositive: 0 });
    assert.deepEqual(expectation(r, 'ranked'), { correct: 0, abstain: 1, falsePositive: 0 });
  });

  it('abstains in visible-filter when nothing passes the visible tests', () => {
    assert.deepEqual(expectation(run([s(false, true), s(false, false, null)], null), 'visible-filter'), { correct: 0, abstain: 1, falsePositive: 0 });
  });

  it('counts a ranked pick that passes visible but fails hidden as a false positive, per pick', () => {
    const wrongPick = run([s(true, false), s(false, true)], s(true, false));
    const rightPick = run([s(true, true)], s(true, true));
    const abstained = run([s(false, false)], null);
    const ranked = rowsFor([wrongPick, rightPick, abstained].map((r) => ({ ...r, n: 2 })), 2, 2).find((row) => row.strategy === 'ranked');
    assert.ok(ranked);
    assert.equal(ranked.accuracy, 1 / 3);
    assert.equal(ranked.abstainRate, 1 / 3);
    assert.equal(ranked.falsePositiveRate, 1 / 2);
    assert.equal(ranked.samplesUsed, 4);
    assert.equal(ranked.tokens, 45);
    assert.equal(ranked.verifyWallSeconds, 0.15);
    const random = rowsFor([rightPick].map((r) => ({ ...r, n: 2 })), 2, 2).find((row) => row.strategy === 'random');
    assert.equal(random?.verifyWallSeconds, 0);
  });

  it('computes the unbiased pass@k estimator', () => {
    assert.equal(passAtK(100, 22, 1), 0.22);
    assert.equal(passAtK(10, 0, 5), 0);
    assert.equal(passAtK(10, 6, 5), 1);
    assert.ok(Math.abs(passAtK(10, 2, 5) - (1 - (8 * 7 * 6 * 5 * 4) / (10 * 9 * 8 * 7 * 6))) < 1e-12);
  });

  it('scores adaptive from the live run alone: its pick, samples, tokens and tests, with waves and settings summed', () => {
    const wrongPick = { ...run([s(true, false), s(true, true)], s(true, false)), adaptive: live(s(true, true), { samples: 2, tokens: 11, waves: 1, reasoning: { fast: 2 } }) };
    const rightPick = { ...run([s(true, true), s(true, true)], s(true, true)), adaptive: live(s(true, false), { samples: 2, waves: 3, reasoning: { fast: 1, 'budget 1024': 1 }, stoppedBy: 'completed' }) };
    const abstained = { ...run([s(false, false), s(false, false)], null), adaptive: live(null) };
    const adaptive = rowsFor([wrongPick, rightPick, abstained], 2, 2).find((row) => row.strategy === 'adaptive');
    assert.ok(adaptive);
    assert.deepEqual(
      [adaptive.accuracy, adaptive.abstainRate, adaptive.falsePositiveRate, adaptive.samplesUsed, adaptive.tokens, adaptive.verifyWallSeconds, adaptive.distinctCandidates, adaptive.cacheHits],
      [1 / 3, 1 / 3, 1 / 2, 5, 25, 0.06, 3, 3],
    );
    assert.deepEqual([adaptive.waves, adaptive.reasoning, adaptive.stoppedBy], [5, { fast: 4, 'budget 1024': 1 }, { 'early-stop': 2, completed: 1 }]);
    // The fixed-N rows keep the fixed-N runs' own costs and carry no live fields.
    const ranked = rowsFor([wrongPick, rightPick, abstained], 2, 2).find((row) => row.strategy === 'ranked');
    assert.deepEqual([ranked?.accuracy, ranked?.tokens, ranked?.waves], [1 / 3, 45, undefined]);
    assert.equal(
      adaptiveSummary(adaptive),
      'Adaptive (live run, cap N = 2): 1.7 samples and 1.7 waves per task, 8 tokens per task; runs stopped by: early-stop 2, completed 1; answers per reasoning setting drawn with: fast 4, budget 1024 1.',
    );
    // Runs without a live run (smaller N) have no adaptive row.
    assert.equal(rowsFor([run([s(true, true)], s(true, true))], 1, 1).some((row) => row.strategy === 'adaptive'), false);
  });

  it('flags results no correct run can produce', () => {
    const runs = [
      { ...run([s(true, true), s(false, false)], s(true, true)), adaptive: live(s(true, true)) },
      { ...run([s(true, false), s(true, false)], s(true, false)), adaptive: live(s(true, false), { samples: 2, reasoning: { fast: 2 } }) },
    ];
    const rows = rowsFor(runs, 2, 1);
    assert.deepEqual(sanityProblems(rows, [2], 2), []);
    const badTally = rows.map((r) => (r.strategy === 'adaptive' ? { ...r, reasoning: { fast: 1 } } : r));
    assert.match(sanityProblems(badTally, [2], 2).join('\n'), /adaptive@2: the reasoning settings tally counts 1 answers, not 3/);
    assert.match(sanityProblems(rows.filter((r) => r.strategy !== 'adaptive'), [2], 2).join('\n'), /no adaptive row for N = 2/);
    const broken = rows.map((r) => (r.strategy === 'ranked' ? { ...r, accuracy: 0.9 } : r));
    assert.match(sanityProblems(broken, [2], 2).join('\n'), /ranked@2 beats the oracle/);
    assert.match(sanityProblems(rows.slice(1), [2], 2).join('\n'), /no random row/);
  });
});
