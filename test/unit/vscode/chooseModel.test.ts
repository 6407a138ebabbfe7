import * as assert from 'node:assert/strict';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { customProfile, PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import { ApiKeyStore } from '../../../src/vscode/apiKeyStore';
import { chooseModel } from '../../../src/vscode/languageModels/modelWalk';
import type { ModelWalkPorts, PickItem } from '../../../src/vscode/languageModels/modelWalk';
import { probeModel } from '../../../src/vscode/modelProbe';
import { REPLAY_MODEL_ID, startReplayServer } from '../../../src/cli/replay/replayServer';
import { defaultHumanEvalDir, loadHumanEval } from '../../../src/engine/humaneval/dataset';
import { readSettings } from '../../../src/vscode/settings';
import { FakeChatModel, FakeLanguageModels } from '../../doubles/fakeLanguageModels';
import { InMemorySecretStorage } from '../../doubles/inMemorySecretStorage';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { ScriptedModelServer } from '../../doubles/scriptedModelServer';

/** A scripted user: answers each pick by the label it names (or backs out with undefined), each input box with text. */
interface Answers {
  picks: (string | undefined)[];
  inputs: (string | undefined)[];
}

function walkPorts(answers: Answers, overrides: Partial<ModelWalkPorts> = {}) {
  const shown: { title: string; items: PickItem<unknown>[] }[] = [];
  const inputs: { title: string; value?: string; password?: boolean }[] = [];
  const writes: [string, unknown, string][] = [];
  const secrets = new InMemorySecretStorage();
  const ports: ModelWalkPorts = {
    pick: <T>(title: string, items: readonly PickItem<T>[]): Promise<T | undefined> => {
      shown.push({ title, items: [...items] });
      const label = answers.picks.shift();
      if (label === undefined) return Promise.resolve(undefined);
      const item = items.find((i) => i.separator !== true && i.label === label);
      assert.ok(item, `no row "${label}" in ${title}: ${items.map((i) => i.label).join(', ')}`);
      return Promise.resolve(item.value);
    },
    input: (options) => {
      inputs.push({ title: options.title, value: options.value, password: options.password });
      const text = answers.inputs.shift();
      if (text !== undefined) assert.equal(options.validate(text), undefined, `input "${text}" rejected`);
      return Promise.resolve(text);
    },
    busy: (_title, task) => task(new AbortController().signal),
    keys: new ApiKeyStore(secrets),
    languageModels: new FakeLanguageModels([]),
    listModels: ({ baseUrl, apiKey, profile }, signal) => new OpenAIModelClient({ baseURL: baseUrl, apiKey: apiKey ?? '', model: 'listing', profile }).listModels(signal),
    probe: probeModel,
    update: (key, value, target) => {
      writes.push([key, value, target]);
      return Promise.resolve();
    },
    hasWorkspaceFolder: true,
    current: { profile: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
    profiles: [...Object.values(PROVIDER_PROFILES), customProfile()],
    ...overrides,
  };
  return { ports, shown, inputs, writes, secrets };
}

describe('Choose Model walk', () => {
  const servers: ScriptedModelServer[] = [];
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

  it('lists providers from the profile table, VS Code language models first, custom last, replay left out', async () => {
    const { ports, shown } = walkPorts({ picks: [undefined], inputs: [] });
    assert.equal(await chooseModel(ports), undefined);
    const labels = shown[0]?.items.map((i) => i.label) ?? [];
    assert.equal(labels[0], 'VS Code language models');
    assert.equal(labels[labels.length - 1], 'Custom OpenAI-compatible server');
    for (const profile of Object.values(PROVIDER_PROFILES).filter((p) => p.id !== 'replay' && p.id !== 'vscode-lm')) assert.ok(labels.includes(profile.label), `missing ${profile.label}`);
    assert.ok(!labels.some((l) => /Replay/.test(l)));
    const withReplay = walkPorts({ picks: [undefined], inputs: [] }, { current: { profile: 'replay', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } });
    await chooseModel(withReplay.ports);
    assert.ok(withReplay.shown[0]?.items.some((i) => /Replay/.test(i.label)));
  });

  it('the demo\'s replay server: lists its one model and writes the choice without a probe it would refuse', async () => {
    const replay = await startReplayServer({ dataset: await loadHumanEval(defaultHumanEvalDir()), seed: 1, port: 0 });
    try {
      const { ports, writes } = walkPorts(
        { picks: [PROVIDER_PROFILES.replay.label, REPLAY_MODEL_ID], inputs: [replay.url] },
        { current: { profile: 'replay', baseUrl: replay.url, model: REPLAY_MODEL_ID }, probe: () => Promise.reject(new Error('the replay server must not be probed')) },
      );
      const choice = await chooseModel(ports);
      assert.equal(choice?.probe, undefined);
      assert.deepEqual(writes, [
        ['provider.profile', 'replay', 'workspace'],
        ['provider.baseUrl', replay.url, 'workspace'],
        ['provider.model', REPLAY_MODEL_ID, 'workspace'],
      ]);
    } finally {
      await replay.close();
    }
  });

  it('VS Code language models: grouped by vendor with separators, family and input tokens shown; writes profile and vendor/id to the workspace', async () => {
    const api = new FakeLanguageModels([
      new FakeChatModel('zeta', 'z1', [], 'zfam', 4096, 'Zeta One'),
      new FakeChatModel('acme', 'coder', [], 'acme-family', 128000, 'Acme Coder'),
      new FakeChatModel('acme', 'mini', [], 'acme-mini', 8192, 'Acme Mini'),
    ]);
    const { ports, shown, writes, inputs } = walkPorts({ picks: ['VS Code language models', 'Acme Mini'], inputs: [] }, { languageModels: api });
    const choice = await chooseModel(ports);
    assert.deepEqual(api.selectors, [{}]);
    const items = shown[1]?.items ?? [];
    assert.deepEqual(
      items.map((i) => (i.separator === true ? `-- ${i.label}` : i.label)),
      ['-- acme', 'Acme Coder', 'Acme Mini', '-- zeta', 'Zeta One'],
    );
    assert.equal(items[1]?.detail, 'family acme-family · 128,000 input tokens');
    assert.equal(items[2]?.description, 'acme/mini');
    assert.equal(inputs.length, 0, 'no base URL or key is asked for VS Code models');
    assert.deepEqual(writes, [
      ['provider.profile', 'vscode-lm', 'workspace'],
      ['provider.model', 'acme/mini', 'workspace'],
    ]);
    assert.deepEqual(choice, { target: 'workspace', written: { 'provider.profile': 'vscode-lm', 'provider.model': 'acme/mini' }, keyStored: false });
  });

  it('says clearly when VS Code offers no chat models, and writes nothing', async () => {
    const { ports, writes } = walkPorts({ picks: ['VS Code language models'], inputs: [] }, { hasWorkspaceFolder: false });
    await assert.rejects(chooseModel(ports), /VS Code offers no chat models: install or sign in/);
    assert.deepEqual(writes, []);
  });

  it('custom server on loopback: no key asked, models from GET /v1/models, probe flags written to user settings without a folder', async () => {
    const server = await startScriptedModelServer([{ content: 'ok', reasoning: 'thinking' }], { whenExhausted: 'repeat-last', models: ['qwen3', 'llama'] });
    servers.push(server);
    const { ports, shown, inputs, writes } = walkPorts({ picks: ['Custom OpenAI-compatible server', 'qwen3'], inputs: [server.url] }, { hasWorkspaceFolder: false });
    const choice = await chooseModel(ports);
    assert.equal(inputs.length, 1, 'only the base URL is asked');
    assert.equal(inputs[0]?.value, 'http://127.0.0.1:8000/v1');
    assert.deepEqual(shown[1]?.items.map((i) => i.label), ['llama', 'qwen3']);
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models', 'POST /v1/chat/completions']);
    assert.deepEqual(Object.fromEntries(writes.map(([k, v]) => [k, v])), {
      'provider.profile': 'custom',
      'provider.baseUrl': server.url,
      'provider.model': 'qwen3',
      'provider.custom.supportsN': 'yes',
      'provider.custom.supportsStreaming': true,
      'provider.custom.reasoningEfforts': ['low', 'medium', 'high'],
      'provider.custom.reasoningSources': ['reasoning'],
    });
    assert.ok(writes.every(([, , target]) => target === 'global'));
    assert.equal(choice?.probe?.choices, 2);
    // What was written reads back as the settings the next run uses.
    const values = Object.fromEntries(writes.map(([k, v]) => [k, v]));
    const read = readSettings({ get: <T>(key: string) => values[key] as T | undefined });
    assert.deepEqual(read.problems, []);
    assert.equal(read.settings.provider.profile, 'custom');
    assert.equal(read.settings.provider.custom.supportsN, true);
    assert.deepEqual(read.settings.provider.custom.reasoningEfforts, ['low', 'medium', 'high']);
    assert.deepEqual(read.settings.provider.custom.reasoningSources, ['reasoning']);
  });

  it('a remote server without a stored key asks for one and stores it only after the probe succeeded', async () => {
    const failing = await startScriptedModelServer([{ status: 500, body: { error: { message: 'boom' } } }], { whenExhausted: 'repeat-last' });
    const working = await startScriptedModelServer([{ content: 'ok' }], { whenExhausted: 'repeat-last' });
    servers.push(failing, working);
    // The walk sees a remote URL (so it asks for a key); listing and probing go to the loopback doubles.
    const remote = 'https://models.example.test/v1';
    const secrets = new InMemorySecretStorage();
    const walk = (probeUrl: string) => {
      const listed: (string | undefined)[] = [];
      const run = walkPorts(
        { picks: ['OpenAI', 'm'], inputs: [remote, 'sk-new-key'] },
        {
          keys: new ApiKeyStore(secrets),
          listModels: ({ apiKey }) => {
            listed.push(apiKey);
            return Promise.resolve(['m']);
          },
          probe: (target, signal) => probeModel({ ...target, baseUrl: probeUrl }, signal),
        },
      );
      return { ...run, listed };
    };
    const first = walk(failing.url);
    await assert.rejects(chooseModel(first.ports), /refused the probe request \(500\)/);
    assert.equal(first.inputs[1]?.password, true);
    assert.deepEqual(first.listed, ['sk-new-key']);
    assert.deepEqual(first.writes, [], 'a failed probe writes no setting');
    assert.equal(await new ApiKeyStore(secrets).get(remote), undefined, 'a failed probe stores no key');

    const second = walk(working.url);
    const choice = await chooseModel(second.ports);
    assert.equal(choice?.keyStored, true);
    assert.equal(await new ApiKeyStore(secrets).get(remote), 'sk-new-key');
    assert.equal(working.requests[0]?.headers['authorization'], 'Bearer sk-new-key');
    assert.ok(!JSON.stringify(choice).includes('sk-new-key'), 'the result never carries the key');
  });

  it('skips the key step when one is stored for the origin, and stores nothing new', async () => {
    const server = await startScriptedModelServer([{ content: 'ok' }], { whenExhausted: 'repeat-last', apiKey: 'sk-stored', models: ['gpt-x'] });
    servers.push(server);
    const remote = 'https://models.example.test/v1';
    const { ports, inputs, writes } = walkPorts(
      { picks: ['OpenAI', 'gpt-x'], inputs: [remote] },
      {
        listModels: ({ apiKey, profile }, signal) => new OpenAIModelClient({ baseURL: server.url, apiKey: apiKey ?? '', model: 'listing', profile }).listModels(signal),
        probe: (target, signal) => probeModel({ ...target, baseUrl: server.url }, signal),
      },
    );
    await ports.keys.set(remote, 'sk-stored');
    const choice = await chooseModel(ports);
    assert.equal(inputs.length, 1);
    assert.equal(server.requests[1]?.headers['authorization'], 'Bearer sk-stored');
    assert.equal(choice?.keyStored, false);
    assert.deepEqual(Object.keys(choice?.written ?? {}), ['provider.profile', 'provider.baseUrl', 'provider.model'], 'custom flags are written only for custom');
    assert.equal(writes.length, 3);
  });

  it('an unreachable server fails the model step with a clear message and writes nothing', async () => {
    const { ports, writes } = walkPorts({ picks: ['vLLM'], inputs: ['http://127.0.0.1:9/v1'] });
    await assert.rejects(chooseModel(ports), /Could not reach the model server at http:\/\/127\.0\.0\.1:9\/v1/);
    assert.deepEqual(writes, []);
  });
});
