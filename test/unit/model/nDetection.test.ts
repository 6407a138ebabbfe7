import { strict as assert } from 'node:assert';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { customProfile } from '../../../src/engine/model/providerProfiles';
import type { CompletionDelta, CompletionRequest } from '../../../src/engine/model/types';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';

function request(n: number): CompletionRequest {
  return { messages: [{ role: 'user', content: 'Implement add.' }], n, reasoning: {} };
}

const sentN = (server: ScriptedModelServer): unknown[] => server.requests.map((r) => (r.body as Record<string, unknown>)['n']);

describe('OpenAIModelClient: n support detected from the first answer (custom servers)', () => {
  const servers: ScriptedModelServer[] = [];
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

  async function serve(script: Parameters<typeof startScriptedModelServer>[0]): Promise<{ client: () => OpenAIModelClient; server: ScriptedModelServer; logs: string[] }> {
    const server = await startScriptedModelServer(script, { whenExhausted: 'repeat-last' });
    servers.push(server);
    const logs: string[] = [];
    return { client: () => new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'm', profile: customProfile(), logger: (l) => logs.push(l) }), server, logs };
  }

  it('a server that answers n choices gets one request per call, and is known to take n from then on', async () => {
    const { client, server, logs } = await serve([{ content: 'same for every choice' }]);
    const first = client();
    assert.equal(first.profile.supportsN, 'detect');
    const got = await first.complete(request(4), new AbortController().signal);
    assert.deepEqual(got.map((c) => c.index), [0, 1, 2, 3]);
    assert.deepEqual(sentN(server), [4]);
    assert.equal(first.profile.supportsN, true);
    // Remembered for the session: a client built later for the same server and model knows it.
    assert.equal(client().profile.supportsN, true);
    await client().complete(request(3), new AbortController().signal);
    assert.deepEqual(sentN(server), [4, 3]);
    assert.ok(logs.some((l) => /asked for n=4, got 4 choice\(s\): n is supported/.test(l)), logs.join('\n'));
  });

  it('a server that ignores n: the missing samples are asked one by one, and later calls fan out at once', async () => {
    let k = 0;
    const { client, server } = await serve(() => ({ choices: [{ content: `answer ${k++}` }] }));
    const c = client();
    const deltas: CompletionDelta[] = [];
    const got = await c.complete(request(3), new AbortController().signal, (d) => deltas.push(d));
    assert.deepEqual(got.map((ch) => ch.index), [0, 1, 2]);
    assert.equal(new Set(got.map((ch) => ch.content)).size, 3, 'three distinct answers, not one answer three times');
    for (const ch of got) assert.equal(deltas.filter((d) => d.index === ch.index).map((d) => d.content ?? '').join(''), ch.content);
    assert.deepEqual(sentN(server), [3, undefined, undefined]);
    assert.ok(got[0]?.applied.notApplied.some((n) => /ignores n/.test(n)));
    assert.equal(c.profile.supportsN, false);
    // The prompt is no longer sent with n only to come back with one answer.
    await client().complete(request(2), new AbortController().signal);
    assert.deepEqual(sentN(server), [3, undefined, undefined, undefined, undefined]);
  });

  it('an explicit choice in the profile is not second-guessed', async () => {
    const server = await startScriptedModelServer([{ content: 'x' }], { whenExhausted: 'repeat-last' });
    servers.push(server);
    const off = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'm', profile: customProfile({ supportsN: false }) });
    await off.complete(request(2), new AbortController().signal);
    assert.deepEqual(sentN(server), [undefined, undefined]);
    assert.equal(off.profile.supportsN, false);
  });
});
