import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repairCandidate } from '../../../src/engine/agreement/repair';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { applyToFile, type Task } from '../../../src/engine/task';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';

const SOLUTION = 'def grow(x):\n    """Double x."""\n    raise NotImplementedError\n';
const TESTS = 'from solution import grow\n\n\ndef test_one():\n    assert grow(1) == 2\n\n\ndef test_zero():\n    assert grow(0) == 0\n';

describe('repair round against the scripted server', function () {
  this.timeout(60000);
  let dir: string;
  let task: Task;
  let verifier: WarmVerifier;
  let server: ScriptedModelServer | undefined;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'repair-'));
    writeFileSync(path.join(dir, 'solution.py'), SOLUTION);
    writeFileSync(path.join(dir, 'test_grow.py'), TESTS);
    task = taskForFunction({ workspaceRoot: dir, filePath: 'solution.py', fileText: SOLUTION, functionName: 'grow', testCommand: 'python3 -m pytest -q' });
    verifier = new WarmVerifier({ sandbox: 'auto', timeoutMs: 3000, workers: 1 });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(async () => {
    await verifier.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const failing = async (): Promise<{ code: string; verification: Awaited<ReturnType<WarmVerifier['verify']>> }> => {
    const extraction = extractCode(task, '```python\ndef grow(x):\n    return x * 3\n```');
    assert.ok(extraction.ok);
    const code = extraction.code;
    const verification = await verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, code) }, new AbortController().signal);
    assert.equal(verification.status, 'failed');
    return { code, verification };
  };

  it('sends the failing code and the failing test back and verifies the revision', async () => {
    server = await startScriptedModelServer([{ content: '```python\ndef grow(x):\n    return x * 2\n```' }]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const outcome = await repairCandidate(task, await failing(), { model, verifier, reasoning: {} }, new AbortController().signal);
    assert.equal(outcome?.verification.status, 'passed');
    assert.match(outcome?.code ?? '', /return x \* 2/);
    const sent = JSON.stringify(server.requests.find((r) => r.path.endsWith('/chat/completions'))?.body);
    assert.match(sent, /return x \* 3/);
    assert.match(sent, /test_one/);
    assert.doesNotMatch(sent, /test_zero/, 'only failing tests are reported');
  });

  it('gives nothing back when the revision holds no code', async () => {
    server = await startScriptedModelServer([{ content: '' }]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    assert.equal(await repairCandidate(task, await failing(), { model, verifier, reasoning: {} }, new AbortController().signal), undefined);
  });
});
