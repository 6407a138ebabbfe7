import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CURATOR_SYSTEM_PROMPT } from '../../engine/cheatsheet/curatorPrompt';
import type { HumanEvalDataset, HumanEvalProblem } from '../../engine/humaneval/dataset';
import { countTokens, truncateToTokens } from '../../engine/tokens';
import { type ChatRequest, isTestCaseRequest, parseChatRequest, RequestError } from './chatRequest';
import { parseResponsesRequest, sendResponsesReply } from './responsesApi';
import { SampleCursor } from './sampleOrder';
import { TaskIndex } from './taskIndex';

/** The one model id the server answers to. */
export const REPLAY_MODEL_ID = 'codegen16b-replay';

/** What the knobs do here, said wherever they are reported. */
export const KNOBS_NOTE = 'Knobs are checked and recorded; replayed answers are recorded samples, so reasoning effort, thinking budgets, temperature and top-p do not change them (max tokens still cuts them).';

export interface ReplayServerOptions {
  dataset: HumanEvalDataset;
  /** Seeds each task's sample order; the same seed replays the same order. */
  seed: number;
  port?: number;
  /** Loopback by default; the server has no authentication. */
  host?: string;
  /** `fenced` wraps each recorded completion in a ```python block as a chat model would; `raw` sends it verbatim. */
  format?: 'fenced' | 'raw';
  /** One line per request, for `--verbose`. Never receives the Authorization header. */
  logger?: (line: string) => void;
}

/** One request as the server saw it: the knobs it carried and what was answered. */
export interface RecordedRequest {
  /** The HumanEval task answered, when one was recognised. */
  taskId?: string;
  /** `code` or `tests` when answered; `refused` when the request could not be answered. */
  kind: 'code' | 'tests' | 'refused';
  /** Sampling and reasoning knobs as sent (`reasoning_effort`, `max_tokens`, …); see `KNOB_FIELDS`. */
  knobs: Record<string, unknown>;
}

/** Requests kept for {@link ReplayServer.requests}; older ones are dropped first. */
const MAX_RECORDED = 1000;

