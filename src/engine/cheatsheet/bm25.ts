/**
 * Words too common in specs and code to say anything about relevance: English
 * function words, language keywords (a stub body's `raise NotImplementedError` or
 * `pass` must not make every item look related) and file extensions.
 */
const STOPWORDS = new Set(
  ('a an and are as at be by for from has have if in into is it its of on or that the this to was were will with ' +
    'th st nd rd not no do does can should must you your we our us write please following example examples ' +
    'return returns def function const let var self list int str string number given ' +
    'raise pass notimplementederror throw new error import export class lambda yield async await try except ' +
    'while elif else then print assert py js ts tsx jsx go rs').split(' '),
);

/**
 * Lower-cased terms of `text`, code-aware: `camelCase`, `snake_case` and `fib4`-style
 * identifiers are split into their words and also kept whole, so `sortEvenIndices`
 * matches both "sort even indices" and the identifier itself.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.match(/[A-Za-z][A-Za-z0-9_]*|\d+/g) ?? []) {
    const pieces = word
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .replace(/([A-Za-z])(\d)/g, '$1 $2')
      .split(/[\s_]+/)
      .filter((piece) => piece.length > 0);
    const parts = pieces.map((piece) => piece.toLowerCase()).filter((part) => part.length > 1 && !STOPWORDS.has(part));
    terms.push(...parts.map(stem));
    if (pieces.length > 1) terms.push(word.toLowerCase());
  }
  return terms;
}

/** A light suffix stripper: enough to match "primes"/"prime", "sorting"/"sort", "boxes"/"box". */
function stem(term: string): string {
  if (term.length <= 4) return term;
  if (term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  if (term.endsWith('ing') && term.length > 6) return term.slice(0, -3);
  if (term.endsWith('ed') && term.length > 5) return term.slice(0, -2);
  if (term.endsWith('es') && /(s|x|ch|sh)es$/.test(term)) return term.slice(0, -2);
  if (term.endsWith('s') && !term.endsWith('ss')) return term.slice(0, -1);
  return term;
}

/**
 * Okapi BM25 over a fixed set of documents (k1 = 1.2, b = 0.75, the usual defaults),
 * with the non-negative IDF variant so a term in most documents never scores below zero.
 */
export class Bm25Index {
  private readonly docs: Map<string, number>[];
  private readonly lengths: number[];
  private readonly averageLength: number;
  private readonly documentFrequency = new Map<string, number>();

  constructor(documents: readonly string[], private readonly k1 = 1.2, private readonly b = 0.75) {
    this.docs = documents.map((doc) => {
      const counts = new Map<string, number>();
      for (const term of tokenize(doc)) counts.set(term, (counts.get(term) ?? 0) + 1);
      return counts;
    });
    this.lengths = this.docs.map((counts) => [...counts.values()].reduce((sum, n) => sum + n, 0));
    this.averageLength = this.lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, this.lengths.length) || 1;
    for (const counts of this.docs) {
      for (const term of counts.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
  }

  /**
   * The BM25 score of every document for `query`, in document order. A query term no
   * document has also matches indexed terms within a small edit distance, at half
   * weight: specs have typos ("Fibbonacci"), and a miss there would hide the one item
   * that applies.
   */
  scores(query: string): number[] {
    const weighted = new Map<string, number>();
    for (const term of new Set(tokenize(query))) {
      if (this.documentFrequency.has(term)) {
        weighted.set(term, Math.max(weighted.get(term) ?? 0, 1));
        continue;
      }
      for (const near of this.nearTerms(term)) weighted.set(near, Math.max(weighted.get(near) ?? 0, FUZZY_WEIGHT));
    }
    const n = this.docs.length;
    return this.docs.map((counts, i) => {
      let score = 0;
      for (const [term, weight] of weighted) {
        const tf = counts.get(term);
        if (!tf) continue;
        const df = this.documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[i]) / this.averageLength);
        score += (weight * idf * tf * (this.k1 + 1)) / norm;
      }
      return score;
    });
  }

  /** Indexed terms one edit from `term` (two for long terms); none for short ones, where a typo is a different word. */
  private nearTerms(term: string): string[] {
    if (term.length < 5 || /^\d+$/.test(term)) return [];
    const maxEdits = term.length >= 8 ? 2 : 1;
    const near: string[] = [];
    for (const candidate of this.documentFrequency.keys()) {
      if (Math.abs(candidate.length - term.length) > maxEdits || candidate.length < 5) continue;
      if (editDistance(term, candidate, maxEdits) <= maxEdits) near.push(candidate);
    }
    return near;
  }
}

/** Weight of a query term matched only through a near spelling. */
const FUZZY_WEIGHT = 0.5;

/** Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
