import * as assert from 'node:assert/strict';
import { adaptiveOptions, adaptiveRun } from '../../../src/cli/bench/liveAdaptive';
import { solveOnce } from '../../../src/cli/bench/scoreRun';
import { reasoningLabel } from '../../../src/cli/reasoningLabel';
import { REPLAY_MODEL_ID, startReplayServer, type ReplayServer } from '../../../src/cli/replay/replayServer';
import { seededOrder } from '../../../src/cli/replay/sampleOrder';
import { DEFAULT_STOP_RULE, WAVE_SIZES } from '../../../src/engine/agreement/wavePolicy';
import type { SolveResult } from '../../../src/engine/events';
import type { HumanEvalProblem } from '../../../src/engine/humaneval/dataset';
import { taskForProblem } from '../../../src/engine/humaneval/workspace';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { reasoningLadder } from '../../../src/engine/model/reasoningLadder';
import type { SolveOptions } from '../../../src/engine/options';
import { VerificationCache } from '../../../src/engine/run/dedupe';
import { FakeVerifier } from '../../doubles/fakeVerifier';

const SEED = 3;
const TASK_ID = 'HumanEval/900';
const PROMPT = 'def add(a: int, b: int) -> int:\n    """Add two numbers.\n    >>> add(2, 3)\n    5\n    """\n';
const RIGHT = '    return a + b\n';
/** Wrong bodies, each distinct so that no two wrong samples are duplicates. */
const wrong = (i: number): string => `    return a - b + ${i}\n`;

/** A one-task dataset whose served order puts RIGHT at the given positions of the seeded order. */
function problemWith(rightAt: readonly number[], count: number): HumanEvalProblem {
  const order = seededOrder(SEED, TASK_ID, count);
  const samples = Array.from({ length: count }, () => '');
  order.forEach((recorded, position) => (samples[recorded] = rightAt.includes(position) ? RIGHT : wrong(position)));
  return {
    taskId: TASK_ID,
    prompt: PROMPT,
    entryPoint: 'add',
    canonicalSolution: RIGHT,
    hiddenTest: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
    samplePrompt: PROMPT,
    samples,
    testPrompt: `${PROMPT}\n# check the correctness of add\nassert `,
    generatedTests: [],
    visibleAsserts: ['add(2, 3) == 5'],
    visibleSource: 'assert add(2, 3) == 5',
  };
}

/** Visible test passes only for a + b (all copies behave alike); everything else fails it. */
const verifier = (): FakeVerifier => new FakeVerifier((text) => (text.includes('return a + b') ? { tests: { test_example_1: true }, behaviour: 'sum' } : { tests: { test_example_1: false } }), 1);

/** Hidden verdicts as the bench's scoring would give them: a + b is right, the rest wrong. */
function hiddenOf(result: SolveResult): Map<string, boolean> {
  return new Map(result.candidates.filter((c) => c.codeHash).map((c) => [c.codeHash ?? '', c.code?.includes('return a + b') === true]));
}

/** Sample count at the end of wave `k` (1-based) of the engine's schedule. */
const endOfWave = (k: number): number => WAVE_SIZES.slice(0, k).reduce((t, s) => t + s, 0) + Math.max(0, k - WAVE_SIZES.length) * (WAVE_SIZES[WAVE_SIZES.length - 1] ?? 1);

/** The bench's fixed-N settings (no early stop, no waves) at N = 5. */
function fixedOptions(model: OpenAIModelClient): SolveOptions {
  return {
    model,
    verifier: verifier(),
    // The fake verifier cannot show a witness stub's error: no baseline in this flow test.
    baseline: false,
    sampling: { n: 5, concurrency: 4, maxTokens: 300 },
    reasoning: {},
    budgets: {},
    earlyStopAgreeing: 0,
    abstainPolicy: 'abstain',
    verifyConcurrency: 2,
    promptTokenBudget: 8000,
    cheatsheetTokenBudget: 0,
    verificationCache: new VerificationCache(),
  };
}

