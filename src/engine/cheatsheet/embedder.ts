import { OpenAI } from 'openai';
import { LRUCache } from 'lru-cache';

/** Turns texts into vectors for DC-RS similarity; optional, BM25 is used without one. */
export interface Embedder {
  /** A label for logs, e.g. the model name. */
  readonly description: string;
  /** One vector per text, in order. Rejects on failure; the caller falls back to BM25. */
  embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
}

export interface OpenAIEmbedderOptions {
  baseURL: string;
  /** Read from secret storage by the caller; never logged. */
  apiKey: string;
  model: string;
  dimensions?: number;
  timeoutMs?: number;
  /** Distinct texts whose vectors are kept in memory. */
  cacheSize?: number;
}

/**
 * An {@link Embedder} over an OpenAI-compatible `/embeddings` endpoint through the
 * `openai` SDK. Vectors are cached by text, so items are embedded once per session
 * and a retrieval costs one request for the task plus any new items.
 */
export class OpenAIEmbedder implements Embedder {
  readonly description: string;
  private readonly client: OpenAI;
  private readonly cache: LRUCache<string, number[]>;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    this.description = `embeddings ${options.model}`;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 15_000,
      maxRetries: 1,
    });
    this.cache = new LRUCache({ max: options.cacheSize ?? 2_000 });
  }

  async embed(texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    const missing = [...new Set(texts.filter((text) => !this.cache.has(text)))];
    if (missing.length > 0) {
      const response = await this.client.embeddings.create(
        {
          model: this.options.model,
          input: missing,
          encoding_format: 'float',
          ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
        },
        { signal },
      );
      if (!Array.isArray(response.data) || response.data.length !== missing.length) {
        throw new Error(`embeddings endpoint returned ${response.data?.length ?? 0} vectors for ${missing.length} inputs`);
      }
      for (const entry of response.data) {
        const text = missing[entry.index];
        if (text === undefined || !Array.isArray(entry.embedding) || entry.embedding.some((x) => typeof x !== 'number')) {
          throw new Error('embeddings endpoint returned a malformed vector');
        }
        this.cache.set(text, entry.embedding);
      }
    }
    return texts.map((text) => {
      const vector = this.cache.get(text);
      if (!vector) throw new Error('embedding missing after request');
      return vector;
    });
  }
}

/** Cosine similarity; 0 when either vector is all zeros or their lengths differ. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
