import * as assert from 'node:assert/strict';
import { agreeingToStop, DEFAULT_STRICT_MIN_AGREEING } from '../../../src/engine/options';

describe('agreeingToStop: when agreement ends sampling', () => {
  it('is the early-stop setting under the abstain and best-partial policies, and 0 when off', () => {
    assert.equal(agreeingToStop({ earlyStopAgreeing: 2, abstainPolicy: 'abstain' }), 2);
    assert.equal(agreeingToStop({ earlyStopAgreeing: 4, abstainPolicy: 'best-partial' }), 4);
    assert.equal(agreeingToStop({ earlyStopAgreeing: 0, abstainPolicy: 'strict' }), 0);
  });

  it('under strict, waits for the group size strict asks for, so stopping never forces an abstention', () => {
    assert.equal(agreeingToStop({ earlyStopAgreeing: 2, abstainPolicy: 'strict' }), DEFAULT_STRICT_MIN_AGREEING);
    assert.equal(agreeingToStop({ earlyStopAgreeing: 2, abstainPolicy: 'strict', strictMinAgreeing: 4 }), 4);
    assert.equal(agreeingToStop({ earlyStopAgreeing: 9, abstainPolicy: 'strict', strictMinAgreeing: 4 }), 9);
  });
});
