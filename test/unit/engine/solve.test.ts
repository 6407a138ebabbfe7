import { strict as assert } from 'node:assert';
import { PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import { ModelError } from '../../../src/engine/model/types';
import { VerificationCache } from '../../../src/engine/run/dedupe';
import { solve } from '../../../src/engine/solve';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { StaticCheatsheet } from '../../doubles/staticCheatsheet';
import { addTask, addVerifier, collect, options, RIGHT, RIGHT_AGAIN, RIGHT_OTHER, WRONG } from './solveHelpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

describe('solve()', () => {
  before(() => ensureLanguageLayer());

  it('streams the run and picks the candidate that passes every test', async () => {
    const model = new FakeModelClient([{ content: WRONG }, { content: RIGHT }, { content: RIGHT_AGAIN }, { content: 'no code here, sorry' }]);
    const verifier = addVerifier();
    const { events, result } = await collect(addTask(), options(model, verifier));
    assert.equal(events[0].type, 'run/started');
    assert.equal(events[events.length - 1].type, 'run/finished');
    assert.ok(events.some((e) => e.type === 'candidate/delta'));
    assert.ok(events.some((e) => e.type === 'ranking/updated'));
    assert.ok(result);
    const byId = new Map(result.candidates.map((c) => [c.id, c]));
    assert.equal(byId.get(1)?.state, 'failed');
    assert.equal(byId.get(2)?.state, 'passed');
    assert.equal(byId.get(3)?.state, 'duplicate');
    assert.equal(byId.get(3)?.duplicateOf, 2);
    assert.equal(byId.get(2)?.votes, 2);
    assert.equal(byId.get(4)?.state, 'rejected');
    assert.match(byId.get(4)?.rejection ?? '', /no "def add/);
    assert.deepEqual(result.ranking, [2, 1]);
    assert.equal(result.choice?.candidateId, 2);
    assert.equal(result.abstention, null);
    assert.equal(result.stoppedBy, 'completed');
    // Identical code is verified once.
    assert.equal(verifier.jobs.length, 2);
    assert.equal(result.totals.duplicates, 1);
    assert.equal(result.totals.samples, 4);
    assert.equal(result.totals.completionTokens, 160);
    // Each candidate goes sampling → … in order; the verifier got the whole file with the candidate in place.
    const states = events.filter((e) => e.type === 'candidate/updated' && e.candidate.id === 2).map((e) => (e.type === 'candidate/updated' ? e.candidate.state : ''));
    // Repeats are vote updates (the duplicate arriving); the state order itself is fixed.
    assert.deepEqual(states.filter((s, i) => s !== states[i - 1]), ['sampling', 'queued', 'verifying', 'passed']);
    const job = verifier.jobs.find((j) => j.candidateId === 2);
    // The file's docstring is kept since the answer wrote none.
    assert.ok(job?.fileText.includes('def add(a, b):\n    """Return the sum of a and b."""\n    return a + b\n\n\ndef other():'), job?.fileText);
  });

  it('abstains when nothing passes, naming the best partial', async () => {
    const model = new FakeModelClient([{ content: WRONG }, { content: '```python\ndef add(a, b):\n    return a * b\n```' }]);
    const { result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 2, concurrency: 1 } }));
    assert.ok(result);
    assert.equal(result.choice, null);
    assert.equal(result.abstention?.bestPartialId, 1);
    assert.match(result.abstention?.reason ?? '', /None of the 2 verified candidates passed every test/);
  });

  it('picks the best partial when the policy allows it', async () => {
    const model = new FakeModelClient([{ content: WRONG }]);
    const { result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 1, concurrency: 1 }, abstainPolicy: 'best-partial' }));
    assert.equal(result?.choice?.candidateId, 1);
    assert.match(result?.choice?.reason ?? '', /1\/3/);
  });

  it('sends one request per candidate under the concurrency cap without n support', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 20 }));
    const verifier = addVerifier();
    await collect(addTask(), options(model, verifier, { sampling: { n: 6, concurrency: 2 }, verifyConcurrency: 1 }));
    assert.equal(model.requests.length, 6);
    assert.ok(model.requests.every((r) => r.n === 1));
    assert.equal(model.maxInFlight, 2);
    assert.equal(verifier.maxRunning, 1);
  });

  it('holds the rest of the first wave until the server has answered once', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 50 }));
    await collect(addTask(), options(model, addVerifier(), { sampling: { n: 3, concurrency: 3 } }));
    assert.equal(model.requests.length, 3);
    assert.equal(model.maxInFlight, 2);
  });

  it('batches choices with `n` when the profile supports it', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT }), { ...PROVIDER_PROFILES.openai });
    const { result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 8, concurrency: 2 } }));
    assert.deepEqual(model.requests.map((r) => r.n), [4, 4]);
    assert.equal(result?.candidates.length, 8);
    assert.equal(result?.candidates.find((c) => c.id === 1)?.votes, 8);
  });

  it('ends with run/error on an auth failure without spending N requests', async () => {
    const model = new FakeModelClient(() => ({ error: new ModelError('The server rejected the API key (401).', 'auth', 401) }));
    const { events, result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 20, concurrency: 2 } }));
    const last = events[events.length - 1];
    assert.equal(last.type, 'run/error');
    assert.equal(last.type === 'run/error' ? last.kind : '', 'auth');
    assert.match(last.type === 'run/error' ? last.message : '', /401/);
    assert.equal(result, undefined);
    // The first request goes alone until the server answers, so the bad key costs one request.
    assert.equal(model.requests.length, 1);
  });

  it('marks a per-candidate failure as error and carries on', async () => {
    const model = new FakeModelClient([{ content: RIGHT }, { error: new ModelError('The stream dropped after 3 retries.', 'network') }, { content: RIGHT_OTHER }]);
    const { result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 3, concurrency: 1 } }));
    assert.equal(result?.candidates[1].state, 'error');
    assert.match(result?.candidates[1].rejection ?? '', /stream dropped/);
    assert.equal(result?.choice?.candidateId, 1);
  });

  it('gives up when the server is unreachable before any answer', async () => {
    const model = new FakeModelClient(() => ({ error: new ModelError('Cannot reach http://127.0.0.1:9/v1 (ECONNREFUSED).', 'network') }));
    const { events } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 10, concurrency: 1 } }));
    const last = events[events.length - 1];
    assert.equal(last.type, 'run/error');
    assert.equal(model.requests.length, 1);
  });

  it('reports a reasoning-capped empty answer as truncated', async () => {
    const model = new FakeModelClient([{ content: '', reasoning: 'thinking…', finishReason: 'length' }, { content: '<think>still going', finishReason: 'length' }]);
    const { result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 2, concurrency: 1 } }));
    for (const c of result?.candidates ?? []) {
      assert.equal(c.state, 'truncated');
      assert.equal(c.rejection, 'the reasoning budget used every token before an answer; raise max tokens or lower effort');
    }
  });

  it('stops early once enough verified candidates agree', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 30 }));
    const { events, result } = await collect(addTask(), options(model, addVerifier(1), { sampling: { n: 40, concurrency: 1 }, earlyStopAgreeing: 3 }));
    assert.equal(result?.stoppedBy, 'early-stop');
    assert.ok(model.requests.length < 40);
    assert.ok(events.some((e) => e.type === 'budget/notice' && e.budget === 'early-stop'));
    assert.equal(result?.choice?.candidateId, 1);
  });

  it('stops at the token budget', async () => {
    const model = new FakeModelClient(() => ({ content: WRONG }));
    const { events, result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 10, concurrency: 1 }, budgets: { maxTokens: 300 } }));
    assert.equal(result?.stoppedBy, 'tokens');
    assert.equal(model.requests.length, 3); // 140 tokens each: the third crosses 300
    assert.ok(events.some((e) => e.type === 'budget/notice' && e.budget === 'tokens'));
  });

  it('stops at the cost budget with per-1K prices', async () => {
    const model = new FakeModelClient(() => ({ content: WRONG }));
    const prices = { promptPer1K: 0.01, completionPer1K: 0.03 };
    const { result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 10, concurrency: 1 }, budgets: { maxCostUsd: 0.005, prices } }));
    assert.equal(result?.stoppedBy, 'cost');
    // Each sample costs 100*0.01/1000 + 40*0.03/1000 = 0.0022 dollars.
    assert.equal(model.requests.length, 3);
    assert.ok(Math.abs((result?.totals.costUsd ?? 0) - 0.0066) < 1e-9);
  });

  it('stops at the wall-time budget and cancels what is in flight', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 5000 }));
    const { result } = await collect(addTask(), options(model, addVerifier(), { budgets: { maxWallMs: 100 } }));
    assert.equal(result?.stoppedBy, 'time');
    assert.equal(model.aborted, model.requests.length); // every request in flight was aborted
    assert.ok(model.requests.length >= 1);
    assert.ok(result?.candidates.every((c) => c.state === 'cancelled'));
    assert.equal(result?.choice, null);
  });

  it('cancels on the signal: requests aborted, run/finished with stoppedBy cancelled', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 5000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { result } = await collect(addTask(), options(model, addVerifier()), controller.signal);
    assert.equal(result?.stoppedBy, 'cancelled');
    assert.equal(model.aborted, model.requests.length); // every request in flight was aborted
    assert.ok(model.requests.length >= 1);
    assert.match(result?.abstention?.reason ?? '', /cancelled/);
  });

  it('aborts the run when the consumer stops reading', async () => {
    const model = new FakeModelClient(() => ({ content: RIGHT, delayMs: 5000 }));
    for await (const e of solve(addTask(), options(model, addVerifier()), new AbortController().signal)) {
      if (e.type === 'candidate/updated') break;
    }
    assert.equal(model.aborted, model.requests.length); // every request in flight was aborted
    assert.ok(model.requests.length >= 1);
  });

  it('verifies each distinct candidate once across runs sharing a cache', async () => {
    const cache = new VerificationCache();
    const verifier = addVerifier();
    const answers = [{ content: RIGHT }, { content: WRONG }];
    await collect(addTask(), options(new FakeModelClient(answers), verifier, { sampling: { n: 2, concurrency: 1 }, verificationCache: cache }));
    const { result } = await collect(addTask(), options(new FakeModelClient(answers), verifier, { sampling: { n: 2, concurrency: 1 }, verificationCache: cache }));
    assert.equal(verifier.jobs.length, 2);
    assert.equal(result?.totals.cacheHits, 2);
    assert.equal(result?.choice?.candidateId, 1);
  });

  it('offers cheatsheet items in the prompt and records them per candidate; a broken memory does not stop the run', async () => {
    const item = { id: 'tip-1', kind: 'pitfall' as const, text: 'Mind negative numbers.', sourceTask: 'add', timesUsed: 0, timesHelped: 0, lastUsed: '', tokens: 5, pinned: false };
    const sheet = new StaticCheatsheet([item]);
    const model = new FakeModelClient([{ content: RIGHT }]);
    const { events, result } = await collect(addTask(), options(model, addVerifier(), { sampling: { n: 1, concurrency: 1 }, cheatsheet: sheet, cheatsheetTokenBudget: 300 }));
    assert.equal(sheet.calls[0].tokenBudget, 300);
    assert.match(model.requests[0].messages[0].content, /\[pitfall\] Mind negative numbers\./);
    assert.deepEqual(result?.candidates[0].cheatsheetItemIds, ['tip-1']);
    const started = events[0];
    assert.deepEqual(started.type === 'run/started' ? started.cheatsheetItems.map((i) => i.id) : [], ['tip-1']);
    const broken = await collect(addTask(), options(new FakeModelClient([{ content: RIGHT }]), addVerifier(), { sampling: { n: 1, concurrency: 1 }, cheatsheet: new StaticCheatsheet(new Error('disk gone')), cheatsheetTokenBudget: 300 }));
    assert.equal(broken.result?.choice?.candidateId, 1);
  });

  it('refuses unusable options with a clear run/error', async () => {
    const { events } = await collect(addTask(), options(new FakeModelClient([]), addVerifier(), { sampling: { n: 0, concurrency: 1 } }));
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'run/error');
    assert.match(events[0].type === 'run/error' ? events[0].message : '', /at least 1/);
  });
});
