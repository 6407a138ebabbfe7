import * as assert from 'node:assert/strict';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { ModelClient, ProviderProfile } from '../../../src/engine/model/types';
import type { Task } from '../../../src/engine/task';
import { ApiKeyStore } from '../../../src/vscode/apiKeyStore';
import type { EnginePort } from '../../../src/vscode/enginePort';
import { readSettings } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { FakeVerifier } from '../../doubles/fakeVerifier';
import { fake, installFakeVscode } from '../../doubles/fakeVscodeApi';
import { InMemorySecretStorage } from '../../doubles/inMemorySecretStorage';
import { RecordingLog } from '../../doubles/recordingLog';

installFakeVscode();
// Loaded after the fake is installed: run options import `vscode`.
const { prepareOptions } = require('../../../src/vscode/runOptions') as typeof import('../../../src/vscode/runOptions');

const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: 'def f():\n    pass\n', range: { start: 0, end: 18 }, targetKind: 'function', functionName: 'f', spec: '', testCommand: 'pytest', language: 'python' };

/** The engine seam: model clients are recorded doubles, one per createModel call. */
function engine(): EnginePort & { created: { baseURL: string; apiKey: string; model: string; profile: ProviderProfile }[] } {
  const unused = (): never => {
    throw new Error('not used by run options');
  };
  const created: { baseURL: string; apiKey: string; model: string; profile: ProviderProfile }[] = [];
  return {
    created,
    solve: unused,
    createModel: (o): ModelClient => {
      created.push({ baseURL: o.baseURL, apiKey: o.apiKey, model: o.model, profile: o.profile });
      return Object.assign(new FakeModelClient([], o.profile), { model: o.model }) as ModelClient;
    },
    createVerifier: unused,
    verifierFor: () => Promise.resolve({ verifier: new FakeVerifier(() => ({ tests: {} })), kind: 'general' as const, why: 'test double' }),
    detectBubblewrap: unused,
    profile: (id) => getProviderProfile(id),
    listFunctions: unused,
    proposeTests: unused,
  };
}

function settingsWith(pool: unknown, extra: Record<string, unknown> = {}) {
  const values: Record<string, unknown> = { [SettingKey.profile]: 'openai', [SettingKey.model]: 'gpt-5-mini', [SettingKey.baseUrl]: 'https://api.openai.com/v1', [SettingKey.effort]: 'high', [SettingKey.escalate]: true, [SettingKey.pool]: pool, ...extra };
  return readSettings({ get: <T>(key: string) => values[key] as T | undefined });
}

const log = (): RecordingLog & { addSecret(value: string | undefined): void } => Object.assign(new RecordingLog(), { addSecret: (): void => undefined });

describe('run options with bestOfN.pool', () => {
  beforeEach(() => fake.reset());

  it('builds one client per entry with its own server, key, profile, reasoning ladder and prices', async () => {
    const secrets = new InMemorySecretStorage();
    const keys = new ApiKeyStore(secrets);
    await keys.set('https://api.openai.com/v1', 'sk-openai-not-real');
    const port = engine();
    const { settings, problems } = settingsWith([
      { model: 'gpt-5-mini', share: 4, effort: 'low' },
      { model: 'qwen3', share: 2, profile: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', budgetTokens: 4096, label: 'local qwen', promptPricePer1K: 0, completionPricePer1K: 0.001 },
    ]);
    assert.deepEqual(problems, []);
    const options = await prepareOptions({ task, settings, keys, engine: port, log: log() });
    assert.ok(options?.pool);
    assert.deepEqual(port.created.map((c) => [c.model, c.baseURL, c.apiKey, c.profile.id]), [
      ['gpt-5-mini', 'https://api.openai.com/v1', 'sk-openai-not-real', 'openai'],
      ['gpt-5-mini', 'https://api.openai.com/v1', 'sk-openai-not-real', 'openai'],
      ['qwen3', 'http://127.0.0.1:8000/v1', 'no-key', 'vllm'],
    ]);
    const [openai, local] = options.pool;
    assert.deepEqual([openai?.share, openai?.reasoning, openai?.reasoningLadder], [4, { effort: 'low' }, [{ effort: 'none' }, { effort: 'minimal' }, { effort: 'low' }]]);
    assert.deepEqual([local?.label, local?.share, local?.reasoning, local?.prices], ['local qwen', 2, { budgetTokens: 4096 }, { promptPer1K: 0, completionPer1K: 0.001 }]);
    assert.deepEqual(local?.reasoningLadder, [{ fastMode: true }, { budgetTokens: 1024 }, { budgetTokens: 4096 }], 'each model climbs its own profile\'s ladder');
  });

  it('refuses the run, naming the entry, when an entry\'s remote server has no key, and offers Set API Key', async () => {
    const keys = new ApiKeyStore(new InMemorySecretStorage());
    await keys.set('https://api.openai.com/v1', 'sk-openai-not-real');
    const { settings } = settingsWith([
      { model: 'gpt-5-mini', share: 1 },
      { model: 'deepseek-reasoner', share: 1, profile: 'deepseek', baseUrl: 'https://api.deepseek.com' },
    ]);
    const options = await prepareOptions({ task, settings, keys, engine: engine(), log: log() });
    assert.equal(options, undefined);
    assert.match(fake.shown[0]?.message ?? '', /^Best-of-N: bestOfN\.pool \(deepseek-reasoner\): no API key stored for https:\/\/api\.deepseek\.com/);
    assert.deepEqual(fake.shown[0]?.items, ['Set API Key']);
  });

  it('reports each unusable entry by index and field, and keeps the usable ones', () => {
    const { settings, problems } = settingsWith([{ model: 'a', share: 2 }, { model: '', share: 1 }, { model: 'b', share: 0.5, effort: 'max', colour: 'red' }, 'c']);
    assert.deepEqual(settings.pool.map((e) => e.model), ['a']);
    assert.deepEqual(problems, [
      'bestOfN.pool[1]: "model" must name a model.',
      'bestOfN.pool[2]: unknown field "colour" (fields: model, share, profile, baseUrl, label, effort, budgetTokens, fastMode, promptPricePer1K, completionPricePer1K).',
      'bestOfN.pool[2]: "share" must be a whole number of at least 1; got 0.5.',
      'bestOfN.pool[2]: "effort" must be one of none, minimal, low, medium, high; got "max".',
      'bestOfN.pool[3] must be an object like { "model": "gpt-5-mini", "share": 4 }; got "c".',
    ]);
  });
});
