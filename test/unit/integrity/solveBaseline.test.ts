import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SolveEvent } from '../../../src/engine/events';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { materializePythonProject, PYTHON_PROJECT, removeProject } from '../../fixtures/projects/materialize';
import { RIGHT_MEDIAN, WRONG_MEDIAN } from '../engine/medianAnswers';
import { options } from '../engine/solveHelpers';
import { copyFixture, requireSandbox, snapshot } from '../verify/helpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

async function events(task: Task, verifier: Verifier, server: ScriptedModelServer, n: number): Promise<SolveEvent[]> {
  const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
  const out: SolveEvent[] = [];
  for await (const e of solve(task, options(model, verifier, { sampling: { n, concurrency: 1 }, baseline: true }), new AbortController().signal)) out.push(e);
  return out;
}

const completions = (server: ScriptedModelServer): number => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

describe('solve() with the baseline and witness (scripted model, bubblewrap)', function () {
  before(() => ensureLanguageLayer());

  this.timeout(180_000);
  let server: ScriptedModelServer | undefined;
  let verifier: Verifier | undefined;
  const dirs: string[] = [];

  before(async function () {
    await requireSandbox(this);
  });
  afterEach(async () => {
    await server?.close();
    await verifier?.dispose();
    server = undefined;
  });
  after(async () => {
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('emits run/baseline before the first candidate, and a test failing before the run does not fail every candidate', async () => {
    const dir = await copyFixture('python-sample');
    dirs.push(dir);
    // One broken test that has nothing to do with median.
    await fs.writeFile(path.join(dir, 'test_unrelated.py'), 'def test_broken_elsewhere():\n    assert 1 + 1 == 3\n');
    const text = await fs.readFile(path.join(dir, 'stats.py'), 'utf8');
    const task = taskForFunction({ workspaceRoot: dir, filePath: 'stats.py', fileText: text, functionName: 'median', testCommand: 'python3 -m pytest -q' });
    server = await startScriptedModelServer([{ content: WRONG_MEDIAN }, { content: RIGHT_MEDIAN }]);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 60_000 });
    const all = await events(task, verifier, server, 2);

    const types = all.map((e) => e.type);
    const baselineAt = types.indexOf('run/baseline');
    assert.equal(types[0], 'run/started');
    assert.ok(baselineAt > 0 && baselineAt < types.indexOf('candidate/updated'), types.join(' '));
    const baseline = all[baselineAt].type === 'run/baseline' ? all[baselineAt].baseline : undefined;
    assert.equal(baseline?.witness, 'reached', baseline?.explanation);
    assert.equal(baseline?.testIds.length, 6);
    assert.deepEqual(baseline?.failingBefore, ['test_unrelated::test_broken_elsewhere']);
    // NotImplementedError fails all five median tests before the run; the nonce tells them apart from the broken one.
    assert.equal(baseline?.reaching.length, 5);

    const finished = all[all.length - 1];
    assert.equal(finished.type, 'run/finished');
    const result = finished.type === 'run/finished' ? finished.result : undefined;
    assert.deepEqual(result?.baseline, baseline);
    const [wrong, right] = result?.candidates ?? [];
    assert.equal(wrong.state, 'failed');
    assert.equal(right.state, 'passed', right.verification?.reason);
    assert.deepEqual(right.verification?.integrity, { missingTests: [], canaries: 'ok', ignoredPreexisting: ['test_unrelated::test_broken_elsewhere'] });
    assert.equal(right.verification?.total, 5);
    assert.equal(result?.choice?.candidateId, right.id);
  });

  it('stops before any model request when the tests import an installed copy, naming site-packages; writes nothing', async () => {
    const dir = await materializePythonProject('regular');
    try {
      const before = await snapshot(path.join(dir, 'src'));
      const text = await fs.readFile(path.join(dir, PYTHON_PROJECT.targetFile), 'utf8');
      const task = taskForFunction({ workspaceRoot: dir, filePath: PYTHON_PROJECT.targetFile, fileText: text, functionName: PYTHON_PROJECT.targetFunction, testCommand: PYTHON_PROJECT.testCommand });
      server = await startScriptedModelServer([{ content: '```python\ndef natural_size(value, binary=False):\n    return ""\n```' }]);
      verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 60_000 });
      const all = await events(task, verifier, server, 2);

      const last = all[all.length - 1];
      assert.equal(last.type, 'run/error');
      assert.equal(last.type === 'run/error' ? last.kind : '', 'tests-do-not-reach');
      assert.match(last.type === 'run/error' ? last.message : '', /import unitfmt from \.venv\/lib\/python3\.\d+\/site-packages, not src\/: install it editable \(pip install -e \.\)/);
      const baseline = all.find((e) => e.type === 'run/baseline');
      assert.equal(baseline?.type === 'run/baseline' ? baseline.baseline.witness : '', 'not-reached');
      assert.ok(!all.some((e) => e.type === 'candidate/updated'));
      assert.equal(completions(server), 0, 'no model request');
      assert.deepEqual(await snapshot(path.join(dir, 'src')), before);
    } finally {
      await removeProject(dir);
    }
  });
});
