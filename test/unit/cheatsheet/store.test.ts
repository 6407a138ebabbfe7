import * as assert from 'node:assert/strict';
import { CheatsheetError, itemTokens } from '../../../src/engine/cheatsheet/item';
import { cheatsheetSection } from '../../../src/engine/prompt/systemPrompt';
import { CheatsheetStore, replayOps } from '../../../src/engine/cheatsheet/store';
import { chooseEvictions, helpRate, usefulness } from '../../../src/engine/cheatsheet/usefulness';
import type { CheatsheetItem } from '../../../src/engine/cheatsheet/types';
import { countTokens } from '../../../src/engine/tokens';

function storeAt(clock: { now: Date }, capacityTokens = 10_000, maxItemTokens = 200): CheatsheetStore {
  return new CheatsheetStore({ scope: 'workspace', capacityTokens, maxItemTokens, now: () => clock.now });
}

describe('cheatsheet store', () => {
  const clock = { now: new Date('2026-01-01T00:00:00Z') };

  it('adds items with counters at zero and tiktoken sizes of their prompt line', () => {
    const store = storeAt(clock);
    const item = store.add({ kind: 'strategy', text: '  Use a set for membership tests.  ', sourceTask: 'a.py:f' });
    assert.equal(item.text, 'Use a set for membership tests.');
    assert.equal(item.timesUsed, 0);
    assert.equal(item.timesHelped, 0);
    assert.equal(item.scope, 'workspace');
    assert.equal(item.createdAt, clock.now.toISOString());
    assert.equal(item.tokens, countTokens('- [strategy] Use a set for membership tests.\n'));
    // The prompt shows the item exactly as it was measured.
    assert.ok(cheatsheetSection([...store.list()]).includes('- [strategy] Use a set for membership tests.'));
    assert.equal(store.totalTokens(), item.tokens);
  });

  it('returns the existing item for the same text instead of a duplicate', () => {
    const store = storeAt(clock);
    const first = store.add({ kind: 'pitfall', text: 'Empty input returns None.', sourceTask: 'a' });
    const again = store.add({ kind: 'pitfall', text: 'empty input  returns none', sourceTask: 'b' });
    assert.equal(again.id, first.id);
    assert.equal(store.list().length, 1);
  });

  it('refuses empty text, unknown kinds and oversized items with a clear error', () => {
    const store = storeAt(clock, 10_000, 20);
    assert.throws(() => store.add({ kind: 'strategy', text: '   ', sourceTask: 'a' }), /empty/);
    assert.throws(() => store.add({ kind: 'nonsense' as 'strategy', text: 'x', sourceTask: 'a' }), /unknown item kind/);
    assert.throws(() => store.add({ kind: 'snippet', text: 'word '.repeat(50), sourceTask: 'a' }), (error: unknown) =>
      error instanceof CheatsheetError && /over the 20-token limit/.test(error.message));
    assert.equal(store.list().length, 0);
  });

  it('edits text and kind, re-counting tokens, and keeps counters', () => {
    const store = storeAt(clock);
    const item = store.add({ kind: 'strategy', text: 'short', sourceTask: 'a' });
    store.credit(item.id, 3, 2);
    const edited = store.edit(item.id, { text: 'a considerably longer piece of advice than before', kind: 'pitfall' });
    assert.equal(edited.kind, 'pitfall');
    assert.equal(edited.tokens, itemTokens(edited));
    assert.equal(edited.timesUsed, 3);
    assert.equal(edited.timesHelped, 2);
    assert.throws(() => store.edit('cs-missing', { text: 'x' }), /no cheatsheet item/);
  });

  it('pins, deletes and clears', () => {
    const store = storeAt(clock);
    const a = store.add({ kind: 'strategy', text: 'one', sourceTask: 'a' });
    store.add({ kind: 'strategy', text: 'two', sourceTask: 'a' });
    assert.equal(store.setPinned(a.id, true).pinned, true);
    assert.equal(store.delete(a.id), true);
    assert.equal(store.delete(a.id), false);
    assert.equal(store.clear(), 1);
    assert.deepEqual(store.list(), []);
  });

  it('merges items into one that sums their counters, keeps a pin and records its parts', () => {
    const store = storeAt(clock);
    const a = store.add({ kind: 'strategy', text: 'sort first', sourceTask: 'a' });
    const b = store.add({ kind: 'strategy', text: 'then scan once', sourceTask: 'b' });
    store.credit(a.id, 4, 1);
    store.credit(b.id, 2, 2);
    store.setPinned(b.id, true);
    const merged = store.merge([a.id, b.id], { kind: 'strategy', text: 'Sort first, then scan once.', sourceTask: 'c' });
    assert.deepEqual(store.list().map((i) => i.id), [merged.id]);
    assert.equal(merged.timesUsed, 6);
    assert.equal(merged.timesHelped, 3);
    assert.equal(merged.pinned, true);
    assert.deepEqual(merged.mergedFrom, [a.id, b.id]);
    assert.throws(() => store.merge([merged.id], { kind: 'strategy', text: 'x', sourceTask: 'c' }), /at least two/);
  });

  it('credits uses and helps, never more helps than uses', () => {
    const store = storeAt(clock);
    const item = store.add({ kind: 'snippet', text: 'x = sorted(xs)', sourceTask: 'a' });
    clock.now = new Date('2026-01-02T00:00:00Z');
    store.credit(item.id, 2, 5);
    const after = store.get(item.id);
    assert.equal(after?.timesUsed, 2);
    assert.equal(after?.timesHelped, 2);
    assert.equal(after?.lastUsed, '2026-01-02T00:00:00.000Z');
    store.credit('cs-unknown', 1, 1); // a deleted item: ignored, no throw
  });

  it('evicts the least useful unpinned items to stay within capacity, never pinned ones', () => {
    const texts = ['alpha advice here', 'beta advice here', 'gamma advice here', 'delta advice here'];
    const size = itemTokens({ kind: 'strategy', text: texts[0] });
    const store = storeAt(clock, size * 3);
    const [alpha, beta, gamma] = texts.slice(0, 3).map((text) => store.add({ kind: 'strategy', text, sourceTask: 't' }));
    store.credit(alpha.id, 10, 9); // proven helpful
    store.credit(beta.id, 10, 0); // offered often, never helped
    store.credit(gamma.id, 10, 1);
    store.setPinned(beta.id, true); // …but pinned by the user
    const delta = store.add({ kind: 'strategy', text: texts[3], sourceTask: 't' });
    const ids = store.list().map((i) => i.id);
    assert.ok(store.totalTokens() <= size * 3);
    assert.ok(ids.includes(beta.id), 'pinned item kept');
    assert.ok(ids.includes(alpha.id), 'helpful item kept');
    assert.ok(ids.includes(delta.id), 'new item (prior 0.5) outranks a 1-in-10 item');
    assert.ok(!ids.includes(gamma.id), 'least useful unpinned item evicted');
  });

  it('keeps pinned items even when they alone exceed capacity', () => {
    const items: CheatsheetItem[] = [1, 2].map((n) => ({
      id: `p${n}`, kind: 'strategy', text: 't', sourceTask: '', timesUsed: 0, timesHelped: 0,
      lastUsed: '2026-01-01T00:00:00Z', tokens: 50, pinned: true,
    }));
    assert.deepEqual(chooseEvictions(items, 10, clock.now), []);
  });

  it('discounts usefulness by recency, at most by half', () => {
    const base: CheatsheetItem = {
      id: 'x', kind: 'strategy', text: 't', sourceTask: '', timesUsed: 8, timesHelped: 6,
      lastUsed: '2026-01-01T00:00:00Z', tokens: 5, pinned: false,
    };
    const now = new Date('2026-01-01T00:00:00Z');
    const later = new Date('2026-01-31T00:00:00Z');
    assert.equal(helpRate(base), 0.7);
    assert.equal(usefulness(base, now), 0.7);
    assert.ok(Math.abs(usefulness(base, later) - 0.7 * 0.75) < 1e-9, 'one half-life: factor 0.75');
    assert.ok(usefulness(base, new Date('2030-01-01T00:00:00Z')) > 0.35);
  });

  it('replays operations on another base: deltas add up and edits of deleted items are dropped', () => {
    const item: CheatsheetItem = {
      id: 'a', kind: 'strategy', text: 't', sourceTask: '', timesUsed: 5, timesHelped: 1,
      lastUsed: '2026-01-01T00:00:00Z', tokens: 5, pinned: false,
    };
    const result = replayOps([item], [
      { type: 'credit', id: 'a', used: 2, helped: 1, at: '2026-01-03T00:00:00Z' },
      { type: 'patch', id: 'gone', patch: { pinned: true } },
      { type: 'credit', id: 'gone', used: 1, helped: 1, at: '2026-01-03T00:00:00Z' },
    ]);
    assert.deepEqual(result.map((i) => [i.id, i.timesUsed, i.timesHelped, i.lastUsed]), [['a', 7, 2, '2026-01-03T00:00:00Z']]);
  });

  it('keeps pending changes when a write fails and gives them back', () => {
    const store = storeAt(clock);
    store.add({ kind: 'strategy', text: 'one', sourceTask: 'a' });
    const ops = store.takePending();
    assert.equal(store.hasPendingChanges(), false);
    store.restorePending(ops);
    assert.equal(store.list().length, 1);
    assert.equal(store.hasPendingChanges(), true);
  });
});
