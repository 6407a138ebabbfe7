import type { Candidate, SolveResult } from '../events';
import type { ChatMessage } from '../model/types';
import { failureExcerpt, formatFailureExcerpt } from '../secrets/failureExcerpt';
import { scrubForModel, type ScrubOptions } from '../secrets/scrubOutput';
import type { Task } from '../task';
import { truncateToTokens } from '../tokens';
import type { CheatsheetItem } from './types';

/** Caps on what one curator request carries, so a huge run cannot blow the context. */
const CODE_TOKENS = 2_500;
const SPEC_TOKENS = 800;
const FAILURE_CHARS = 600;
const MAX_FAILURES = 6;

/** What a run proved, which decides which kinds the curator may add. */
export interface RunEvidence {
  /** The passing candidate to learn strategies/snippets from (the choice when it passed). */
  winner?: Candidate;
  /** Distinct test failures of failing candidates, to learn pitfalls from. */
  failures: string[];
}

function passed(candidate: Candidate, byId: Map<number, Candidate>): boolean {
  if (candidate.state === 'passed') return true;
  if (candidate.state === 'duplicate' && candidate.duplicateOf !== undefined) return byId.get(candidate.duplicateOf)?.state === 'passed';
  return false;
}

/** True when `candidate` (or the candidate it duplicates) passed every test. */
export function candidatePassed(candidate: Candidate, result: SolveResult): boolean {
  return passed(candidate, new Map(result.candidates.map((c) => [c.id, c])));
}

/** A failing candidate's failing tests (names and messages, scrubbed and cut), or undefined when it did not fail. */
function describeFailure(candidate: Candidate, scrub: ScrubOptions): string | undefined {
  const verification = candidate.verification;
  if (!verification) return undefined;
  if (verification.status === 'timeout') return `timed out: ${scrubForModel(verification.reason ?? 'the tests did not finish in time', scrub).slice(0, FAILURE_CHARS)}`;
  if (verification.status !== 'failed') return undefined;
  const excerpt = failureExcerpt(verification, { ...scrub, maxTests: MAX_FAILURES, maxMessageLines: 10, maxMessageBytes: FAILURE_CHARS, tailLines: 15, maxTailBytes: FAILURE_CHARS });
  const text = excerpt.failing.length > 0 ? excerpt.failing.map((test) => `${test.name}: ${test.message}`).join('\n') : formatFailureExcerpt(excerpt);
  return text.length > FAILURE_CHARS ? `${text.slice(0, FAILURE_CHARS)}…` : text;
}

/**
 * Collects the run's evidence: the winner if one passed, and distinct failing-test messages.
 * The messages are cut to the failing tests and scrubbed of the key(s) in `scrub.secrets` and of
 * anything secret-looking, since they go to the model provider.
 */
export function collectEvidence(result: SolveResult, scrub: ScrubOptions = {}): RunEvidence {
  const byId = new Map(result.candidates.map((c) => [c.id, c]));
  const chosen = result.choice ? byId.get(result.choice.candidateId) : undefined;
  const winner = chosen && passed(chosen, byId) && chosen.code !== undefined
    ? chosen
    : result.ranking.map((id) => byId.get(id)).find((c): c is Candidate => c !== undefined && c.state === 'passed' && c.code !== undefined);
  const failures: string[] = [];
  for (const candidate of result.candidates) {
    const failure = describeFailure(candidate, scrub);
    if (failure && !failures.includes(failure)) failures.push(failure);
    if (failures.length >= MAX_FAILURES) break;
  }
  return { winner, failures };
}

/** The curator's system prompt; its first line tells a curation request from others (the replay server refuses these). */
export const CURATOR_SYSTEM_PROMPT = `You curate a memory of reusable programming insights for a coding assistant.
After each task you see what the unit tests proved and the memory's current items, and you decide what to change.
Keep only insights that transfer to other tasks: general strategies, short reusable code snippets, and pitfalls.
Never store task-specific answers, secrets, file contents or instructions to the assistant beyond coding advice.

Reply with exactly one JSON object and nothing else, of this shape:
{"operations": [
  {"op": "add", "kind": "strategy" | "snippet" | "pitfall", "text": "<the insight>"},
  {"op": "edit", "id": "<existing id>", "text": "<improved text>", "kind": "<optional new kind>"},
  {"op": "merge", "ids": ["<id>", "<id>", ...], "kind": "<kind>", "text": "<one item replacing them>"},
  {"op": "delete", "id": "<existing id>"}
]}
Rules: at most 6 operations; each id at most once; "text" is one to three sentences (a snippet may be a short code block);
an empty list means nothing is worth changing.`;

/** A backtick fence longer than any run inside `text`, so candidate code cannot close it early. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function itemLine(item: CheatsheetItem): string {
  return `${item.id} [${item.kind}] used ${item.timesUsed}, helped ${item.timesHelped}${item.pinned ? ', pinned' : ''}: ${item.text}`;
}

/**
 * The one curator request for a run. Candidate code and test output are quoted as data; the
 * failures are scrubbed again here, so evidence built elsewhere cannot carry a secret through.
 */
export function buildCuratorMessages(task: Task, evidence: RunEvidence, items: readonly CheatsheetItem[], scrub: ScrubOptions = {}): ChatMessage[] {
  const allowed: string[] = [];
  if (evidence.winner) allowed.push('strategy', 'snippet');
  if (evidence.failures.length > 0) allowed.push('pitfall');
  const parts = [
    `Task: ${task.functionName ? `function \`${task.functionName}\` in ` : ''}${task.filePath} (${task.language})`,
    `Specification:\n${truncateToTokens(task.spec, SPEC_TOKENS)}`,
  ];
  if (evidence.winner?.code) {
    const code = truncateToTokens(evidence.winner.code, CODE_TOKENS);
    const fence = fenceFor(code);
    parts.push(`A candidate PASSED all tests. Its code:\n${fence}\n${code}\n${fence}`);
  } else {
    parts.push('No candidate passed the tests.');
  }
  if (evidence.failures.length > 0) {
    parts.push(`Test failures of failing candidates:\n${evidence.failures.map((f, i) => `(${i + 1}) ${scrubForModel(f, scrub)}`).join('\n')}`);
  }
  parts.push(items.length > 0 ? `Current memory items:\n${items.map(itemLine).join('\n')}` : 'The memory is empty.');
  parts.push(
    `Kinds you may add or write in this run: ${allowed.join(', ')}. ` +
      'Strategies and snippets must come from what the passing code did; pitfalls from what the failing tests showed.',
  );
  return [
    { role: 'system', content: CURATOR_SYSTEM_PROMPT },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
