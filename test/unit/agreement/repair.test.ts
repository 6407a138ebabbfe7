import * as assert from 'node:assert/strict';
import { repairCandidate } from '../../../src/engine/agreement/repair';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { applyToFile } from '../../../src/engine/task';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { useGrowWorkspace } from './growWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const TESTS = 'from solution import grow\n\n\ndef test_one():\n    assert grow(1) == 2\n\n\ndef test_zero():\n    assert grow(0) == 0\n';

describe('repair round against the scripted server', function () {
  before(() => ensureLanguageLayer());

  this.timeout(60000);
  const grow = useGrowWorkspace('repair-', TESTS);
  let server: ScriptedModelServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const failing = async (): Promise<{ code: string; verification: VerifierResult }> => {
    const extraction = extractCode(grow.task, '```python\ndef grow(x):\n    return x * 3\n```');
    assert.ok(extraction.ok);
    const code = extraction.code;
    const verification = await grow.verifier.verify({ task: grow.task, candidateId: 1, fileText: applyToFile(grow.task, code) }, new AbortController().signal);
    assert.equal(verification.status, 'failed');
    return { code, verification };
  };

  it('sends the failing code and the failing test back and verifies the revision', async () => {
    server = await startScriptedModelServer([{ content: '```python\ndef grow(x):\n    return x * 2\n```' }]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const outcome = await repairCandidate(grow.task, await failing(), { model, verifier: grow.verifier, reasoning: {} }, new AbortController().signal);
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
    assert.equal(await repairCandidate(grow.task, await failing(), { model, verifier: grow.verifier, reasoning: {} }, new AbortController().signal), undefined);
  });
});
