import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCheatsheet, type Cheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import type { CheatsheetMode } from '../../../src/engine/cheatsheet/types';
import type { SolveResult } from '../../../src/engine/events';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import type { SolveOptions } from '../../../src/engine/options';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { HALF_UP_INSIGHT, LOOP_TASKS, loopReply, SPLIT_PITFALL, writeLoopTask, type LoopTask } from '../../fixtures/cheatsheet/loopTasks';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

// The whole loop with real parts: solve() over the openai SDK against a scripted HTTP
// model, the user's pytest tests in the real verifier, the curator call, the memory file.
describe('cheatsheet: the loop closes', function () {
  before(() => ensureLanguageLayer());

  this.timeout(120_000);
  let server: ScriptedModelServer;
  let verifier: Verifier;
  let dir: string;
  const signal = new AbortController().signal;

  before(async () => {
    server = await startScriptedModelServer((request) => {
      const body = request.body as { messages?: { role: string; content: string }[] } | undefined;
      return { content: loopReply(body?.messages ?? []) };
    });
    verifier = createVerifier({ sandbox: 'auto', timeoutMs: 30_000 });
  });
  after(async () => {
    await verifier.dispose();
    await server.close();
  });
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cheatsheet-loop-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const model = (): OpenAIModelClient => new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'scripted-model', profile: PROVIDER_PROFILES.vllm, maxRetries: 0 });

  async function run(task: Task, sheet: Cheatsheet | undefined): Promise<SolveResult> {
    const options: SolveOptions = {
      model: model(),
      verifier,
      cheatsheet: sheet?.port,
      sampling: { n: 2, concurrency: 2 },
      reasoning: {},
      budgets: {},
      earlyStopAgreeing: 0,
      abstainPolicy: 'abstain',
      verifyConcurrency: 2,
      promptTokenBudget: 4_000,
      cheatsheetTokenBudget: 400,
    };
    let result: SolveResult | undefined;
    for await (const event of solve(task, options, signal)) {
      if (event.type === 'run/error') throw new Error(`run failed: ${event.message}`);
      if (event.type === 'run/finished') result = event.result;
    }
    assert.ok(result, 'the run finished');
    return result;
  }

  async function taskIn(task: LoopTask, name: string): Promise<Task> {
    return writeLoopTask(task, path.join(dir, name));
  }

  async function learnThenApply(first: LoopTask, second: LoopTask, mode: CheatsheetMode, expectFirstPassed: boolean): Promise<{ sheet: Cheatsheet; offPassed: boolean; on: SolveResult; onTask: Task }> {
    // The curator's item alone, so the pass on task 2 is its doing (the verified snippet would help too).
    const sheet = await openCheatsheet({ file: path.join(dir, 'memory.json'), mode, learnFromTests: false });
    const firstTask = await taskIn(first, 'first');
    const firstResult = await run(firstTask, sheet);
    assert.equal(firstResult.choice !== null, expectFirstPassed, 'first task outcome');
    const report = await sheet.curate({ task: firstTask, result: firstResult, model: model(), signal });
    assert.equal(report.applied, true, report.reason);
    assert.equal(report.added.length, 1);

    const off = await run(await taskIn(second, 'second-off'), undefined);
    const onTask = await taskIn(second, 'second-on');
    const on = await run(onTask, sheet);
    return { sheet, offPassed: off.choice !== null, on, onTask };
  }

  it('passes task 2 only with the strategy its curator wrote after passing task 1', async () => {
    const { sheet, offPassed, on, onTask } = await learnThenApply(LOOP_TASKS.roundHalfUp, LOOP_TASKS.meanRounded, 'retrieval', true);
    assert.deepEqual(sheet.list().map((i) => [i.kind, i.text]), [['strategy', HALF_UP_INSIGHT]]);
    assert.equal(offPassed, false, 'memory off: task 2 fails');
    assert.ok(on.choice, `memory on: task 2 passes (${on.abstention?.reason ?? ''})`);
    const item = sheet.list()[0];
    assert.ok(on.candidates.every((c) => c.cheatsheetItemIds.includes(item.id)), 'each candidate records the item its prompt offered');
    const promptOfRun = server.requests.map((r) => r.rawBody).filter((b) => b.includes('mean_rounded') && b.includes('Cheatsheet'));
    assert.ok(promptOfRun.length > 0 && promptOfRun.every((b) => b.indexOf('Cheatsheet') < b.indexOf('def mean_rounded')), 'items sit before the task');
    // Closing the loop: the pass is credited to the item.
    await sheet.curate({ task: onTask, result: on, model: model(), signal });
    const credited = (await openCheatsheet({ file: path.join(dir, 'memory.json'), mode: 'retrieval' })).list()[0];
    assert.equal(credited.timesUsed, on.candidates.length);
    assert.equal(credited.timesHelped, on.candidates.filter((c) => c.state === 'passed' || c.state === 'duplicate').length);
  });

  it('passes task 2 only with the pitfall its curator wrote from task 1’s failing test', async () => {
    const { sheet, offPassed, on } = await learnThenApply(LOOP_TASKS.firstWord, LOOP_TASKS.wordCount, 'cumulative', false);
    assert.deepEqual(sheet.list().map((i) => [i.kind, i.text]), [['pitfall', SPLIT_PITFALL]]);
    assert.equal(offPassed, false, 'memory off: task 2 fails');
    assert.ok(on.choice, `memory on: task 2 passes (${on.abstention?.reason ?? ''})`);
  });
});
