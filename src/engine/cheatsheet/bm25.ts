/** Words too common in specs and code to say anything about relevance. */
const STOPWORDS = new Set(
  ('a an and are as at be by for from has have if in into is it its of on or that the this to was were will with ' +
    'return returns def function const let var self none true false null list int str string number given').split(' '),
);

/**
 * Lower-cased terms of `text`, code-aware: `camelCase`, `snake_case` and `kebab-case`
 * identifiers are split into their words and also kept whole, so `sortEvenIndices`
 * matches both "sort even indices" and the identifier itself.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.match(/[A-Za-z][A-Za-z0-9_]*|\d+/g) ?? []) {
    const parts = word
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_]+/)
      .map((part) => part.toLowerCase())
      .filter((part) => part.length > 1 && !STOPWORDS.has(part));
    terms.push(...parts.map(stem));
    const whole = word.toLowerCase();
    if (parts.length > 1) terms.push(whole);
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

  /** The BM25 score of every document for `query`, in document order. */
  scores(query: string): number[] {
    const terms = [...new Set(tokenize(query))];
    const n = this.docs.length;
    return this.docs.map((counts, i) => {
      let score = 0;
      for (const term of terms) {
        const tf = counts.get(term);
        if (!tf) continue;
        const df = this.documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[i]) / this.averageLength);
        score += (idf * tf * (this.k1 + 1)) / norm;
      }
      return score;
    });
  }
}
