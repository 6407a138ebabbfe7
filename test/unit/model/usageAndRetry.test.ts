import { strict as assert } from 'node:assert';
import { backoffDelay, parseRetryAfter, sleepUntil } from '../../../src/engine/model/retryPolicy';
import { apportion, estimatePromptTokens, splitUsage } from '../../../src/engine/model/usageSplit';
import { countTokens } from '../../../src/engine/tokens';

function headers(map: Record<string, string>): { get(name: string): string | null } {
  return { get: (name: string): string | null => map[name] ?? null };
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds, retry-after-ms first, and HTTP-dates', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': '2' }), now), 2000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '1.5' }), now), 1500);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '9', 'retry-after-ms': '250.2' }), now), 251);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
  });

  it('gives 0 for a past date and undefined for nothing usable', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now), 0);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(parseRetryAfter(headers({}), now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

describe('backoffDelay', () => {
  const timing = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

  it('doubles per attempt with half of each step random, and is capped', () => {
    assert.deepEqual([0, 1, 2].map((a) => backoffDelay(a, timing, () => 0)), [50, 100, 200]);
    assert.deepEqual([0, 1, 2].map((a) => backoffDelay(a, timing, () => 1)), [100, 200, 400]);
    assert.equal(backoffDelay(10, timing, () => 1), 1000);
  });
});

describe('sleepUntil', () => {
  it('never resolves before the deadline and rejects when aborted', async () => {
    const deadline = Date.now() + 30;
    await sleepUntil(deadline, new AbortController().signal);
    assert.ok(Date.now() >= deadline);
    const controller = new AbortController();
    const pending = sleepUntil(Date.now() + 60_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
  });
});

describe('apportion', () => {
  it('splits whole numbers that sum to the total', () => {
    assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(apportion(7, [0, 0]), [4, 3]);
    assert.deepEqual(apportion(100, [1, 3]), [25, 75]);
    assert.deepEqual(apportion(5, []), []);
  });
});

describe('splitUsage', () => {
  const messages = [{ role: 'user' as const, content: 'Write a sorting function in Python.' }];

  it('keeps one choice as the server said it', () => {
    const [u] = splitUsage({ prompt_tokens: 10, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 20 } }, [{ content: 'x', reasoning: '' }], messages);
    assert.deepEqual(u, { prompt: 10, completion: 30, reasoning: 20, estimated: false });
  });

  it('splits reasoning by the visible reasoning text when there is some', () => {
    const choices = [
      { content: 'a', reasoning: 'short' },
      { content: 'a', reasoning: 'a much longer chain of thought about the problem at hand' },
    ];
    const got = splitUsage({ prompt_tokens: 9, completion_tokens: 100, completion_tokens_details: { reasoning_tokens: 80 } }, choices, messages);
    assert.equal(got.reduce((s, u) => s + u.reasoning, 0), 80);
    assert.ok((got[1]?.reasoning ?? 0) > (got[0]?.reasoning ?? 0));
    assert.deepEqual(got.map((u) => u.prompt), [5, 4]);
  });

  it('estimates everything with tiktoken when there is no usage', () => {
    const [u] = splitUsage(undefined, [{ content: 'def f(): pass', reasoning: 'trivial' }], messages);
    assert.deepEqual(u, {
      prompt: estimatePromptTokens(messages),
      completion: countTokens('def f(): pass') + countTokens('trivial'),
      reasoning: countTokens('trivial'),
      estimated: true,
    });
  });

  it('treats a usage object without counts as missing', () => {
    const [u] = splitUsage({ prompt_tokens: null, completion_tokens: 5 }, [{ content: 'x', reasoning: '' }], messages);
    assert.equal(u?.estimated, true);
  });
});
