import * as assert from 'node:assert/strict';
import { dualAgreement, splitBehaviour, type AgreementInput } from '../../../src/engine/agreement/dualAgreement';
import { decideWave } from '../../../src/engine/agreement/wavePolicy';

// Two calls then three checks per behaviour string.
const shape = { calls: 2, checks: 3 };
const c = (id: number, votes: number, visiblePassed: boolean, behaviour: string | undefined): AgreementInput => ({ id, votes, visiblePassed, behaviour });

describe('dual agreement', () => {
  it('splits probe answers into outputs and generated test verdicts, and refuses a fingerprint of the wrong length', () => {
    assert.deepEqual(splitBehaviour('=2|=4|=True|=False|!TypeError', 2, 3), { outputs: '=2|=4', checks: [true, false, false] });
    assert.equal(splitBehaviour('!probes-timeout', 2, 3), undefined);
    assert.equal(splitBehaviour(undefined, 2, 3), undefined);
  });

  it('with the visible filter, ranks the group that agrees on generated inputs and passes more generated tests', () => {
    const ranked = dualAgreement(
      [
        c(1, 3, true, '=3|=6|=False|=False|=True'), // many votes, passes one generated test
        c(2, 2, true, '=2|=4|=True|=True|=False'),
        c(3, 1, true, '=2|=4|=True|=True|=False'), // same outputs as #2: one group of 3 samples
        c(4, 9, false, '=2|=4|=True|=True|=True'), // fails the visible tests: never picked
      ],
      shape,
      { visibleFilter: true },
    );
    assert.deepEqual(ranked.map((r) => r.id), [2, 3, 1]);
    assert.deepEqual(ranked[0], { id: 2, clusterVotes: 3, testsPassed: 2, score: 9 });
    assert.equal(ranked[2].score, 3 * 2);
  });

  it('without visible tests (CodeT), groups by the generated tests passed and scores size × tests passed', () => {
    const ranked = dualAgreement(
      [c(1, 4, false, '=0|=0|=False|=False|=False'), c(2, 1, false, '=1|=2|=True|=True|=False'), c(3, 1, true, '=9|=9|=True|=True|=False')],
      shape,
      { visibleFilter: false },
    );
    // #2 and #3 pass the same two tests: one group of 2 samples × 2 tests = 4; #1 passes none.
    assert.deepEqual(ranked.map((r) => [r.id, r.score]), [[2, 4], [3, 4], [1, 0]]);
  });

  it('keeps candidates without probe answers as groups of their own copies', () => {
    const ranked = dualAgreement([c(1, 2, true, undefined), c(2, 1, true, '=2|=4|=True|=True|=True')], shape, { visibleFilter: true });
    assert.deepEqual(ranked.map((r) => [r.id, r.score]), [[1, 2], [2, 4]].sort((a, b) => b[1] - a[1]));
  });
});

describe('wave policy', () => {
  it('stops when enough samples agree or at the cap, escalates while nothing passes, else continues', () => {
    const rule = { agreeing: 4 };
    assert.equal(decideWave({ drawn: 5, cap: 100, topClusterVotes: 4, visiblePassing: 4 }, rule), 'stop');
    assert.equal(decideWave({ drawn: 100, cap: 100, topClusterVotes: 0, visiblePassing: 0 }, rule), 'stop');
    assert.equal(decideWave({ drawn: 10, cap: 100, topClusterVotes: 0, visiblePassing: 0 }, rule), 'escalate');
    assert.equal(decideWave({ drawn: 10, cap: 100, topClusterVotes: 2, visiblePassing: 3 }, rule), 'continue');
  });
});
