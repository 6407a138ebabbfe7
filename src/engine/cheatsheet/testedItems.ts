import type { Candidate, SolveResult } from '../events';
import { locateFunction } from '../locate/locateFunction';
import { failureExcerpt } from '../secrets/failureExcerpt';
import type { ScrubOptions } from '../secrets/scrubOutput';
import type { Task } from '../task';
import { candidatePassed, fenceFor } from './curatorPrompt';
import { itemTokens, summarizeTask, type NewItem } from './item';

/** Rejected behaviour groups turned into pitfalls per run: the largest ones, so one bad run cannot flood the memory. */
const MAX_PITFALLS = 2;
/** Failing tests named in one pitfall. */
const MAX_TESTS_NAMED = 3;
const MESSAGE_CHARS = 160;

/** The memory items one run proved without asking the model, with what was left out and why. */
export interface TestedItems {
  items: NewItem[];
  /** One line per item that could not be made (too large for an item), for the log. */
  skipped: string[];
}

function targetName(task: Task): string {
  return task.functionName ? `\`${task.functionName}\` (${task.filePath})` : task.filePath;
}

/**
 * The verified pick as the reader would paste it: for a `body` target the signature line
 * with the new body (the docstring is in the task already), otherwise the code itself.
 */
function pickedCode(task: Task, code: string): string {
  if (task.targetKind !== 'body' || !task.functionName) return code.trimEnd();
  const found = locateFunction(task.fileText, task.language, task.functionName);
  return found ? `${found.signature.trimEnd()}\n${code.replace(/^\n+/, '').trimEnd()}` : code.trimEnd();
}

/** The verified pick as a snippet; nothing without a verified pick, a reason when it is too long for one item. */
function snippetFor(task: Task, result: SolveResult, maxItemTokens: number): { item?: NewItem; skipped?: string } {
  const byId = new Map(result.candidates.map((c) => [c.id, c]));
  const chosen = result.choice ? byId.get(result.choice.candidateId) : undefined;
  if (!chosen || !candidatePassed(chosen, result) || chosen.code === undefined) return {};
  const code = pickedCode(task, chosen.code);
  const fence = fenceFor(code);
  const passed = chosen.verification?.passed ?? 0;
  const text = `Verified by the tests (${passed} passed): ${targetName(task)}\n${fence}${task.language}\n${code}\n${fence}`;
  if (itemTokens({ kind: 'snippet', text }) > maxItemTokens) return { skipped: `the verified ${task.functionName ?? 'code'} is longer than one memory item (${maxItemTokens} tokens)` };
  return { item: { kind: 'snippet', text, sourceTask: summarizeTask(task), origin: 'tests' } };
}

/** Sorted names of the tests a failing candidate failed; `timeout` for a run killed at the limit. */
function failingKey(candidate: Candidate): string[] | undefined {
  const v = candidate.verification;
  if (!v || candidate.state === 'passed') return undefined;
  if (v.status === 'timeout') return ['(timed out)'];
  if (v.status !== 'failed') return undefined;
  const names = v.tests.filter((t) => t.status === 'failed' || t.status === 'error').map((t) => t.name).sort();
  return names.length > 0 ? names : undefined;
}

function pitfallText(task: Task, group: Candidate[], scrub: ScrubOptions): string {
  const v = group[0].verification;
  if (v?.status === 'timeout') return `Rejected by the tests: implementations of ${targetName(task)} that did not finish within the time limit (an endless loop or a search too slow for the test inputs).`;
  // Test names and messages are cut and scrubbed as for any prompt: the item is offered to the model later.
  const excerpt = v ? failureExcerpt(v, { ...scrub, maxTests: MAX_TESTS_NAMED, maxMessageLines: 3, maxMessageBytes: MESSAGE_CHARS }) : { failing: [], omitted: 0 };
  const named = excerpt.failing.map((t) => t.name).join(', ') + (excerpt.omitted > 0 ? ` and ${excerpt.omitted} more` : '');
  // The first line of the message; JUnit reports may keep newlines as `&#10;`.
  const message = excerpt.failing[0]?.message.split(/\n|&#10;/).map((line) => line.trim()).find((line) => line && line !== '[… cut]');
  return `Rejected by the tests: implementations of ${targetName(task)} that fail ${named}${message ? ` — ${message}` : ''}.`;
}

function pitfallsFor(task: Task, result: SolveResult, maxItemTokens: number, scrub: ScrubOptions): { items: NewItem[]; skipped: string[] } {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of result.candidates) {
    if (candidate.state === 'duplicate') continue;
    const key = failingKey(candidate);
    if (!key) continue;
    const id = JSON.stringify(key);
    groups.set(id, [...(groups.get(id) ?? []), candidate]);
  }
  // Largest groups first (duplicates count as votes): the mistakes the model makes most often.
  const size = (group: Candidate[]): number => group.reduce((sum, c) => sum + c.votes, 0);
  const ordered = [...groups.values()].sort((a, b) => size(b) - size(a)).slice(0, MAX_PITFALLS);
  const items: NewItem[] = [];
  const skipped: string[] = [];
  for (const group of ordered) {
    const text = pitfallText(task, group, scrub);
    if (itemTokens({ kind: 'pitfall', text }) > maxItemTokens) skipped.push(`a pitfall of ${task.functionName ?? task.filePath} is longer than one memory item`);
    else items.push({ kind: 'pitfall', text, sourceTask: summarizeTask(task), origin: 'tests' });
  }
  return { items, skipped };
}

/**
 * The memory items a finished run proves without the model: the verified pick as a
 * `snippet`, and the failing tests of the largest rejected behaviour groups as `pitfall`s.
 * Like every item they are then credited by test outcomes on the runs that offer them.
 * Failure text is cut and scrubbed (`scrub.secrets` and anything secret-looking), since
 * items are offered to the model later.
 */
export function itemsFromTests(task: Task, result: SolveResult, options: { maxItemTokens: number } & ScrubOptions): TestedItems {
  const { maxItemTokens, ...scrub } = options;
  const snippet = snippetFor(task, result, maxItemTokens);
  const pitfalls = pitfallsFor(task, result, maxItemTokens, scrub);
  return {
    items: [...(snippet.item ? [snippet.item] : []), ...pitfalls.items],
    skipped: [...(snippet.skipped ? [snippet.skipped] : []), ...pitfalls.skipped],
  };
}
