import { strict as assert } from 'node:assert';
import type { Candidate } from '../../../src/engine/events';
import { codeHash, normaliseCode, taskFingerprint, VerificationCache } from '../../../src/engine/run/dedupe';
import { choose, falsePositiveRisk, verifierStrength } from '../../../src/engine/select/choose';
import { rankByGeneratedTests, rankCandidates } from '../../../src/engine/select/rank';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { addTask } from './solveHelpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

function verdict(tests: Record<string, boolean>, behaviour?: string): VerifierResult {
  const list = Object.entries(tests).map(([name, ok]) => ({ name, status: ok ? ('passed' as const) : ('failed' as const) }));
  const passed = list.filter((t) => t.status === 'passed').length;
  return { status: passed === list.length ? 'passed' : 'failed', tests: list, passed, failed: list.length - passed, total: list.length, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'none', behaviour };
}

function cand(id: number, v: VerifierResult | undefined, extra: Partial<Candidate> = {}): Candidate {
  return { id, state: v ? v.status : 'rejected', wave: 1, reasoning: {}, rawContent: '', reasoningText: '', votes: 1, usage: { prompt: 10, completion: 100, reasoning: 0, estimated: false }, costUsd: 0, cheatsheetItemIds: [], verification: v, ...extra };
}

const ALL = { a: true, b: true, c: true };

describe('dedupe', () => {
  before(() => ensureLanguageLayer());

  it('ignores comments, trailing spaces and blank lines but not indentation or strings', () => {
    const a = 'def f(x):\n    # say hi\n    return "#not a comment"   \n\n';
    const b = 'def f(x):\n    return "#not a comment"  # done';
    assert.equal(normaliseCode(a, 'python'), normaliseCode('def f(x):\n    return "#not a comment"', 'python'));
    assert.equal(codeHash(a, 'python'), codeHash(b, 'python'));
    assert.notEqual(codeHash('if x:\n    y()\nz()', 'python'), codeHash('if x:\n    y()\n    z()', 'python'));
    assert.notEqual(codeHash('return "a"', 'python'), codeHash('return "b"', 'python'));
    assert.equal(codeHash('f(1); // one\n/* two */ g(`//x`)', 'javascript'), codeHash('f(1);\ng(`//x`)', 'javascript'));
  });

  it('verifies a key once, shares in-flight runs and forgets cancelled ones', async () => {
    const cache = new VerificationCache();
    let runs = 0;
    const slow = (status: VerifierResult['status']) => async (): Promise<VerifierResult> => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return { ...verdict(ALL), status };
    };
    const key = VerificationCache.key(taskFingerprint(addTask()), 'h1');
    const [x, y] = await Promise.all([cache.getOrVerify(key, slow('passed')), cache.getOrVerify(key, slow('passed'))]);
    assert.equal(runs, 1);
    assert.deepEqual([x.cached, y.cached], [false, true]);
    assert.equal((await cache.getOrVerify(key, slow('passed'))).cached, true);
    const other = VerificationCache.key(taskFingerprint(addTask()), 'h2');
    await cache.getOrVerify(other, slow('cancelled'));
    assert.equal((await cache.getOrVerify(other, slow('passed'))).cached, false);
    assert.equal(runs, 3);
    assert.equal(cache.hits, 2);
  });

  it('fingerprints tasks by file, range and test command', () => {
    const t = addTask();
    assert.equal(taskFingerprint(t), taskFingerprint({ ...t }));
    assert.notEqual(taskFingerprint(t), taskFingerprint({ ...t, testCommand: 'pytest -x' }));
    assert.notEqual(taskFingerprint(t), taskFingerprint({ ...t, fileText: t.fileText + '\n' }));
  });
});

