import * as assert from 'node:assert/strict';
import { repairCandidate, repairMessages, repairRequest } from '../../../src/engine/agreement/repair';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { applyToFile } from '../../../src/engine/task';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { makeTask } from '../../fixtures/cheatsheet/builders';
import { API_KEY, DOTENV, ENV, ENV_SECRET, FAILING_MESSAGE, FAILING_TEST, leaked, leakyExitCodeVerdict, leakyVerdict, PEM } from '../secrets/leakyOutput';
import { useGrowWorkspace } from './growWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const task = makeTask('parse_config', 'Parse the config.');

function userText(messages: { content: string }[]): string {
  return messages.map((m) => m.content).join('\n');
}

describe('repair prompt: nothing secret leaves', () => {
  before(() => ensureLanguageLayer());

  it('carries the failing test name and message, and none of the key, env values, .env dump or PEM key', () => {
    const text = userText(repairMessages(task, 'def parse_config():\n    return {}', leakyVerdict(), { secrets: [API_KEY], env: ENV }));
    assert.deepEqual(leaked(text), []);
    assert.match(text, new RegExp(FAILING_TEST));
    assert.ok(text.includes(FAILING_MESSAGE));
    assert.doesNotMatch(text, /RAW-COMBINED-OUTPUT|test_passes/);
  });

  it('cuts exit-code-only runs to the scrubbed tail', () => {
    const text = userText(repairMessages(task, 'pass', leakyExitCodeVerdict(), { secrets: [API_KEY], env: ENV }));
    assert.deepEqual(leaked(text), []);
    assert.ok(text.includes(FAILING_MESSAGE));
    assert.doesNotMatch(text, /HEAD-OF-OUTPUT/);
  });

  it('the request solve() sends masks the settings\' key and this process\'s secret-looking environment', () => {
    const before = process.env.BEST_OF_N_TEST_DB_PASSWORD;
    process.env.BEST_OF_N_TEST_DB_PASSWORD = ENV_SECRET;
    try {
      const request = repairRequest(task, { code: 'pass', verification: leakyVerdict() }, { reasoning: {}, secrets: [API_KEY] });
      assert.deepEqual(leaked(userText(request.messages)), []);
      assert.ok(userText(request.messages).includes(FAILING_MESSAGE));
    } finally {
      if (before === undefined) delete process.env.BEST_OF_N_TEST_DB_PASSWORD;
      else process.env.BEST_OF_N_TEST_DB_PASSWORD = before;
    }
  });
});

describe('repair round with a candidate that prints secrets', function () {
  this.timeout(60000);
  const TESTS = 'from solution import grow\n\n\ndef test_one():\n    assert grow(1) == 2\n\n\ndef test_zero():\n    assert grow(0) == 0\n';
  const grow = useGrowWorkspace('repair-secrets-', TESTS);
  let server: ScriptedModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the failing test back without what the candidate printed', async () => {
    // What a candidate that read .env, a key file and the key would print.
    const dump = JSON.stringify(`${DOTENV}${PEM}\n${API_KEY}\n`);
    const extraction = extractCode(grow.task, `\`\`\`python\ndef grow(x):\n    print(${dump})\n    import sys\n    sys.stderr.write(${dump})\n    return x * 3\n\`\`\``);
    assert.ok(extraction.ok);
    const verification = await grow.verifier.verify({ task: grow.task, candidateId: 1, fileText: applyToFile(grow.task, extraction.code) }, new AbortController().signal);
    assert.equal(verification.status, 'failed');
    assert.notDeepEqual(leaked(JSON.stringify(verification)), [], 'the verdict carries what the candidate printed');
    server = await startScriptedModelServer([{ content: '```python\ndef grow(x):\n    return x * 2\n```' }]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: API_KEY, model: 'scripted', profile: getProviderProfile('ollama') });
    const outcome = await repairCandidate(grow.task, { code: 'def grow(x):\n    return x * 3', verification }, { model, verifier: grow.verifier, reasoning: {}, secrets: [API_KEY] }, new AbortController().signal);
    assert.equal(outcome?.verification.status, 'passed');
    const sent = JSON.stringify(server.requests.find((r) => r.path.endsWith('/chat/completions'))?.body);
    assert.deepEqual(leaked(sent), []);
    assert.match(sent, /test_one/);
  });
});
