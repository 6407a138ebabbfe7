import { targetText, type Task } from '../task';
import { Bm25Index } from './bm25';
import { cosineSimilarity, type Embedder } from './embedder';
import { compareByUsefulness, usefulness } from './usefulness';
import type { CheatsheetItem, CheatsheetLog, CheatsheetMode } from './types';

/** Characters of the target code that go into the query; the signature and start say the most. */
const QUERY_CODE_CHARS = 2_000;

/** An item with why it ranks where it does. */
export interface RankedItem {
  item: CheatsheetItem;
  /** The ranking key, higher first. */
  score: number;
  /** Similarity to the task (BM25 or cosine); absent in cumulative mode. */
  similarity?: number;
  usefulness: number;
}

export interface RankOptions {
  now: Date;
  embedder?: Embedder;
  signal: AbortSignal;
  log?: CheatsheetLog;
}

/**
 * What the task is about, as retrieval sees it: name, spec, file and the start of the
 * code. Not the language: it is the same for most tasks in a workspace and would make
 * any item that names it look relevant.
 */
export function taskQuery(task: Task): string {
  return [task.functionName ?? '', task.spec, task.filePath, targetText(task).slice(0, QUERY_CODE_CHARS)].join('\n');
}

/** What an item is about: its text and the task it was learned on. */
export function itemDocument(item: CheatsheetItem): string {
  return `${item.text}\n${item.sourceTask}`;
}

async function similarities(items: readonly CheatsheetItem[], task: Task, options: RankOptions): Promise<{ values: number[]; via: string }> {
  const query = taskQuery(task);
  if (options.embedder) {
    try {
      const vectors = await options.embedder.embed([query, ...items.map(itemDocument)], options.signal);
      const [queryVector, ...itemVectors] = vectors;
      return { values: itemVectors.map((vector) => cosineSimilarity(queryVector, vector)), via: options.embedder.description };
    } catch (error) {
      if (options.signal.aborted) throw error;
      options.log?.('warn', `cheatsheet embeddings failed (${(error as Error).message}); ranking with BM25 instead`);
    }
  }
  return { values: new Bm25Index(items.map(itemDocument)).scores(query), via: 'bm25' };
}

/**
 * Orders items for `task`, best first, pinned items ahead of the rest.
 * `cumulative` (DC-Cu): by usefulness alone. `retrieval` (DC-RS): by similarity to the
 * task, nudged by usefulness (±20%); with BM25, items sharing no term with the task
 * are left out, since nothing suggests they apply.
 */
export async function rankItems(items: readonly CheatsheetItem[], task: Task, mode: CheatsheetMode, options: RankOptions): Promise<RankedItem[]> {
  const { now } = options;
  const pinnedFirst = (a: RankedItem, b: RankedItem): number => Number(b.item.pinned) - Number(a.item.pinned) || b.score - a.score;
  if (mode === 'cumulative') {
    return [...items]
      .sort(compareByUsefulness(now))
      .map((item) => ({ item, score: usefulness(item, now), usefulness: usefulness(item, now) }))
      .sort(pinnedFirst);
  }
  if (items.length === 0) return [];
  const { values, via } = await similarities(items, task, options);
  const ranked: RankedItem[] = [];
  items.forEach((item, i) => {
    const similarity = values[i];
    if (via === 'bm25' && similarity <= 0 && !item.pinned) return;
    const value = usefulness(item, now);
    ranked.push({ item, similarity, usefulness: value, score: similarity * (0.8 + 0.4 * value) });
  });
  return ranked.sort(pinnedFirst);
}

/**
 * The best-ranked items that fit `tokenBudget` together (an item too big for what is
 * left is skipped, a smaller one after it may still fit), returned oldest first:
 * a stable order keeps the prompt's prefix byte-identical across runs that pick the
 * same items, so provider prompt caching can hit.
 */
export function fitBudget(ranked: readonly RankedItem[], tokenBudget: number): CheatsheetItem[] {
  const chosen: CheatsheetItem[] = [];
  let left = tokenBudget;
  for (const { item } of ranked) {
    if (item.tokens > left) continue;
    chosen.push(item);
    left -= item.tokens;
  }
  const created = (item: CheatsheetItem): number => Date.parse(item.createdAt ?? item.lastUsed);
  return chosen.sort((a, b) => created(a) - created(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
