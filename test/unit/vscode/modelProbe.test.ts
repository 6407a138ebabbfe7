import * as assert from 'node:assert/strict';
import { customProfile, getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { probeModel, ProbeError } from '../../../src/vscode/modelProbe';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { Script, ScriptedModelServer } from '../../doubles/scriptedModelServer';

const body = (server: ScriptedModelServer, i: number): Record<string, unknown> => server.requests[i]?.body as Record<string, unknown>;

describe('probeModel: one tiny request against a real HTTP server', () => {
  const servers: ScriptedModelServer[] = [];
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));
  async function serve(script: Script, options: Parameters<typeof startScriptedModelServer>[1] = {}): Promise<ScriptedModelServer> {
    const server = await startScriptedModelServer(script, { whenExhausted: 'repeat-last', ...options });
    servers.push(server);
    return server;
  }

  it('asks for n=2 streamed with reasoning_effort low, and reads back two choices, streaming and the reasoning field', async () => {
    const server = await serve([{ content: 'ok', reasoning_content: 'The user wants ok.' }]);
    const result = await probeModel({ baseUrl: server.url, apiKey: undefined, model: 'm', profile: customProfile() }, new AbortController().signal);
    const sent = body(server, 0);
    assert.equal(sent['n'], 2);
    assert.equal(sent['stream'], true);
    assert.equal(sent['reasoning_effort'], 'low');
    assert.equal(result.choices, 2);
    assert.equal(result.supportsN, true);
    assert.equal(result.streamed, true);
    assert.deepEqual(result.reasoningSources, ['reasoning_content']);
    assert.equal(result.effortAccepted, true);
    assert.equal(server.requests.length, 1);
  });

  it('sees a server that ignores n (one choice back) and reasoning in <think> tags', async () => {
    const server = await serve([{ choices: [{ content: '<think>short</think>ok' }] }]);
    const result = await probeModel({ baseUrl: server.url, apiKey: undefined, model: 'm', profile: customProfile() }, new AbortController().signal);
    assert.equal(result.choices, 1);
    assert.equal(result.supportsN, false);
    assert.deepEqual(result.reasoningSources, ['think-tags']);
    assert.ok(result.notes.some((n) => /got 1/.test(n)));
  });

  it('takes a 400 with the effort sent as the effort rejected, and asks again without it', async () => {
    const server = await serve((request) =>
      (request.body as Record<string, unknown>)['reasoning_effort'] !== undefined
        ? { status: 400, body: { error: { message: 'Unrecognized request argument supplied: reasoning_effort' } } }
        : { content: 'ok', reasoning: 'fine' },
    );
    const result = await probeModel({ baseUrl: server.url, apiKey: undefined, model: 'm', profile: customProfile() }, new AbortController().signal);
    assert.equal(server.requests.length, 2);
    assert.equal(body(server, 1)['reasoning_effort'], undefined);
    assert.equal(result.effortAccepted, false);
    assert.deepEqual(result.reasoningSources, ['reasoning']);
    assert.ok(result.notes.some((n) => /reasoning_effort: the server answered 400/.test(n)));
  });

  it('sends no effort where the profile takes none, and the key only as the Authorization header', async () => {
    const server = await serve([{ content: 'ok' }], { apiKey: 'sk-probe-secret' });
    const result = await probeModel({ baseUrl: server.url, apiKey: 'sk-probe-secret', model: 'm', profile: getProviderProfile('lmstudio', { reasoningEfforts: [] }) }, new AbortController().signal);
    assert.equal(body(server, 0)['reasoning_effort'], undefined);
    assert.equal(server.requests[0]?.headers['authorization'], 'Bearer sk-probe-secret');
    assert.ok(!server.requests[0]?.rawBody.includes('sk-probe-secret'));
    assert.equal(result.effortAccepted, undefined);
  });

  it('fails with a clear message for a refused key, an unknown model and a server that is not there', async () => {
    const guarded = await serve([{ content: 'ok' }], { apiKey: 'right' });
    await assert.rejects(
      probeModel({ baseUrl: guarded.url, apiKey: 'wrong', model: 'm', profile: customProfile() }, new AbortController().signal),
      (err: unknown) => err instanceof ProbeError && err.status === 401 && /refused the API key/.test(err.message),
    );
    const picky = await serve([{ content: 'ok' }], { models: ['only-this'] });
    await assert.rejects(
      probeModel({ baseUrl: picky.url, apiKey: undefined, model: 'other', profile: getProviderProfile('vllm') }, new AbortController().signal),
      (err: unknown) => err instanceof ProbeError && /does not know model "other"/.test(err.message),
    );
    const gone = await serve([{ content: 'ok' }]);
    const url = gone.url;
    await servers.pop()?.close();
    await assert.rejects(
      probeModel({ baseUrl: url, apiKey: undefined, model: 'm', profile: customProfile() }, new AbortController().signal),
      (err: unknown) => err instanceof ProbeError && /Could not reach .*connection refused/.test(err.message),
    );
  });
});
