import { buildReasoningKnobs } from './reasoningKnobs';
import { ModelError } from './types';
import type { AppliedKnobs, CompletionRequest, ProviderProfile, ReasoningEffort } from './types';

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high'];
const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant']);
/** Far above what any server allows in one request; a guard against a typo like 1000. */
const MAX_N = 128;

/**
 * The sampling and reasoning fields of the request body for `profile`: only what the
 * server accepts goes into `sent`; every requested control it cannot express is listed
 * in `notApplied` with the reason, never dropped silently. `model`, `messages` and the
 * streaming flags are the client's business and are not part of the result.
 *
 * `n` is sent only when `request.n > 1` and the profile takes it; without `n` support
 * the client makes `n` requests itself, so that is not a missing knob.
 * Pure: the same input always gives the same knobs.
 */
export function buildRequestKnobs(profile: ProviderProfile, request: CompletionRequest): AppliedKnobs {
  const reasoning = buildReasoningKnobs(profile, request.reasoning, request.maxTokens);
  const sent: Record<string, unknown> = {};
  const notApplied: string[] = [];

  if (request.n > 1 && profile.supportsN) sent['n'] = request.n;
  if (request.maxTokens !== undefined) {
    sent[profile.usesMaxCompletionTokens ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  }
  addSamplingKnobs(profile, request, reasoning.thinking, sent, notApplied);
  Object.assign(sent, reasoning.fields);
  // OpenRouter, "Usage Accounting": the billed cost comes back as `usage.cost`.
  if (profile.reportsCost === true) sent['usage'] = { include: true };
  return { sent, notApplied: [...notApplied, ...reasoning.notApplied] };
}

/** `temperature` and `top_p`, where the server applies them in the request's thinking state. */
function addSamplingKnobs(
  profile: ProviderProfile,
  request: CompletionRequest,
  thinking: 'on' | 'off',
  sent: Record<string, unknown>,
  notApplied: string[],
): void {
  const name = profile.label;
  for (const [field, value, label] of [
    ['temperature', request.temperature, 'temperature'],
    ['top_p', request.topP, 'top-p'],
  ] as const) {
    if (value === undefined) continue;
    if (!profile.supportsSamplingParams) {
      notApplied.push(`${label} ${value}: ${name} reasoning models take only their default ${label}`);
    } else if (profile.samplingOffWhileThinking === true && thinking === 'on') {
      notApplied.push(`${label} ${value}: ${name} does not apply ${label} while the model thinks (fast mode turns thinking off)`);
    } else if (field === 'temperature' && profile.maxTemperature !== undefined && value > profile.maxTemperature) {
      notApplied.push(`temperature ${value}: ${name} caps temperature at ${profile.maxTemperature}, so ${profile.maxTemperature} was sent`);
      sent[field] = profile.maxTemperature;
    } else {
      sent[field] = value;
    }
  }
}

/**
 * Throws a `bad-request` {@link ModelError} naming the first field of `request` that no
 * server would accept, before anything is sent.
 */
export function validateCompletionRequest(request: CompletionRequest): void {
  const fail = (message: string): never => {
    throw new ModelError(`Invalid completion request: ${message}`, 'bad-request');
  };
  if (!Array.isArray(request.messages) || request.messages.length === 0) fail('messages must be a non-empty list');
  request.messages.forEach((m, i) => {
    if (!ROLES.has(m.role)) fail(`messages[${i}].role must be system, user or assistant (got ${JSON.stringify(m.role)})`);
    if (typeof m.content !== 'string') fail(`messages[${i}].content must be a string`);
  });
  if (!Number.isInteger(request.n) || request.n < 1 || request.n > MAX_N) {
    fail(`n must be a whole number from 1 to ${MAX_N} (got ${String(request.n)})`);
  }
  checkRange(request.temperature, 'temperature', 0, 2, fail);
  if (request.topP !== undefined && !(Number.isFinite(request.topP) && request.topP > 0 && request.topP <= 1)) {
    fail(`topP must be above 0 and at most 1 (got ${String(request.topP)})`);
  }
  checkPositiveInteger(request.maxTokens, 'maxTokens', fail);
  checkPositiveInteger(request.reasoning.budgetTokens, 'reasoning.budgetTokens', fail);
  const effort = request.reasoning.effort;
  if (effort !== undefined && !EFFORTS.includes(effort)) {
    fail(`reasoning.effort must be one of ${EFFORTS.join(', ')} (got ${JSON.stringify(effort)})`);
  }
  if (request.timeoutMs !== undefined && !(Number.isFinite(request.timeoutMs) && request.timeoutMs > 0)) {
    fail(`timeoutMs must be a positive number of milliseconds (got ${String(request.timeoutMs)})`);
  }
}

function checkRange(value: number | undefined, name: string, min: number, max: number, fail: (m: string) => never): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || value > max) fail(`${name} must be from ${min} to ${max} (got ${String(value)})`);
}

function checkPositiveInteger(value: number | undefined, name: string, fail: (m: string) => never): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1) fail(`${name} must be a positive whole number (got ${String(value)})`);
}
