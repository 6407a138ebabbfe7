import * as assert from 'node:assert/strict';
import { splitBehaviour } from '../../../src/engine/agreement/dualAgreement';
import { decideWave } from '../../../src/engine/agreement/wavePolicy';

describe('dual agreement', () => {
  it('splits probe answers into outputs and generated test verdicts, and refuses a fingerprint of the wrong length', () => {
    assert.deepEqual(splitBehaviour('=2|=4|=True|=False|!TypeError', 2, 3), { outputs: '=2|=4', checks: [true, false, false] });
    assert.equal(splitBehaviour('!probes-timeout', 2, 3), undefined);
    assert.equal(splitBehaviour(undefined, 2, 3), undefined);
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
