import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running loopback server speaking the OpenAI `/v1/embeddings` protocol. */
export interface EmbeddingServer {
  baseURL: string;
  /** Inputs of every request, in order. */
  requests: string[][];
  /** When set, requests answer with this HTTP status and an OpenAI-style error body. */
  failWith?: number;
  close(): Promise<void>;
}

const DIMENSIONS = 256;

/** A deterministic bag-of-words vector: each lower-cased word adds 1 at its hash bucket. */
function embed(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
    vector[createHash('sha1').update(word).digest().readUInt32BE(0) % DIMENSIONS] += 1;
  }
  return vector;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts an embeddings endpoint on 127.0.0.1 (real HTTP, the same wire shape as
 * OpenAI's) whose vectors are hashed word counts: similar wording, similar vectors.
 */
export async function startEmbeddingServer(): Promise<EmbeddingServer> {
  const state: EmbeddingServer = { baseURL: '', requests: [], close: async () => undefined };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const send = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') return send(404, { error: { message: 'not found', type: 'invalid_request_error' } });
      if (state.failWith) return send(state.failWith, { error: { message: 'embedding backend down', type: 'server_error' } });
      let parsed: { input?: unknown; model?: unknown };
      try {
        parsed = JSON.parse(await body(request)) as { input?: unknown; model?: unknown };
      } catch {
        return send(400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      }
      const inputs = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
      if (!Array.isArray(inputs) || !inputs.every((x): x is string => typeof x === 'string') || typeof parsed.model !== 'string') {
        return send(400, { error: { message: 'input must be strings and model a string', type: 'invalid_request_error' } });
      }
      state.requests.push(inputs);
      send(200, {
        object: 'list',
        model: parsed.model,
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
