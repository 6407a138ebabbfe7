import * as assert from 'node:assert/strict';
import { splitBehaviour } from '../../../src/engine/agreement/dualAgreement';
import type { SolveResult } from '../../../src/engine/events';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { SolveOptions } from '../../../src/engine/options';
import { solve } from '../../../src/engine/solve';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { options } from '../engine/solveHelpers';
import { useGrowWorkspace } from './growWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

// A weak visible test: x * 3 passes it as well as x * 2 does.
const VISIBLE = 'from solution import grow\n\n\ndef test_zero():\n    assert grow(0) == 0\n';
// What a model might write: two right tests and one that contradicts the visible test.
const GENERATED = ' \n    grow(1) == 2\nassert grow(2) == 4\nassert grow(0) == 1\n';
const answer = (body: string): string => `\`\`\`python\ndef grow(x):\n    ${body}\n\`\`\``;

describe('solve() with generated tests: dual agreement over real HTTP and the warm sandboxed runner', function () {
  before(() => ensureLanguageLayer());

  this.timeout(60000);
  const grow = useGrowWorkspace('agreement-', VISIBLE);
  let server: ScriptedModelServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** `generatedTests: null` runs without them (and scripts no test reply). */
  const run = async (overrides: Omit<Partial<SolveOptions>, 'generatedTests'> & { generatedTests?: null }): Promise<SolveResult> => {
    const candidates = [{ content: answer('return x * 3') }, { content: answer('return x + x') }, { content: answer('return 2 * x') }];
    await server?.close();
    server = await startScriptedModelServer(overrides.generatedTests === null ? candidates : [{ content: GENERATED }, ...candidates]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const opts = options(model, grow.verifier, { sampling: { n: 3, concurrency: 1 }, ...overrides, generatedTests: overrides.generatedTests === null ? undefined : { count: 1, cap: 10, python: 'python3' } });
    for await (const e of solve(grow.task, opts, new AbortController().signal)) if (e.type === 'run/finished') return e.result;
    throw new Error('no result');
  };

  it('asks for tests first, drops the contradicting one, and picks the candidates that agree and pass them over the first passing one', async () => {
    const result = await run({});
    const first = server?.requests.find((r) => r.path.endsWith('/chat/completions'));
    assert.match(JSON.stringify(first?.body), /# check the correctness of grow/);
    const [triple, plus, times] = result.candidates;
    for (const c of [triple, plus, times]) assert.equal(c.verification?.status, 'passed', 'all three pass the weak visible test');
    // Three calls (grow(1), grow(2) and grow(3), derived from grow(2)) and two checks; grow(0) == 1 contradicted the visible test.
    assert.deepEqual(splitBehaviour(plus.verification?.behaviour, 3, 2), { outputs: '=2|=4|=6', checks: [true, true] });
    assert.deepEqual(splitBehaviour(triple.verification?.behaviour, 3, 2), { outputs: '=3|=6|=9', checks: [false, false] });
    assert.equal(result.choice?.candidateId, plus.id);
    assert.equal(plus.score?.agreement, 2, 'x + x and 2 * x form one group');
  });

  it('without generated tests the weak visible test cannot tell x * 3 from x * 2', async () => {
    const result = await run({ generatedTests: null });
    assert.equal(result.choice?.candidateId, 1);
  });

  it('strict policy abstains when too few samples agree with the pick and picks when enough do', async () => {
    const strict = await run({ abstainPolicy: 'strict', strictMinAgreeing: 3 });
    assert.equal(strict.choice, null);
    assert.match(strict.abstention?.reason ?? '', /only 2 samples agreed/);
    assert.equal(strict.abstention?.bestPartialId, 2);
    const enough = await run({ abstainPolicy: 'strict', strictMinAgreeing: 2 });
    assert.equal(enough.choice?.candidateId, 2);
  });
});

describe("solve() with no usable generated test: inputs derived from the user's own calls still rank", function () {
  before(() => ensureLanguageLayer());

  this.timeout(60000);
  // x * x passes grow(2) == 4 as well as x + x does; grow(3), derived from the user's call, tells them apart.
  const grow = useGrowWorkspace('derived-', 'from solution import grow\n\n\ndef test_two():\n    assert grow(2) == 4\n');
  let server: ScriptedModelServer | undefined;

  after(async () => server?.close());

  it('groups x + x with 2 * x on grow(3) and picks them over the first passing x * x', async () => {
    const candidates = ['return x * x', 'return x + x', 'return 2 * x'].map((body) => ({ content: answer(body) }));
    server = await startScriptedModelServer([{ content: 'I cannot write tests for this.' }, ...candidates]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const opts = options(model, grow.verifier, { sampling: { n: 3, concurrency: 1 }, generatedTests: { count: 1, cap: 10, python: 'python3' } });
    let result: SolveResult | undefined;
    for await (const e of solve(grow.task, opts, new AbortController().signal)) if (e.type === 'run/finished') result = e.result;
    const [square, plus, times] = result?.candidates ?? [];
    for (const c of [square, plus, times]) assert.equal(c?.verification?.status, 'passed');
    assert.equal(splitBehaviour(square?.verification?.behaviour, 1, 0)?.outputs, '=9');
    assert.equal(splitBehaviour(plus?.verification?.behaviour, 1, 0)?.outputs, '=6');
    assert.equal(result?.choice?.candidateId, plus?.id);
    assert.equal(plus?.score?.agreement, 2);
  });
});
