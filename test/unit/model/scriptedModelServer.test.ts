import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import type { ScriptedModelServer } from '../../doubles/scriptedModelServer';

const ROOT = resolve(__dirname, '../../..');

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The JSON payloads of an SSE body, `[DONE]` kept as a string. */
function sseData(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)));
}

describe('scripted model server (the test double itself)', () => {
  let server: ScriptedModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('streams n interleaved choices in OpenAI chunk format, usage before [DONE]', async () => {
    server = await startScriptedModelServer([{ choices: [{ content: 'abcd', reasoning_content: 'r' }, { content: 'xy', finish_reason: 'length' }], chunkChars: 2 }]);
    const res = await post(server.url, { model: 'm', messages: [{ role: 'user', content: '12345678' }], n: 2, stream: true, stream_options: { include_usage: true } });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const events = sseData(await res.text());
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1) as { object: string; choices: { index: number; delta: Record<string, string>; finish_reason: string | null }[]; usage?: Record<string, unknown> }[];
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    const indices = chunks.flatMap((c) => c.choices.map((ch) => ch.index));
    assert.deepEqual(indices.slice(0, 4), [0, 1, 0, 1], 'choices interleave');
    const text = (i: number, key: string): string => chunks.flatMap((c) => c.choices.filter((ch) => ch.index === i).map((ch) => ch.delta[key] ?? '')).join('');
    assert.equal(text(0, 'content'), 'abcd');
    assert.equal(text(0, 'reasoning_content'), 'r');
    assert.equal(text(1, 'content'), 'xy');
    const finishes = chunks.flatMap((c) => c.choices.filter((ch) => ch.finish_reason !== null).map((ch) => [ch.index, ch.finish_reason]));
    assert.deepEqual(finishes, [[1, 'length'], [0, 'stop']], 'the shorter choice finishes first');
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last?.usage, { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5, completion_tokens_details: { reasoning_tokens: 1 } });
  });

  it('checks the key and the model, answers unknown routes with 404, and explains a used-up script', async () => {
    server = await startScriptedModelServer([{ content: 'one' }], { apiKey: 'k-123456', models: ['m'] });
    assert.equal((await post(server.url, { model: 'm', messages: [] })).status, 401);
    const auth = { authorization: 'Bearer k-123456' };
    const missing = await post(server.url, { model: 'other', messages: [] }, auth);
    assert.equal(missing.status, 404);
    assert.match(JSON.stringify(await missing.json()), /model_not_found/);
    const ok = (await (await post(server.url, { model: 'm', messages: [] }, auth)).json()) as { choices: { message: { content: string } }[] };
    assert.equal(ok.choices[0]?.message.content, 'one');
    const spent = await post(server.url, { model: 'm', messages: [] }, auth);
    assert.equal(spent.status, 500);
    assert.match(await spent.text(), /no reply scripted for chat completion #1/);
    const route = await fetch(`${server.url}/embeddings`, { method: 'POST', headers: auth, body: '{}' });
    assert.equal(route.status, 404);
    assert.deepEqual(server.requests.map((r) => r.status), [401, 404, 200, 500, 404]);
    assert.deepEqual(server.requests.map((r) => r.replyIndex), [undefined, undefined, 0, 1, undefined]);
  });

  it('runs standalone from a JSON script and prints its URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripted-server-'));
    const file = join(dir, 'script.json');
    writeFileSync(file, JSON.stringify({ replies: [{ content: 'from a file' }], models: ['file-model'], whenExhausted: 'cycle' }));
    // Only what tsx needs: no secrets of the parent reach the child.
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/doubles/scriptedModelServer.ts'), '--script', file, '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const line = await new Promise<string>((done, fail) => {
        createInterface({ input: child.stdout }).once('line', done);
        child.once('exit', (code) => fail(new Error(`server exited early with ${String(code)}`)));
      });
      const match = /^listening (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
      assert.ok(match?.[1] !== undefined, `unexpected first line: ${line}`);
      const url = match[1];
      const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(models.data.map((m) => m.id), ['file-model']);
      for (let i = 0; i < 2; i++) {
        const body = (await (await post(url, { model: 'file-model', messages: [] })).json()) as { choices: { message: { content: string } }[] };
        assert.equal(body.choices[0]?.message.content, 'from a file');
      }
    } finally {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0);
    }
  });
});
