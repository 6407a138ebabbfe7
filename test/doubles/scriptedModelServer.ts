/**
 * ScriptedModelServer: a real OpenAI-compatible HTTP server on 127.0.0.1 whose every
 * chat completion is scripted, for tests of anything that talks to a model (the model
 * client, solve(), the cheatsheet, the extension).
 *
 *   const server = await startScriptedModelServer([{ content: '```py\nreturn 1\n```' }]);
 *   // … point a client at server.url (ends in /v1) …
 *   server.requests[0].body      // the parsed JSON the client sent
 *   await server.close();
 *
 * Endpoints: GET /v1/models, POST /v1/chat/completions (JSON, or SSE when `stream`
 * is true, with `n` choices and `stream_options.include_usage`), and POST /v1/responses
 * (OpenAI's Responses API: the same scripts as a `response` object or its event stream,
 * see `scriptedResponses.ts`). Each reply can set
 * content, reasoning fields, usage, finish_reason, an HTTP error with headers, delays,
 * slow chunks and a dropped connection (see {@link ScriptedReply}). Every request is
 * recorded with headers, body, timestamps and how it ended.
 *
 * Standalone, for integration tests and demos:
 *   npx tsx test/doubles/scriptedModelServer.ts --script FILE.json [--port P]
 * prints `listening <url>` on stdout and serves until SIGINT/SIGTERM. FILE.json is an
 * array of replies or `{ "replies": [...], "models": [...], "apiKey": "...", "whenExhausted": "cycle" }`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { completionBody, errorBody, streamEvents } from './scriptedReplies';
import { responsesBody, responsesBodyProblem, responsesPromptChars, responsesStreamEvents } from './scriptedResponses';
import { flattenHeaders, isObject, parseJson, pause, readBody, send } from './scriptedServerIo';
import type { ReplyContext, ScriptedReply } from './scriptedReplies';

export type { ScriptedChoice, ScriptedReply, ScriptedUsage } from './scriptedReplies';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Position among all requests the server received. */
  index: number;
  method: string;
  /** Path with query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names, as received (so `authorization` is here when the client sent it). */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
  /** `Date.now()` when the whole request body had arrived. */
  receivedAt: number;
  /** When the status line was written. */
  respondedAt?: number;
  /** When the exchange ended, however it ended. */
  endedAt?: number;
  status?: number;
  /** `aborted`: the client closed the connection first; `dropped`: the script destroyed it. */
  outcome: 'pending' | 'finished' | 'aborted' | 'dropped';
  /** Index into the script, for chat completion and response requests. */
  replyIndex?: number;
}

/** A script: a list consumed one reply per chat completion or response request, or a function of the request. */
export type Script = ScriptedReply[] | ((request: RecordedRequest, index: number) => ScriptedReply);

export interface ScriptedServerOptions {
  /** Model ids served; a request for another one gets 404 `model_not_found`. Default: any model. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** After a list script runs out: answer 500 naming the problem (default), repeat the last reply, or start over. */
  whenExhausted?: 'error' | 'repeat-last' | 'cycle';
  port?: number;
}