describe('bench: the live adaptive run', function () {
  this.timeout(20000);
  const profile = getProviderProfile('vllm');
  const ladder = reasoningLadder(profile, {}).map(reasoningLabel);
  let server: ReplayServer;
  let model: OpenAIModelClient;

  async function live(problem: HumanEvalProblem, cap: number): Promise<{ result: SolveResult; served: number }> {
    server = await startReplayServer({ dataset: { dir: '/nonexistent', problems: [problem], byId: new Map([[problem.taskId, problem]]) }, seed: SEED, port: 0 });
    model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: REPLAY_MODEL_ID, profile, maxRetries: 0 });
    const options = adaptiveOptions(fixedOptions(model), cap, profile);
    const result = await solveOnce(taskForProblem(problem, '/nonexistent-workspace'), options, new AbortController().signal);
    return { result, served: server.served(TASK_ID, 'code') };
  }

  afterEach(async () => {
    await server?.close();
  });

  it('samples in the engine waves with its stop rule and ladder, on top of the fixed-N settings', () => {
    const fixed = fixedOptions(new OpenAIModelClient({ baseURL: 'http://127.0.0.1:9/v1', apiKey: '', model: REPLAY_MODEL_ID, profile }));
    const o = adaptiveOptions(fixed, 100, profile);
    assert.deepEqual([o.sampling.n, o.sampling.concurrency, o.waves, o.earlyStopAgreeing], [100, 4, {}, DEFAULT_STOP_RULE.agreeing]);
    assert.deepEqual(o.reasoningLadder, reasoningLadder(profile, {}));
    assert.equal(fixed.sampling.n, 5, 'the fixed-N options are left as they were');
  });

  it('draws the seeded order to the cap in growing waves, climbing the ladder after every wave with nothing passing', async () => {
    assert.ok(ladder.length >= 2, `the bench profile escalates (${ladder.join(' → ')})`);
    const cap = endOfWave(3);
    const { result, served } = await live(problemWith([], cap), cap);
    const run = adaptiveRun(TASK_ID, result, hiddenOf(result));
    // The three waves' requests, of varied sizes, served exactly the first `cap` samples of the order.
    assert.equal(served, cap);
    const expected = seededOrder(SEED, TASK_ID, cap).map((_, position) => wrong(position).trim());
    assert.deepEqual(result.candidates.map((c) => c.code?.trim()).sort(), expected.sort());
    assert.deepEqual([run.samples, run.waves, run.stoppedBy, run.pick], [cap, 3, 'completed', null]);
    // Wave k was drawn at ladder step k - 1: no wave had a passing sample.
    const tally: Record<string, number> = {};
    for (let k = 1; k <= 3; k++) {
      const label = ladder[Math.min(k - 1, ladder.length - 1)];
      tally[label] = (tally[label] ?? 0) + (endOfWave(k) - endOfWave(k - 1));
    }
    assert.deepEqual(run.reasoning, tally);
    assert.equal(run.tokens, result.totals.promptTokens + result.totals.completionTokens);
    assert.ok(run.tokens > 0 && run.distinct === cap && run.duplicates === 0);
  });

  it('stops once enough samples agree, counts only what it drew, and scores the engine pick on the hidden verdicts', async () => {
    // Two agreeing right samples in the third wave: the first two waves escalate, the third stops.
    const rightAt = [endOfWave(2), endOfWave(3) - 1];
    assert.equal(DEFAULT_STOP_RULE.agreeing, 2, 'the scenario places as many right samples as the stop rule needs');
    const { result } = await live(problemWith(rightAt, 100), 100);
    const run = adaptiveRun(TASK_ID, result, hiddenOf(result));
    assert.equal(run.stoppedBy, 'early-stop');
    assert.equal(run.waves, 3);
    // The rule is checked after whole waves: the third wave is drawn in full, nothing after it.
    assert.equal(run.samples, endOfWave(3));
    assert.equal(run.samples, result.totals.samples);
    assert.deepEqual(run.pick, { hash: run.pick?.hash, visiblePassed: true, visibleTests: { passed: 1, total: 1 }, hiddenPassed: true, behaviour: 'sum' });
    assert.equal(Object.values(run.reasoning).reduce((t, c) => t + c, 0), run.samples);
    assert.equal(run.reasoning[ladder[0]], WAVE_SIZES[0]);
    assert.equal(run.duplicates, 1, 'the second right sample is a copy of the first');
  });
});