describe('ranking', () => {
  before(() => ensureLanguageLayer());

  it('orders by pass fraction, then count, then agreement, then the earlier id (not tokens)', () => {
    const candidates = [
      cand(1, verdict({ a: true, b: false, c: false })),
      cand(2, verdict(ALL, 'x'), { usage: { prompt: 10, completion: 300, reasoning: 200, estimated: false } }),
      cand(3, verdict(ALL, 'y')),
      cand(4, verdict(ALL, 'x'), { usage: { prompt: 10, completion: 500, reasoning: 0, estimated: false } }),
      cand(5, undefined),
      cand(6, verdict(ALL, 'y'), { duplicateOf: 3, state: 'duplicate' }),
      cand(7, verdict({ a: true, b: true, c: false, d: false })),
    ];
    candidates[2].votes = 3; // #3 has two identical copies
    const { ranking, scores } = rankCandidates(candidates);
    // #3's cluster: 3 votes; #2 and #4 agree with each other (2 votes) and tie inside their group: the earlier id goes first.
    assert.deepEqual(ranking, [3, 2, 4, 7, 1]);
    assert.equal(scores[3].agreement, 3);
    assert.equal(scores[2].agreement, 2);
    assert.equal(scores[2].tokens, -300);
    assert.match(scores[3].explanation, /^Ranked #1: passed 3\/3 tests; 2 other samples behaved the same \(2 identical copies\)\.$/);
    assert.equal(scores[5], undefined);
  });

  it('breaks a tie in agreement by the candidate’s own identical copies', () => {
    const candidates = [cand(1, verdict(ALL)), cand(2, verdict(ALL), { votes: 2, usage: { prompt: 10, completion: 900, reasoning: 0, estimated: false } }), cand(3, verdict(ALL))];
    assert.deepEqual(rankCandidates(candidates).ranking, [2, 1, 3]);
  });

  it('abstains by default when nothing passes, naming the best partial', () => {
    const candidates = [cand(1, verdict({ a: true, b: false })), cand(2, verdict({ a: false, b: false }))];
    const { ranking, scores } = rankCandidates(candidates);
    candidates.forEach((c) => (c.score = scores[c.id]));
    const abstain = choose(candidates, ranking, 'abstain', 'completed');
    assert.equal(abstain.choice, null);
    assert.equal(abstain.abstention?.bestPartialId, 1);
    const partial = choose(candidates, ranking, 'best-partial', 'completed');
    assert.equal(partial.choice?.candidateId, 1);
    const none = choose([cand(1, undefined)], [], 'abstain', 'completed');
    assert.match(none.abstention?.reason ?? '', /None of the 1 sample could be verified/);
  });
});

describe('verifier strength', () => {
  before(() => ensureLanguageLayer());

  it('is weak with two tests or fewer', () => {
    const s = verifierStrength([cand(1, verdict({ a: true, b: true })), cand(2, verdict({ a: false, b: true }))]);
    assert.equal(s.level, 'weak');
    assert.match(s.note, /only 2 tests ran/);
  });

  it('is weak when every candidate passes: the tests do not discriminate', () => {
    const s = verifierStrength([cand(1, verdict(ALL)), cand(2, verdict(ALL))]);
    assert.equal(s.level, 'weak');
    assert.match(s.note, /all 2 verified candidates passed/);
    assert.match(s.note, /can pass these tests and still be wrong/);
    assert.match(verifierStrength([cand(1, verdict(ALL))]).note, /the only verified candidate passed/);
  });

  it('is weak when passing candidates behave differently', () => {
    const s = verifierStrength([cand(1, verdict(ALL, 'out=1')), cand(2, verdict(ALL, 'out=2')), cand(3, verdict({ a: false, b: true, c: true }))]);
    assert.equal(s.level, 'weak');
    assert.equal(s.passingClusters, 2);
  });

  it('is moderate with a few discriminating tests and strong with many that agree', () => {
    assert.equal(verifierStrength([cand(1, verdict(ALL)), cand(2, verdict({ a: false, b: true, c: true }))]).level, 'moderate');
    const six = { a: true, b: true, c: true, d: true, e: true, f: true };
    const strong = verifierStrength([cand(1, verdict(six)), cand(2, verdict(six)), cand(3, verdict({ ...six, a: false }))]);
    assert.equal(strong.level, 'strong');
    assert.deepEqual([strong.testsCount, strong.candidatesPassing, strong.candidatesVerified, strong.passingClusters], [6, 2, 3, 1]);
  });

  it('estimates a false-positive risk that falls as more samples agree with the pick', () => {
    const risks = [1, 2, 5, 6, 9, 10, 40].map(falsePositiveRisk);
    for (let i = 1; i < risks.length; i++) assert.ok(risks[i] <= risks[i - 1], `risk at step ${i} must not rise`);
    assert.ok(risks[0] > risks[risks.length - 1]);
  });
});

describe('dual agreement through the shipped selection (one implementation for the engine and the bench)', () => {
  // Two calls then three checks per behaviour string; one visible test.
  const probes = { calls: 2, checks: 3 };
  const c = (id: number, votes: number, visiblePassed: boolean, behaviour: string | undefined): Candidate => cand(id, verdict({ visible: visiblePassed }, behaviour), { votes });

  it('with the visible tests as the filter, ranks the group that agrees on generated inputs and passes more generated tests', () => {
    const candidates = [
      c(1, 3, true, '=3|=6|=False|=False|=True'), // many votes, passes one generated test
      c(2, 2, true, '=2|=4|=True|=True|=False'),
      c(3, 1, true, '=2|=4|=True|=True|=False'), // same outputs as #2: one group of 3 samples
      c(4, 9, false, '=2|=4|=True|=True|=True'), // fails the visible test: never picked
    ];
    const { ranking, scores } = rankCandidates(candidates, probes);
    assert.deepEqual(ranking, [2, 3, 1, 4]);
    assert.equal(scores[2].agreement, 3);
    for (const x of candidates) x.score = scores[x.id];
    assert.equal(choose(candidates, ranking, 'abstain', 'completed').choice?.candidateId, 2);
    // Strict asks for a larger group than 3.
    assert.equal(choose(candidates, ranking, 'strict', 'completed', 4).choice, null);
    assert.equal(choose(candidates, ranking, 'strict', 'completed', 3).choice?.candidateId, 2);
  });

  it('without the visible tests (CodeT), groups by the generated tests passed and scores size × tests passed', () => {
    const { ranking, agreement } = rankByGeneratedTests([c(1, 4, false, '=0|=0|=False|=False|=False'), c(2, 1, false, '=1|=2|=True|=True|=False'), c(3, 1, true, '=9|=9|=True|=True|=False')], probes);
    // #2 and #3 pass the same two tests: one group of 2 samples × 2 tests = 4; #1 passes none, whatever its 4 votes.
    assert.deepEqual(ranking, [2, 3, 1]);
    assert.deepEqual(agreement, { 1: 4, 2: 2, 3: 2 });
  });

  it('keeps candidates without probe answers as groups of their own copies', () => {
    const { ranking } = rankByGeneratedTests([c(1, 2, true, undefined), c(2, 1, true, '=2|=4|=True|=True|=True')], probes);
    assert.deepEqual(ranking, [2, 1]);
  });
});
