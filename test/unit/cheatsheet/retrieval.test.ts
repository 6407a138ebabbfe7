import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Bm25Index, editDistance, tokenize } from '../../../src/engine/cheatsheet/bm25';
import { OpenAIEmbedder } from '../../../src/engine/cheatsheet/embedder';
import { itemTokens } from '../../../src/engine/cheatsheet/item';
import { fitBudget, rankItems } from '../../../src/engine/cheatsheet/retrieval';
import type { CheatsheetItem, CheatsheetItemKind } from '../../../src/engine/cheatsheet/types';
import { startEmbeddingServer, type EmbeddingServer } from '../../doubles/embeddingServer';
import { loadHumanEvalTasks, makeTask } from '../../fixtures/cheatsheet/builders';

interface LabelledSet {
  items: { id: string; kind: CheatsheetItemKind; text: string; sourceTask: string }[];
  queries: { taskId: string; relevant: string }[];
}

const labelled = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/cheatsheet/retrieval-labelled.json'), 'utf8')) as LabelledSet;
const now = new Date('2026-02-01T00:00:00Z');
const signal = new AbortController().signal;

function item(id: string, kind: CheatsheetItemKind, text: string, extra: Partial<CheatsheetItem> = {}): CheatsheetItem {
  return {
    id, kind, text, sourceTask: extra.sourceTask ?? '', timesUsed: 0, timesHelped: 0, lastUsed: '2026-01-01T00:00:00Z',
    tokens: itemTokens({ kind, text }), pinned: false, createdAt: '2026-01-01T00:00:00Z', ...extra,
  };
}

const labelledItems = labelled.items.map((i) => item(i.id, i.kind, i.text, { sourceTask: i.sourceTask }));
const labelledTasks = loadHumanEvalTasks(labelled.queries.map((q) => q.taskId));

