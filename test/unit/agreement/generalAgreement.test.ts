import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { SolveResult } from '../../../src/engine/events';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import { type VerifierChoice, verifierForTask } from '../../../src/engine/verify/verifierForTask';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { options } from '../engine/solveHelpers';
import { makeNestedWorkspace } from '../verify/nestedWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

// What a model might write for grow: two right tests.
const GENERATED = ' grow(1) == 2\nassert grow(2) == 4\n';
const answer = (body: string): string => `\`\`\`python\ndef grow(x):\n    ${body}\n\`\`\``;

describe('solve() with generated tests on the general verifier: dual agreement for a unittest project in packages', function () {
  before(() => ensureLanguageLayer());

  this.timeout(90000);
  let dir: string;
  let task: Task;
  let chosen: VerifierChoice;
  let server: ScriptedModelServer | undefined;

  before(async () => {
    ({ dir, task } = makeNestedWorkspace('general-agreement-'));
    chosen = await verifierForTask(task, { sandbox: 'auto', timeoutMs: 20000, concurrency: 2 });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(async () => {
    await chosen?.verifier.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Three candidates that all pass the weak test: x * 3 first, then two right ones. */
  const run = async (withTests: boolean): Promise<SolveResult> => {
    const candidates = ['return x * 3', 'return x + x', 'return twice(x)'].map((body) => ({ content: answer(body) }));
    server = await startScriptedModelServer(withTests ? [{ content: GENERATED }, ...candidates] : candidates);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const opts = options(model, chosen.verifier, { sampling: { n: 3, concurrency: 1 }, ...(withTests ? { generatedTests: { count: 1, cap: 10, python: 'python3' } } : {}) });
    for await (const e of solve(task, opts, new AbortController().signal)) if (e.type === 'run/finished') return e.result;
    throw new Error('no result');
  };

  it('runs the real test command, probes the passing candidates, and picks the two that agree over the first passing one', async () => {
    assert.equal(chosen.kind, 'general', chosen.why);
    const result = await run(true);
    const [triple, plus, helper] = result.candidates;
    for (const c of [triple, plus, helper]) {
      assert.equal(c.verification?.status, 'passed', c.verification?.output);
      assert.equal(c.verification?.reportFormat, 'junit', 'verdicts come from pytest itself');
    }
    const answers = (behaviour: string | undefined): string[] => (behaviour ?? '').split('|');
    // Calls first, the two generated checks last.
    assert.deepEqual(answers(plus.verification?.behaviour).slice(-2), ['=True', '=True']);
    assert.deepEqual(answers(triple.verification?.behaviour).slice(-2), ['=False', '=False']);
    assert.equal(plus.verification?.behaviour, helper.verification?.behaviour, 'x + x and twice(x) behave alike');
    assert.equal(result.choice?.candidateId, plus.id);
    assert.equal(plus.score?.agreement, 2);
    assert.equal(triple.score?.agreement, 1);
  });

  it('without generated tests the weak test cannot tell x * 3 from x * 2', async () => {
    const result = await run(false);
    for (const c of result.candidates) assert.equal(c.verification?.behaviour, undefined);
    assert.equal(result.choice?.candidateId, result.candidates[0].id);
  });
});
