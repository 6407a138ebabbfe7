import * as assert from 'node:assert/strict';
import type { CandidateView, TestView } from '../../../src/protocol';
import { installFakeVscode } from '../../doubles/fakeVscodeApi';
import { behaviourGroups, groupLabel } from '../../../src/vscode/reviewGroups';
import { finishedRunView } from './runViewFixture';

installFakeVscode();
// Loaded after the fake is installed: candidateDocuments imports `vscode`.
const { candidateIdOf, candidateLabel, CANDIDATE_SCHEME } = require('../../../src/vscode/candidateDocuments') as typeof import('../../../src/vscode/candidateDocuments');

function candidate(id: number, outcome: 'pass' | 'fail', agreement: number, extra: Partial<CandidateView> = {}): CandidateView {
  const tests: TestView[] = [
    { name: 'test_a', status: 'passed' },
    { name: 'test_b', status: outcome === 'pass' ? 'passed' : 'failed' },
  ];
  const passed = outcome === 'pass' ? 2 : 1;
  return {
    id,
    state: outcome === 'pass' ? 'passed' : 'failed',
    wave: 1,
    votes: 1,
    code: `def f(x):\n    return ${id}\n`,
    content: '',
    reasoningText: '',
    usage: { prompt: 1, completion: 1, reasoning: 0, estimated: false },
    costUsd: 0,
    reasoning: {},
    verification: { status: outcome === 'pass' ? 'passed' : 'failed', tests, passed, failed: 2 - passed, total: 2, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap' },
    score: { testsPassed: passed, testsTotal: 2, agreement, tokens: 2, rank: 0, explanation: '' },
    ...extra,
  };
}

describe('behaviour groups for the review', () => {
  it('groups alike candidates under their best-ranked member, best group first, duplicates included', () => {
    const candidates = [
      candidate(1, 'fail', 1),
      candidate(2, 'pass', 3),
      candidate(3, 'pass', 1),
      candidate(4, 'pass', 3),
      candidate(5, 'pass', 3, { state: 'duplicate', duplicateOf: 4 }),
      candidate(6, 'fail', 1, { code: undefined, rejection: 'no code' }),
    ];
    const groups = behaviourGroups(finishedRunView('', { candidates, ranking: [4, 2, 3, 1, 6] }));
    assert.deepEqual(
      groups.map((g) => [g.representative.id, g.members]),
      [
        [4, [4, 2, 5]],
        [3, [3]],
        [1, [1]],
      ],
    );
    assert.equal(groupLabel(groups[0]!), '#4 · 3 alike · 2/2 tests');
  });

  it('uses sampling order while the run is not ranked yet, and is empty without code', () => {
    const running = finishedRunView('', { status: 'running', candidates: [candidate(2, 'pass', 1), candidate(1, 'fail', 1)], ranking: [] });
    assert.deepEqual(behaviourGroups(running).map((g) => g.representative.id), [2, 1]);
    assert.deepEqual(behaviourGroups(finishedRunView('', { candidates: [candidate(1, 'pass', 1, { code: undefined })] })), []);
  });

  it('reads the run and candidate back from a candidate document URI, and nothing from others', () => {
    assert.deepEqual(candidateIdOf({ scheme: CANDIDATE_SCHEME, path: `/run-7/${candidateLabel(12)}/solution.py` }), { runId: 'run-7', candidateId: 12 });
    assert.equal(candidateIdOf({ scheme: CANDIDATE_SCHEME, path: '/run-7/current/solution.py' }), undefined);
    assert.equal(candidateIdOf({ scheme: 'file', path: '/run-7/candidate-12/solution.py' }), undefined);
  });
});
