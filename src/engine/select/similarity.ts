import { tokenize } from '../risk/codeTokens';
import type { Language } from '../task';

interface Features {
  id: number;
  /** Token trigrams: what the code says, whatever its layout. */
  grams: Set<string>;
  /** Lines without trailing space, with their counts: how it is laid out. */
  lines: Map<string, number>;
}

// rank runs after every verification; the same codes come back each time.
const featureCache = new Map<string, Features>();
const pairCache = new Map<string, number>();
const FEATURE_LIMIT = 2_000;
// Pairs of a 200-sample group fit (about 20k); beyond that the oldest are recomputed.
const PAIR_LIMIT = 25_000;
let nextId = 1;

function remember<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): V {
  if (cache.size >= limit) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

function features(code: string, language: Language): Features {
  const cacheKey = `${language}\u0000${code}`;
  const hit = featureCache.get(cacheKey);
  if (hit) return hit;
  const tokens = tokenize(code, language).map((t) => (t.kind === 'string' ? `"${t.value}"` : t.value));
  const grams = new Set<string>();
  if (tokens.length < 3) grams.add(tokens.join('\u0000'));
  for (let i = 0; i + 2 < tokens.length; i++) grams.add(`${tokens[i]}\u0000${tokens[i + 1]}\u0000${tokens[i + 2]}`);
  const lines = new Map<string, number>();
  for (const raw of code.replace(/\r/g, '').split('\n')) {
    const line = raw.trimEnd();
    if (line) lines.set(line, (lines.get(line) ?? 0) + 1);
  }
  return remember(featureCache, cacheKey, { id: nextId++, grams, lines }, FEATURE_LIMIT);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

function lineJaccard(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  let total = 0;
  for (const [line, n] of a) {
    const m = b.get(line) ?? 0;
    common += Math.min(n, m);
    total += Math.max(n, m);
  }
  for (const [line, m] of b) if (!a.has(line)) total += m;
  return total === 0 ? 1 : common / total;
}

function featureSimilarity(fa: Features, fb: Features): number {
  if (fa === fb) return 1;
  const pairKey = fa.id < fb.id ? `${fa.id}:${fb.id}` : `${fb.id}:${fa.id}`;
  const hit = pairCache.get(pairKey);
  if (hit !== undefined) return hit;
  return remember(pairCache, pairKey, 0.75 * jaccard(fa.grams, fb.grams) + 0.25 * lineJaccard(fa.lines, fb.lines), PAIR_LIMIT);
}

/**
 * How alike two candidates' code is, 0..1: mostly Jaccard over token trigrams (layout-blind),
 * plus a quarter of line-level Jaccard, so that among candidates saying the same thing the
 * one laid out like the others is closer to them than a whitespace-mangled copy.
 */
export function codeSimilarity(a: string, b: string, language: Language): number {
  return featureSimilarity(features(a, language), features(b, language));
}

/**
 * Closeness of each member to the rest of its group (the medoid scores highest): the
 * vote-weighted mean similarity to every other sample in the group, a member's own
 * identical copies counting as perfect matches. A group of one scores 1.
 */
export function medoidScores(members: readonly { id: number; code: string; votes: number }[], language: Language): Map<number, number> {
  const total = members.reduce((n, m) => n + m.votes, 0);
  const scores = new Map<number, number>();
  if (total <= 1) {
    for (const m of members) scores.set(m.id, 1);
    return scores;
  }
  const feats = members.map((m) => features(m.code, language));
  members.forEach((m, i) => {
    let sum = m.votes - 1;
    members.forEach((o, j) => {
      if (i !== j) sum += o.votes * featureSimilarity(feats[i], feats[j]);
    });
    scores.set(m.id, sum / (total - 1));
  });
  return scores;
}