export interface ScriptedModelServer {
  /** Base URL ending in `/v1`. */
  url: string;
  /** Every request so far, in arrival order (a live array). */
  requests: RecordedRequest[];
  /** Resolves with request `index` once it has ended (finished, aborted or dropped), waiting for it to arrive. */
  settled(index: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** Starts a scripted server on 127.0.0.1 (an ephemeral port unless `options.port`). */
export async function startScriptedModelServer(script: Script, options: ScriptedServerOptions = {}): Promise<ScriptedModelServer> {
  const requests: RecordedRequest[] = [];
  const waiters = new Map<number, ((r: RecordedRequest) => void)[]>();
  let replies = 0;

  const settle = (record: RecordedRequest, outcome: RecordedRequest['outcome']): void => {
    if (record.outcome !== 'pending') return;
    record.outcome = outcome;
    record.endedAt = Date.now();
    for (const resolve of waiters.get(record.index) ?? []) resolve(record);
    waiters.delete(record.index);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody(`scripted server failure: ${String(err)}`, 'server_error', null));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const record: RecordedRequest = {
      index: requests.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: flattenHeaders(req),
      body: parseJson(rawBody),
      rawBody,
      receivedAt: Date.now(),
      outcome: 'pending',
    };
    requests.push(record);
    res.on('close', () => settle(record, res.writableFinished ? 'finished' : 'aborted'));
    const path = record.path.split('?')[0] ?? '';

    if (options.apiKey !== undefined && record.headers['authorization'] !== `Bearer ${options.apiKey}`) {
      return respond(record, res, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const ids = options.models ?? ['scripted-model'];
      return respond(record, res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted' })) });
    }
    const api = req.method !== 'POST' ? undefined : path === '/v1/chat/completions' ? 'chat' : path === '/v1/responses' ? 'responses' : undefined;
    if (api === undefined) {
      return respond(record, res, 404, errorBody(`No route ${req.method ?? ''} ${path}`, 'invalid_request_error', 'unknown_url'));
    }
    const body = record.body;
    const problem = api === 'responses' ? responsesBodyProblem(body) : chatBodyProblem(body);
    if (problem !== undefined || !isObject(body) || typeof body['model'] !== 'string') {
      const { message, param, code } = problem ?? { message: 'The body must be a JSON object.', param: null, code: null };
      return respond(record, res, 400, { error: { message, type: 'invalid_request_error', param, code } });
    }
    if (options.models !== undefined && !options.models.includes(body['model'])) {
      const message = `The model \`${body['model']}\` does not exist or you do not have access to it.`;
      return respond(record, res, 404, errorBody(message, 'invalid_request_error', 'model_not_found'));
    }
    const replyIndex = replies++;
    record.replyIndex = replyIndex;
    const reply = pickReply(script, record, replyIndex, options.whenExhausted ?? 'error');
    if (reply === undefined) {
      const what = api === 'chat' ? 'chat completion' : 'response';
      return respond(record, res, 500, errorBody(`scripted server: no reply scripted for ${what} #${replyIndex}`, 'server_error', null));
    }
    await answer(record, res, reply, body, api);
  }

  async function answer(record: RecordedRequest, res: ServerResponse, reply: ScriptedReply, body: Record<string, unknown>, api: 'chat' | 'responses'): Promise<void> {
    if (reply.delayMs !== undefined && !(await pause(reply.delayMs, res))) return;
    const status = reply.status ?? 200;
    const headers = reply.headers ?? {};
    if (status < 200 || status > 299) {
      return respond(record, res, status, reply.body ?? errorBody(`scripted error ${status}`, status >= 500 ? 'server_error' : 'invalid_request_error', null), headers);
    }
    const ctx = api === 'chat' ? chatContext(body) : { model: String(body['model']), n: 1, includeUsage: true, promptChars: responsesPromptChars(body) };
    const id = api === 'chat' ? `chatcmpl-scripted-${record.index}` : `scripted${record.index}`;
    if (body['stream'] !== true || reply.body !== undefined) {
      const payload = reply.body ?? (api === 'chat' ? completionBody(reply, ctx, id) : responsesBody(reply, ctx, id));
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      if (reply.dropAfterChunks !== undefined) {
        writeHead(record, res, status, { 'content-type': 'application/json', ...headers });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        return drop(record, res);
      }
      return respond(record, res, status, payload, headers);
    }
    writeHead(record, res, status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    let written = 0;
    const messages = api === 'chat' ? streamEvents(reply, ctx, id).map((data) => `data: ${data}\n\n`) : responsesStreamEvents(reply, ctx, id);
    for (const message of messages) {
      // The pause comes first so the last chunk before a drop reaches the client on its own.
      if (written > 0 && reply.chunkDelayMs !== undefined && !(await pause(reply.chunkDelayMs, res))) return;
      if (reply.dropAfterChunks !== undefined && written >= reply.dropAfterChunks) return drop(record, res);
      if (res.destroyed) return;
      res.write(message);
      written++;
    }
    res.end();
  }

  function respond(record: RecordedRequest, res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    writeHead(record, res, status, { 'content-type': 'application/json', ...headers });
    res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  function writeHead(record: RecordedRequest, res: ServerResponse, status: number, headers: Record<string, string>): void {
    record.status = status;
    record.respondedAt = Date.now();
    res.writeHead(status, headers);
    res.flushHeaders();
  }

  function drop(record: RecordedRequest, res: ServerResponse): void {
    settle(record, 'dropped');
    res.socket?.destroy();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    settled(index: number): Promise<RecordedRequest> {
      const record = requests[index];
      if (record !== undefined && record.outcome !== 'pending') return Promise.resolve(record);
      return new Promise((resolve) => waiters.set(index, [...(waiters.get(index) ?? []), resolve]));
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function chatBodyProblem(body: unknown): { message: string; param: string | null; code: string | null } | undefined {
  if (isObject(body) && typeof body['model'] === 'string' && Array.isArray(body['messages'])) return undefined;
  return { message: 'The body must be JSON with `model` and `messages`.', param: null, code: null };
}

/** The parts of a chat completions body the replies depend on. */
function chatContext(body: Record<string, unknown>): ReplyContext {
  const streamOptions = body['stream_options'];
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  return {
    model: String(body['model']),
    n: typeof body['n'] === 'number' && body['n'] > 0 ? body['n'] : 1,
    includeUsage: isObject(streamOptions) && streamOptions['include_usage'] === true,
    promptChars: messages.reduce<number>((sum, m) => sum + (isObject(m) && typeof m['content'] === 'string' ? m['content'].length : 0), 0),
  };
}

function pickReply(script: Script, record: RecordedRequest, index: number, whenExhausted: 'error' | 'repeat-last' | 'cycle'): ScriptedReply | undefined {
  if (typeof script === 'function') return script(record, index);
  if (index < script.length) return script[index];
  if (script.length === 0 || whenExhausted === 'error') return undefined;
  return whenExhausted === 'cycle' ? script[index % script.length] : script[script.length - 1];
}

/** `--script FILE.json [--port P]`: serve FILE's replies until killed. */
async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const file = arg('--script');
  if (file === undefined) throw new Error('usage: scriptedModelServer.ts --script FILE.json [--port P]');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const config: ScriptedServerOptions & { replies: ScriptedReply[] } = Array.isArray(parsed)
    ? { replies: parsed as ScriptedReply[] }
    : (parsed as ScriptedServerOptions & { replies: ScriptedReply[] });
  if (!Array.isArray(config.replies)) throw new Error(`${file}: expected an array of replies or { "replies": [...] }`);
  const port = arg('--port');
  const server = await startScriptedModelServer(config.replies, { ...config, ...(port !== undefined ? { port: Number(port) } : {}) });
  process.stdout.write(`listening ${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
