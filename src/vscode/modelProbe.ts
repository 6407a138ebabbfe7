import type { ProviderProfile, ReasoningSource } from '../engine/model/types';

/** What one tiny request taught about an OpenAI-compatible server. */
export interface ProbeResult {
  /** Choices that came back when two were asked for with `n: 2`. */
  choices: number;
  /** Two choices came back: the server takes `n`. */
  supportsN: boolean;
  /** The answer came as server-sent events. */
  streamed: boolean;
  /** Where reasoning text appeared, if anywhere (a short answer may carry none). */
  reasoningSources: ReasoningSource[];
  /** `reasoning_effort: 'low'` was sent and accepted (undefined: not asked). */
  effortAccepted?: boolean;
  /** One line per finding, for the user and the log. */
  notes: string[];
}

export interface ProbeTarget {
  baseUrl: string;
  /** Sent only as the `Authorization` header (and `api-key` for Azure). */
  apiKey: string | undefined;
  model: string;
  profile: ProviderProfile;
  timeoutMs?: number;
}

/** Raised for a probe that could not learn anything; the message says what to fix. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

const PROMPT = 'Reply with the single word: ok';

/**
 * Sends one tiny chat completion asking for `n: 2` with streaming (and `reasoning_effort: 'low'`
 * where the profile lists efforts, or for `custom` where that is what is being found out) and
 * reads back what the server did. A 400 with the effort sent is taken as the effort being
 * rejected, and the request is repeated once without it. Other failures reject with
 * {@link ProbeError}. The answer is capped at a few tokens, so a probe costs next to nothing.
 */
export async function probeModel(target: ProbeTarget, signal: AbortSignal): Promise<ProbeResult> {
  const askEffort = target.profile.id === 'custom' || target.profile.reasoningEfforts.includes('low');
  const first = await send(target, askEffort, signal);
  if (first.kind === 'rejected' && askEffort && first.status === 400) {
    const second = await send(target, false, signal);
    if (second.kind === 'rejected') throw rejection(target, second.status, second.body);
    return summarise(second.reply, false, `reasoning_effort: the server answered 400 (${first.body.slice(0, 160)}), so it takes no effort`);
  }
  if (first.kind === 'rejected') throw rejection(target, first.status, first.body);
  return summarise(first.reply, askEffort ? true : undefined);
}

interface Reply {
  streamed: boolean;
  choiceIndexes: Set<number>;
  fields: Set<ReasoningSource>;
}

type Outcome = { kind: 'ok'; reply: Reply } | { kind: 'rejected'; status: number; body: string };

async function send(target: ProbeTarget, withEffort: boolean, signal: AbortSignal): Promise<Outcome> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json' };
  if (target.apiKey !== undefined && target.apiKey !== '') {
    headers.authorization = `Bearer ${target.apiKey}`;
    if (target.profile.id === 'azure') headers['api-key'] = target.apiKey;
  }
  const capField = target.profile.usesMaxCompletionTokens ? 'max_completion_tokens' : 'max_tokens';
  const body = {
    model: target.model,
    messages: [{ role: 'user', content: PROMPT }],
    n: 2,
    stream: true,
    // Reasoning models spend tokens thinking before "ok"; enough to see a reasoning field start.
    [capField]: 64,
    ...(withEffort ? { reasoning_effort: 'low' } : {}),
  };
  const timeout = AbortSignal.timeout(target.timeoutMs ?? 60_000);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.any([signal, timeout]) });
  } catch (err) {
    if (signal.aborted) throw new ProbeError('The probe was cancelled.');
    if (timeout.aborted) throw new ProbeError(`${target.baseUrl} did not answer the probe within ${Math.round((target.timeoutMs ?? 60_000) / 1000)} s.`);
    throw new ProbeError(`Could not reach ${target.baseUrl}: ${causeOf(err)}.`);
  }
  const text = await response.text();
  if (!response.ok) return { kind: 'rejected', status: response.status, body: text };
  const streamed = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const reply: Reply = { streamed, choiceIndexes: new Set(), fields: new Set() };
  const payloads = streamed
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .filter((data) => data !== '' && data !== '[DONE]')
    : [text];
  for (const payload of payloads) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      throw new ProbeError(`${target.baseUrl} sent an answer that is not JSON: ${payload.slice(0, 120)}`);
    }
    readChoices(parsed, reply);
  }
  return { kind: 'ok', reply };
}

/** Notes choice indexes and reasoning fields from a chunk (`delta`) or a whole completion (`message`). */
function readChoices(parsed: unknown, reply: Reply): void {
  const choices = (parsed as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return;
  for (const choice of choices as { index?: unknown; delta?: Record<string, unknown>; message?: Record<string, unknown> }[]) {
    if (typeof choice.index === 'number') reply.choiceIndexes.add(choice.index);
    const part = choice.delta ?? choice.message ?? {};
    for (const field of ['reasoning', 'reasoning_content'] as const) {
      if (typeof part[field] === 'string' && part[field] !== '') reply.fields.add(field);
    }
    if (typeof part.content === 'string' && part.content.includes('<think>')) reply.fields.add('think-tags');
  }
}

function summarise(reply: Reply, effortAccepted: boolean | undefined, effortNote?: string): ProbeResult {
  const choices = reply.choiceIndexes.size;
  const reasoningSources = (['reasoning_content', 'reasoning', 'think-tags'] as const).filter((s) => reply.fields.has(s));
  const notes = [
    choices >= 2 ? 'n: asked for 2 choices and got 2, so one request can carry several samples' : `n: asked for 2 choices and got ${choices}, so each sample is its own request`,
    reply.streamed ? 'streaming: the answer streamed' : 'streaming: the answer came whole, not streamed',
    reasoningSources.length > 0 ? `reasoning text: found in ${reasoningSources.join(', ')}` : 'reasoning text: none in this short answer',
  ];
  if (effortNote !== undefined) notes.push(effortNote);
  else if (effortAccepted === true) notes.push('reasoning_effort: low was accepted');
  return { choices, supportsN: choices >= 2, streamed: reply.streamed, reasoningSources, ...(effortAccepted === undefined ? {} : { effortAccepted }), notes };
}

function rejection(target: ProbeTarget, status: number, body: string): ProbeError {
  const said = body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`;
  if (status === 401 || status === 403) return new ProbeError(`${target.baseUrl} refused the API key (${status})${said}.`, status);
  if (status === 404) return new ProbeError(`${target.baseUrl} does not know model "${target.model}" or has no /chat/completions (404)${said}.`, status);
  return new ProbeError(`${target.baseUrl} refused the probe request (${status})${said}.`, status);
}

function causeOf(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4; depth++) {
    const cause = (current as { cause?: unknown } | undefined)?.cause;
    if (cause === undefined) break;
    current = cause;
  }
  const code = (current as { code?: unknown } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused — is the server running?';
  if (code === 'ENOTFOUND') return 'host name not found — check the base URL';
  return current instanceof Error ? current.message : String(current);
}
