import * as assert from 'node:assert/strict';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { ModelClient } from '../../../src/engine/model/types';
import type { Task } from '../../../src/engine/task';
import { ApiKeyStore } from '../../../src/vscode/apiKeyStore';
import type { EnginePort } from '../../../src/vscode/enginePort';
import { readSettings } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';
import { FakeVerifier } from '../../doubles/fakeVerifier';
import { fake, installFakeVscode } from '../../doubles/fakeVscodeApi';
import { InMemorySecretStorage } from '../../doubles/inMemorySecretStorage';
import { RecordingLog } from '../../doubles/recordingLog';

installFakeVscode();
// Loaded after the fake is installed: run options import `vscode`.
const { prepareOptions } = require('../../../src/vscode/runOptions') as typeof import('../../../src/vscode/runOptions');
const { LanguageModelClient } = require('../../../src/vscode/languageModels/languageModelClient') as typeof import('../../../src/vscode/languageModels/languageModelClient');

const task: Task = {
  workspaceRoot: '/ws',
  filePath: 'a.py',
  fileText: 'def f():\n    pass\n',
  range: { start: 0, end: 18 },
  targetKind: 'function',
  functionName: 'f',
  spec: '',
  testCommand: 'pytest',
  language: 'python',
};

/** The engine seam with only what run options use; anything else fails the test. */
function engine(): EnginePort & { openAIClients: number } {
  const unused = (): never => {
    throw new Error('not used by run options');
  };
  const port = {
    openAIClients: 0,
    solve: unused,
    createModel: (): ModelClient => {
      port.openAIClients++;
      return unused();
    },
    createVerifier: unused,
    verifierFor: () => Promise.resolve({ verifier: new FakeVerifier(() => ({ tests: {} })), kind: 'general' as const, why: 'test double' }),
    detectBubblewrap: unused,
    profile: (id: Parameters<EnginePort['profile']>[0]) => getProviderProfile(id),
    listFunctions: unused,
    proposeTests: unused,
  };
  return port;
}

/** Secret storage that records which keys were read. */
class WatchedSecrets extends InMemorySecretStorage {
  readonly reads: string[] = [];
  override get(key: string): Promise<string | undefined> {
    this.reads.push(key);
    return super.get(key);
  }
}

/** The run log plus the secret masking run options ask of the extension's log (nothing to mask here). */
function withSecrets(log: RecordingLog): RecordingLog & { addSecret(value: string | undefined): void } {
  return Object.assign(log, { addSecret: (): void => undefined });
}

function settings(model: string) {
  const values: Record<string, unknown> = { [SettingKey.profile]: 'vscode-lm', [SettingKey.model]: model, [SettingKey.baseUrl]: 'https://api.example.test/v1' };
  return readSettings({ get: <T>(key: string) => values[key] as T | undefined }).settings;
}

describe('run options with the vscode-lm profile', () => {
  beforeEach(() => fake.reset());

  it('builds the Language Model client for vendor/id and never looks up an API key', async () => {
    const secrets = new WatchedSecrets();
    const port = engine();
    const log = new RecordingLog();
    const options = await prepareOptions({ task, settings: settings('acme/coder'), keys: new ApiKeyStore(secrets), engine: port, log: withSecrets(log) });
    assert.ok(options);
    assert.ok(options.model instanceof LanguageModelClient);
    assert.equal(options.model.model, 'acme/coder');
    assert.equal(options.model.profile.id, 'vscode-lm');
    assert.deepEqual(secrets.reads, [], 'no secret was read');
    assert.equal(port.openAIClients, 0);
    assert.ok(log.lines.some((l) => l.includes('VS Code language model acme/coder')), log.lines.join('\n'));
    assert.deepEqual(fake.shown, []);
  });

  it('refuses a model setting that is not vendor/id with a clear message and offers Choose Model', async () => {
    fake.answers.push('Choose Model');
    const log = new RecordingLog();
    const options = await prepareOptions({ task, settings: settings('gpt-4o-mini'), keys: new ApiKeyStore(new InMemorySecretStorage()), engine: engine(), log: withSecrets(log) });
    assert.equal(options, undefined);
    assert.match(fake.shown[0]?.message ?? '', /"gpt-4o-mini" does not name a VS Code language model: .*vendor\/id/);
    assert.deepEqual(fake.shown[0]?.items, ['Choose Model']);
    assert.deepEqual(fake.commands, [['bestOfN.chooseModel']]);
  });
});
