import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCuratorMessages, collectEvidence } from '../../../src/engine/cheatsheet/curatorPrompt';
import { openCheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import { clearRegisteredSecretValues, registerSecretValue } from '../../../src/engine/secrets/secretValues';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { CannedModelClient } from '../../doubles/cannedModelClient';
import { makeCandidate, makeResult, makeTask } from '../../fixtures/cheatsheet/builders';
import { API_KEY, ENV, ENV_SECRET, FAILING_MESSAGE, FAILING_TEST, leaked, leakyExitCodeVerdict, leakyVerdict } from '../secrets/leakyOutput';

const task = makeTask('parse_config', 'Parse the config.');

describe('curator prompt: nothing secret leaves', () => {
  it('carries the failing test name and message, and none of the key, env values, .env dump or PEM key', () => {
    const result = makeResult([makeCandidate(1, 'def parse_config():\n    return {}', leakyVerdict(), []), makeCandidate(2, 'pass', leakyExitCodeVerdict(), [])]);
    const scrub = { secrets: [API_KEY], env: ENV };
    const prompt = buildCuratorMessages(task, collectEvidence(result, scrub), [], scrub).map((m) => m.content).join('\n');
    assert.deepEqual(leaked(prompt), []);
    assert.ok(prompt.includes(`${FAILING_TEST}: ${FAILING_MESSAGE}`));
    assert.doesNotMatch(prompt, /RAW-COMBINED-OUTPUT|PASSING-TEST-CHATTER|HEAD-OF-OUTPUT/);
  });

  it('scrubs evidence built elsewhere and the reason of a timeout', () => {
    const timeout: VerifierResult = { ...leakyVerdict(), status: 'timeout', tests: [], reason: `hung after printing ${API_KEY}` };
    const scrub = { secrets: [API_KEY], env: ENV };
    const evidence = collectEvidence(makeResult([makeCandidate(1, 'pass', timeout, [])]), scrub);
    assert.deepEqual(leaked(evidence.failures.join('\n')), []);
    const forged = buildCuratorMessages(task, { failures: [`raw ${API_KEY} and ${ENV_SECRET}`] }, [], scrub);
    assert.deepEqual(leaked(forged.map((m) => m.content).join('\n')), []);
  });

  describe('through the memory facade (registered key, process environment)', () => {
    let dir: string;
    const envName = 'BEST_OF_N_TEST_SESSION_COOKIE';
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'curator-secrets-'));
      registerSecretValue(API_KEY);
      process.env[envName] = ENV_SECRET;
    });
    afterEach(async () => {
      clearRegisteredSecretValues();
      delete process.env[envName];
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('sends the curator no secret', async () => {
      const sheet = await openCheatsheet({ file: path.join(dir, 'cs.json'), mode: 'cumulative' });
      const model = new CannedModelClient(['{"operations": []}']);
      await sheet.curate({ task, result: makeResult([makeCandidate(1, 'pass', leakyVerdict(), [])]), model, signal: new AbortController().signal });
      assert.equal(model.requests.length, 1);
      const prompt = model.requests[0].messages.map((m) => m.content).join('\n');
      assert.deepEqual(leaked(prompt), []);
      assert.ok(prompt.includes(FAILING_TEST));
    });
  });
});