describe('cheatsheet retrieval', () => {
  it('ranks the relevant item first on the labelled HumanEval set (BM25, DC-RS)', async () => {
    assert.ok(labelled.queries.length >= 8);
    const misses: string[] = [];
    for (const query of labelled.queries) {
      const ranked = await rankItems(labelledItems, labelledTasks.get(query.taskId)!, 'retrieval', { now, signal });
      const top = ranked[0]?.item.id;
      if (top !== query.relevant) misses.push(`${query.taskId}: expected ${query.relevant}, got ${top}`);
    }
    const precision = (labelled.queries.length - misses.length) / labelled.queries.length;
    console.log(`      retrieval precision@1 (BM25) on ${labelled.queries.length} labelled tasks: ${precision.toFixed(3)}`);
    assert.deepEqual(misses, []);
  });

  it('leaves out items that share no term with the task, but keeps pinned ones', async () => {
    const items = [
      item('gcd', 'snippet', 'Euclid: while b: a, b = b, a % b'),
      item('unrelated', 'strategy', 'Parse dates with an explicit format string'),
      item('pinned', 'pitfall', 'Keep code to the standard library', { pinned: true }),
    ];
    const ranked = await rankItems(items, makeTask('greatest_common_divisor', 'Return the greatest common divisor of a and b using Euclid'), 'retrieval', { now, signal });
    assert.deepEqual(ranked.map((r) => r.item.id), ['pinned', 'gcd']);
  });

  it('orders by usefulness in cumulative mode (DC-Cu), pinned first', async () => {
    const items = [
      item('new', 'strategy', 'fresh and unproven'),
      item('proven', 'strategy', 'helped often', { timesUsed: 10, timesHelped: 9, lastUsed: '2026-01-31T00:00:00Z' }),
      item('dud', 'strategy', 'never helped', { timesUsed: 10, timesHelped: 0, lastUsed: '2026-01-31T00:00:00Z' }),
      item('pin', 'pitfall', 'pinned by the user', { pinned: true, timesUsed: 10, timesHelped: 0 }),
    ];
    const ranked = await rankItems(items, makeTask('f', 'anything'), 'cumulative', { now, signal });
    assert.deepEqual(ranked.map((r) => r.item.id), ['pin', 'proven', 'new', 'dud']);
  });

  it('fits the budget greedily and returns the chosen items oldest first for a stable prompt prefix', () => {
    const a = item('a', 'strategy', 'one two three four five six seven eight nine ten eleven twelve', { createdAt: '2026-01-03T00:00:00Z' });
    const b = item('b', 'strategy', 'x', { createdAt: '2026-01-01T00:00:00Z' });
    const c = item('c', 'strategy', 'y', { createdAt: '2026-01-02T00:00:00Z' });
    const ranked = [a, b, c].map((i, n) => ({ item: i, score: 3 - n, usefulness: 0.5 }));
    assert.deepEqual(fitBudget(ranked, a.tokens + b.tokens + c.tokens).map((i) => i.id), ['b', 'c', 'a']);
    // a is ranked first but too big for this budget: skipped, the smaller ones still fit.
    assert.deepEqual(fitBudget(ranked, b.tokens + c.tokens).map((i) => i.id), ['b', 'c']);
    assert.deepEqual(fitBudget(ranked, 0), []);
  });

  it('tokenizes identifiers into words, handles typos and scores with BM25', () => {
    assert.deepEqual(tokenize('sortEvenIndices fib4 parse_nested_parens'), ['sort', 'even', 'indice', 'sortevenindices', 'fib', 'fib4', 'parse', 'nest', 'paren', 'parse_nested_parens']);
    assert.equal(editDistance('fibbonacci', 'fibonacci', 2), 1);
    assert.equal(editDistance('kitten', 'sitting', 1), 2, 'gives up past the limit');
    const index = new Bm25Index(['prime numbers and divisors', 'palindromes reverse strings', 'prime prime prime']);
    const [d0, d1, d2] = index.scores('is it a prime number');
    assert.equal(d1, 0);
    assert.ok(d0 > 0 && d2 > 0);
    assert.ok(index.scores('Fibonaci')[0] === 0, 'a typo with no near term matches nothing');
  });

  describe('with an embeddings endpoint', () => {
    let server: EmbeddingServer;
    before(async () => {
      server = await startEmbeddingServer();
    });
    after(async () => {
      await server.close();
    });

    it('ranks by cosine similarity from the endpoint and caches item vectors', async () => {
      const embedder = new OpenAIEmbedder({ baseURL: server.baseURL, apiKey: 'test-key', model: 'hash-embed' });
      const task = makeTask('is_palindrome', 'Check whether the string reads the same reversed, a palindrome.');
      const first = await rankItems(labelledItems, task, 'retrieval', { now, signal, embedder });
      assert.equal(first[0].item.id, 'palindrome');
      assert.equal(first.length, labelledItems.length, 'similarity ranks every item; the budget cuts');
      const again = await rankItems(labelledItems, makeTask('is_prime', 'Return true if n is prime.'), 'retrieval', { now, signal, embedder });
      assert.equal(again[0].item.id, 'prime');
      assert.equal(server.requests.length, 2);
      assert.equal(server.requests[1].length, 1, 'second ranking embeds only the new task');
    });

    it('falls back to BM25 with a warning when the endpoint fails', async () => {
      server.failWith = 500;
      const warnings: string[] = [];
      const embedder = new OpenAIEmbedder({ baseURL: server.baseURL, apiKey: 'test-key', model: 'hash-embed' });
      const ranked = await rankItems(labelledItems, labelledTasks.get('HumanEval/13')!, 'retrieval', {
        now, signal, embedder, log: (_level, message) => warnings.push(message),
      });
      server.failWith = undefined;
      assert.equal(ranked[0].item.id, 'gcd');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /embeddings failed .*BM25/);
      assert.doesNotMatch(warnings[0], /test-key/);
    });
  });
});