export interface ReplayServer {
  url: string;
  port: number;
  /** Restarts every task's order (or one task's) from its first sample. */
  reset(taskId?: string): void;
  /** Samples served so far for a task's code (`code`) or test-case (`tests`) stream. */
  served(taskId: string, kind: 'code' | 'tests'): number;
  /** The last requests' knobs, oldest first (also at `GET /replay/requests`). */
  requests(): readonly RecordedRequest[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, code: string, param?: string): void {
  const type = status === 404 ? 'not_found_error' : 'invalid_request_error';
  sendJson(res, status, { error: { message, type, param: param ?? null, code } });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RequestError('The request body is larger than 4 MiB.', 413, 'request_too_large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Prompt tokens as OpenAI's cookbook counts chat messages: content + 3 per message + 3 for the reply. */
function promptTokens(request: ChatRequest): number {
  return request.messages.reduce((sum, m) => sum + countTokens(m.text) + 3, 3);
}

interface Reply {
  content: string;
  finishReason: 'stop' | 'length';
  tokens: number;
}

function buildReply(text: string, request: ChatRequest): Reply {
  const tokens = countTokens(text);
  if (request.maxTokens !== undefined && tokens > request.maxTokens) {
    return { content: truncateToTokens(text, request.maxTokens), finishReason: 'length', tokens: request.maxTokens };
  }
  return { content: text, finishReason: 'stop', tokens };
}

const CURATOR_FIRST_LINE = CURATOR_SYSTEM_PROMPT.split('\n')[0];

/** A memory-curation request of the product's own curator (see `curatorPrompt.ts`). */
function isCurationRequest(request: ChatRequest): boolean {
  return request.messages.some((m) => m.role === 'system' && m.text.startsWith(CURATOR_FIRST_LINE));
}

/** A whole chat answer: it holds a fenced code block, unlike a completion model's raw body. */
export function isChatAnswer(sample: string): boolean {
  return /^[ \t]*(```|~~~)/m.test(sample);
}

/** Splits a reply into line-sized pieces so streaming clients see several deltas. */
function pieces(text: string): string[] {
  const parts = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return parts.length > 0 ? parts : [''];
}

/**
 * Starts the replay model: an OpenAI-compatible HTTP server (Chat Completions and the
 * Responses API) that answers code-generation
 * requests for a HumanEval function with the recorded CodeGen-16B completions for that task,
 * and test-case requests with the recorded model-written tests. It can answer nothing else.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const index = new TaskIndex(options.dataset.problems);
  const cursor = new SampleCursor(options.seed);
  const format = options.format ?? 'fenced';
  const log = options.logger ?? (() => undefined);
  const recorded: RecordedRequest[] = [];
  const record = (entry: RecordedRequest): void => {
    recorded.push(entry);
    if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
  };

  function answer(problem: HumanEvalProblem, request: ChatRequest): { replies: Reply[]; kind: 'code' | 'tests' } {
    const kind = isTestCaseRequest(request) ? 'tests' : 'code';
    const recorded = kind === 'tests' ? problem.generatedTests : problem.samples;
    const picked = cursor.take(`${kind}:${problem.taskId}`, recorded.length, request.n);
    const replies = picked.map((i) => {
      // A recorded chat answer (prose around a fenced block) is replayed as it was written.
      if (isChatAnswer(recorded[i])) return buildReply(recorded[i], request);
      const body = kind === 'tests' ? `assert ${recorded[i]}` : recorded[i];
      const text = format === 'fenced' ? `\`\`\`python\n${body.replace(/\n*$/, '\n')}\`\`\`\n` : body;
      return buildReply(text, request);
    });
    return { replies, kind };
  }

  /** A chat completions or Responses API request: the task is found the same way, only the answer's shape differs. */
  async function modelRequest(req: IncomingMessage, res: ServerResponse, api: 'chat' | 'responses'): Promise<void> {
    const raw = await readBody(req);
    const request = api === 'chat' ? parseChatRequest(raw) : parseResponsesRequest(raw);
    if (request.model !== REPLAY_MODEL_ID) {
      throw new RequestError(
        `The model "${request.model}" does not exist on this replay server; it serves only "${REPLAY_MODEL_ID}".`,
        404,
        'model_not_found',
        'model',
      );
    }
    if (isCurationRequest(request)) {
      record({ kind: 'refused', knobs: request.knobs });
      // Its prompt quotes the task's code, so without this check it would get a recorded sample instead of JSON.
      throw new RequestError(
        'This replay server cannot curate memory: it only replays recorded code and test samples for the 164 HumanEval functions. Memory curation needs a real model; the items written from test outcomes are kept without one.',
        400,
        'unsupported_request',
      );
    }
    // The task is what the user messages ask about; system messages may quote other tasks' code (memory items).
    const fromUser = index.match(request.messages.filter((m) => m.role === 'user').map((m) => m.text).join('\n'));
    const match = fromUser.kind === 'none' ? index.match(request.messages.map((m) => m.text).join('\n')) : fromUser;
    if (match.kind !== 'found') record({ kind: 'refused', knobs: request.knobs });
    if (match.kind === 'none') {
      // 400, not 404: the model exists, and clients read a 404 as "no such model".
      throw new RequestError(
        'This replay server cannot answer this request: it only replays recorded samples for the 164 HumanEval functions, and the request contains none of their signatures (e.g. "def has_close_elements(numbers: List[float], threshold: float) -> bool:"). Requests of another kind, such as memory curation, need a real model.',
        400,
        'task_not_found',
      );
    }
    if (match.kind === 'ambiguous') {
      throw new RequestError(`The request matches several HumanEval tasks (${match.taskIds.join(', ')}); send one function at a time.`, 400, 'ambiguous_task');
    }
    const { replies, kind } = answer(match.problem, request);
    const prompt = promptTokens(request);
    const completion = replies.reduce((sum, r) => sum + r.tokens, 0);
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    record({ taskId: match.problem.taskId, kind, knobs: request.knobs });
    log(`${match.problem.taskId} ${kind} ${api} ${JSON.stringify(request.knobs)} stream=${request.stream} -> ${cursor.served(`${kind}:${match.problem.taskId}`)} served`);
    res.setHeader('x-replay-task', match.problem.taskId);
    res.setHeader('x-replay-kind', kind);
    res.setHeader('x-replay-note', KNOBS_NOTE);
    const [first] = replies;
    if (api === 'responses' && first !== undefined) {
      const reply = { id: `replay${randomUUID().replace(/-/g, '')}`, model: REPLAY_MODEL_ID, content: first.content, finishReason: first.finishReason, promptTokens: prompt, completionTokens: first.tokens, pieces: pieces(first.content) };
      sendResponsesReply(res, reply, request.stream);
      return;
    }
    const id = `chatcmpl-replay-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (!request.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: REPLAY_MODEL_ID,
        choices: replies.map((r, i) => ({ index: i, message: { role: 'assistant', content: r.content }, finish_reason: r.finishReason, logprobs: null })),
        usage,
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: REPLAY_MODEL_ID, choices, ...extra })}\n\n`);
    };
    replies.forEach((r, i) => {
      chunk([{ index: i, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
      for (const piece of pieces(r.content)) chunk([{ index: i, delta: { content: piece }, finish_reason: null }]);
      chunk([{ index: i, delta: {}, finish_reason: r.finishReason }]);
    });
    if (request.includeUsage) chunk([], { usage });
    res.end('data: [DONE]\n\n');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://replay.local');
    const pathname = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && (pathname === '/v1/models' || pathname === '/models')) {
      sendJson(res, 200, { object: 'list', data: [{ id: REPLAY_MODEL_ID, object: 'model', created: 0, owned_by: 'best-of-n-replay' }] });
    } else if (req.method === 'GET' && /^\/(v1\/)?models\//.test(pathname)) {
      const id = decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
      if (id !== REPLAY_MODEL_ID) throw new RequestError(`The model "${id}" does not exist on this replay server.`, 404, 'model_not_found');
      sendJson(res, 200, { id: REPLAY_MODEL_ID, object: 'model', created: 0, owned_by: 'best-of-n-replay' });
    } else if (req.method === 'POST' && (pathname === '/v1/chat/completions' || pathname === '/chat/completions')) {
      await modelRequest(req, res, 'chat');
    } else if (req.method === 'POST' && (pathname === '/v1/responses' || pathname === '/responses')) {
      await modelRequest(req, res, 'responses');
    } else if (req.method === 'POST' && pathname === '/replay/reset') {
      const raw = await readBody(req);
      const taskId = raw.trim() === '' ? undefined : (JSON.parse(raw) as { task_id?: unknown }).task_id;
      cursor.reset(typeof taskId === 'string' ? taskId : undefined);
      sendJson(res, 200, { ok: true });
    } else if (req.method === 'GET' && pathname === '/replay/requests') {
      sendJson(res, 200, { note: KNOBS_NOTE, requests: recorded });
    } else if (req.method === 'GET' && pathname === '/health') {
      sendJson(res, 200, { ok: true, tasks: options.dataset.problems.length, seed: options.seed });
    } else {
      throw new RequestError(`No route ${req.method ?? ''} ${pathname}: this replay server serves /v1/models, /v1/chat/completions and /v1/responses only.`, 404, 'unknown_route');
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof RequestError) sendError(res, error.status, error.message, error.code, error.param);
      else if (error instanceof SyntaxError) sendError(res, 400, `Bad JSON: ${error.message}`, 'invalid_json');
      else sendError(res, 500, `Replay server error: ${(error as Error).message}`, 'server_error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    reset: (taskId) => cursor.reset(taskId),
    served: (taskId, kind) => cursor.served(`${kind}:${taskId}`),
    requests: () => recorded.map((entry) => ({ ...entry, knobs: { ...entry.knobs } })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
