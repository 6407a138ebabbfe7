import * as assert from 'node:assert/strict';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { CompletionDelta, CompletionRequest } from '../../../src/engine/model/types';
import { parseLanguageModelRef } from '../../../src/vscode/languageModels/languageModelApi';
import { LanguageModelClient } from '../../../src/vscode/languageModels/languageModelClient';
import { FakeChatModel, FakeLanguageModels, LanguageModelError, LanguageModelToolCallPart } from '../../doubles/fakeLanguageModels';
import type { ReplyStep } from '../../doubles/fakeLanguageModels';
import { rejection } from '../model/rejection';

const REQUEST: CompletionRequest = {
  messages: [
    { role: 'system', content: 'You write Python.' },
    { role: 'user', content: 'Implement add.' },
  ],
  n: 1,
  reasoning: {},
};

function setup(replies: ReplyStep[][], vendor = 'acme', id = 'coder-1'): { api: FakeLanguageModels; model: FakeChatModel; client: LanguageModelClient } {
  const model = new FakeChatModel(vendor, id, replies);
  const api = new FakeLanguageModels([model, new FakeChatModel('other', 'x', [[{ text: 'wrong model' }]])]);
  const client = new LanguageModelClient({ api, model: { vendor, id }, profile: getProviderProfile('vscode-lm') });
  return { api, model, client };
}

describe('LanguageModelClient', () => {
  it('streams text parts as content and thinking parts as reasoning, in order', async () => {
    const { api, model, client } = setup([[{ thinking: 'add the ' }, { thinking: ['two', ' numbers'] }, { text: 'def add(a, b):\n' }, { part: new LanguageModelToolCallPart('c', 'tool', {}) }, { text: '    return a + b\n' }]]);
    const deltas: CompletionDelta[] = [];
    const [choice] = await client.complete(REQUEST, new AbortController().signal, (d) => deltas.push(d));
    assert.deepEqual(api.selectors, [{ vendor: 'acme', id: 'coder-1' }]);
    assert.equal(choice?.content, 'def add(a, b):\n    return a + b\n');
    assert.equal(choice?.reasoning, 'add the two numbers');
    assert.equal(choice?.finishReason, 'stop');
    assert.deepEqual(deltas, [
      { index: 0, reasoning: 'add the ' },
      { index: 0, reasoning: 'two numbers' },
      { index: 0, content: 'def add(a, b):\n' },
      { index: 0, content: '    return a + b\n' },
    ]);
    assert.equal(client.model, 'acme/coder-1');
    assert.ok(model.requests[0]?.options?.justification?.includes('Best-of-N'));
  });

  it('reads thinking parts by the class the host exports (minified names) and by shape where it exports none', async () => {
    // VS Code's bundle names its classes like this; only `instanceof` the exported class finds it.
    class rs {
      constructor(readonly value: string) {}
    }
    const minified = setup([[{ part: new rs('hidden name') }, { text: 'x' }]]);
    minified.api.LanguageModelThinkingPart = rs as unknown as typeof minified.api.LanguageModelThinkingPart;
    const [first] = await minified.client.complete(REQUEST, new AbortController().signal);
    assert.equal(first?.reasoning, 'hidden name');

    const older = setup([[{ thinking: ['by ', 'shape'] }, { part: { value: 'a plain object is no thinking part' } }, { text: 'y' }]]);
    older.api.LanguageModelThinkingPart = undefined;
    const [second] = await older.client.complete(REQUEST, new AbortController().signal);
    assert.equal(second?.reasoning, 'by shape');
    assert.equal(second?.content, 'y');
  });

  it('puts system text in front of the first user message, since the API has only User and Assistant', async () => {
    const { model, client } = setup([[{ text: 'ok' }]]);
    await client.complete(
      { ...REQUEST, messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'U1' }, { role: 'assistant', content: 'A' }, { role: 'user', content: 'U2' }] },
      new AbortController().signal,
    );
    assert.deepEqual(model.requests[0]?.messages, ['user: S\n\nU1', 'assistant: A', 'user: U2']);
  });

  it('counts tokens with the model itself: prompt messages, answer and reasoning, not estimated, cost 0', async () => {
    const { model, client } = setup([[{ thinking: 'one two three' }, { text: 'four five' }]]);
    const [choice] = await client.complete(REQUEST, new AbortController().signal);
    // The double counts words: "user: You write Python.\n\nImplement add." is 6.
    assert.deepEqual(choice?.usage, { prompt: 6, completion: 5, reasoning: 3, estimated: false, costUsd: 0 });
    assert.ok(model.counted.includes('four five') && model.counted.includes('one two three'));
    assert.ok(choice?.applied.notApplied.some((note) => note.startsWith('cost:') && note.includes('no price')));
  });

  it('fans out n=3 as three parallel requests, indexed 0..2, each streaming under its own index', async () => {
    const { model, client } = setup([[{ delayMs: 20 }, { text: 'first' }], [{ text: 'second' }], [{ delayMs: 5 }, { text: 'third' }]]);
    const deltas: CompletionDelta[] = [];
    const choices = await client.complete({ ...REQUEST, n: 3 }, new AbortController().signal, (d) => deltas.push(d));
    assert.equal(model.requests.length, 3);
    assert.deepEqual(
      choices.map((c) => [c.index, c.content]),
      [
        [0, 'first'],
        [1, 'second'],
        [2, 'third'],
      ],
    );
    assert.deepEqual(deltas.map((d) => `${d.index}:${d.content ?? ''}`).sort(), ['0:first', '1:second', '2:third']);
  });

  it('cancels mid-stream: the token fires, the call rejects as cancelled and keeps no partial answer', async () => {
    const { api, client } = setup([[{ text: 'def add(' }, { untilCancelled: true }]]);
    const controller = new AbortController();
    const pending = client.complete({ ...REQUEST, n: 2 }, controller.signal, () => controller.abort());
    const error = await rejection(pending);
    assert.equal(error.kind, 'cancelled');
    assert.equal(api.sources.length, 2);
    assert.ok(api.sources.every((s) => s.token.isCancellationRequested && s.disposed));
  });

  it('honours the request timeout by cancelling the request', async () => {
    const { api, client } = setup([[{ untilCancelled: true }]]);
    const error = await rejection(client.complete({ ...REQUEST, timeoutMs: 30 }, new AbortController().signal));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /30 ms/);
    assert.ok(api.sources[0]?.token.isCancellationRequested);
  });

  it('gives up on a provider that ignores cancellation: timeout and abort still end the call', async () => {
    const { client } = setup([[{ text: 'def add(' }, { hangs: true }]]);
    const timedOut = await rejection(client.complete({ ...REQUEST, timeoutMs: 30 }, new AbortController().signal));
    assert.equal(timedOut.kind, 'timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const aborted = await rejection(client.complete(REQUEST, controller.signal));
    assert.equal(aborted.kind, 'cancelled');
  });

  it('reports every requested knob as not applied, and an answer over max tokens as cut by length', async () => {
    const { model, client } = setup([[{ text: 'a b c d e' }]]);
    const [choice] = await client.complete(
      { ...REQUEST, maxTokens: 3, temperature: 0.7, topP: 0.9, reasoning: { effort: 'high', budgetTokens: 1000, fastMode: true } },
      new AbortController().signal,
    );
    assert.equal(model.requests.length, 1);
    assert.equal(choice?.finishReason, 'length');
    assert.deepEqual(choice?.applied.sent, {});
    const notes = choice?.applied.notApplied.join('\n') ?? '';
    for (const knob of ['max tokens 3', 'temperature 0.7', 'top-p 0.9', 'effort high', 'reasoning budget 1000', 'fast mode', 'cost']) {
      assert.ok(notes.includes(knob), `missing note for ${knob} in:\n${notes}`);
    }
  });

  it('keeps finish reason stop when the answer fits the cap', async () => {
    const { client } = setup([[{ text: 'a b' }]]);
    const [choice] = await client.complete({ ...REQUEST, maxTokens: 3 }, new AbortController().signal);
    assert.equal(choice?.finishReason, 'stop');
  });

  for (const [factory, kind, pattern] of [
    [LanguageModelError.NoPermissions, 'auth', /Manage Language Model Access/],
    [LanguageModelError.Blocked, 'rate-limit', /quota or rate limit/],
    [LanguageModelError.NotFound, 'not-found', /Choose Model/],
  ] as const) {
    it(`maps LanguageModelError ${factory.name} from sendRequest to ${kind}`, async () => {
      const { model, client } = setup([[{ text: 'unused' }]]);
      model.sendError = factory('provider said no');
      const error = await rejection(client.complete(REQUEST, new AbortController().signal));
      assert.equal(error.kind, kind);
      assert.match(error.message, pattern);
      assert.match(error.message, /acme\/coder-1/);
    });
  }

  it('maps an error thrown mid-stream, and any other failure to a server error with its message', async () => {
    const { client } = setup([[{ text: 'partial' }, { throws: LanguageModelError.Blocked('quota') }]]);
    assert.equal((await rejection(client.complete(REQUEST, new AbortController().signal))).kind, 'rate-limit');
    const other = setup([[{ throws: new Error('provider crashed') }]]);
    const error = await rejection(other.client.complete(REQUEST, new AbortController().signal));
    assert.equal(error.kind, 'server');
    assert.match(error.message, /provider crashed/);
  });

  it('says clearly when no model matches vendor/id, and looks again on the next request', async () => {
    const { api, client } = setup([[{ text: 'x' }]], 'acme', 'coder-1');
    api.models.splice(0, 1);
    const error = await rejection(client.complete(REQUEST, new AbortController().signal));
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /no language model matching acme\/coder-1 is available; install or sign in/i);
    api.models.push(new FakeChatModel('acme', 'coder-1', [[{ text: 'back' }]]));
    const [choice] = await client.complete(REQUEST, new AbortController().signal);
    assert.equal(choice?.content, 'back');
  });

  it('gives a failing delta listener its own error back, not a model error', async () => {
    const { client } = setup([[{ text: 'x' }]]);
    const mine = new Error('listener broke');
    await assert.rejects(
      client.complete(REQUEST, new AbortController().signal, () => {
        throw mine;
      }),
      (err) => err === mine,
    );
  });

  it('rejects an invalid request before sending anything', async () => {
    const { model, client } = setup([[{ text: 'x' }]]);
    const error = await rejection(client.complete({ ...REQUEST, n: 0 }, new AbortController().signal));
    assert.equal(error.kind, 'bad-request');
    assert.equal(model.requests.length, 0);
  });
});

describe('parseLanguageModelRef', () => {
  it('splits vendor from an id that may hold slashes', () => {
    assert.deepEqual(parseLanguageModelRef('copilot/claude/preview'), { vendor: 'copilot', id: 'claude/preview' });
  });
  it('explains the vendor/id form when the setting is something else', () => {
    assert.throws(() => parseLanguageModelRef('gpt-4o-mini'), /vendor\/id.*Choose Model/);
  });
});
