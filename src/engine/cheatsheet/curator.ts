import type { SolveResult } from '../events';
import type { ModelClient, TokenUsage } from '../model/types';
import type { Task } from '../task';
import { summarizeTask, type NewItem } from './item';
import { buildCuratorMessages, candidatePassed, collectEvidence } from './curatorPrompt';
import { parseCuratorReply, type CuratorOperation } from './curatorOutput';
import { itemsFromTests } from './testedItems';
import type { CheatsheetItem, CheatsheetItemKind, CheatsheetLog } from './types';

/** What curation needs from the memory: the facade in `openCheatsheet` implements it. */
export interface CurationTarget {
  /** The items curation may credit and change (a read-only file's items are left out). */
  list(): readonly CheatsheetItem[];
  /** Why new items cannot be stored (a read-only file), or undefined when they can. */
  readonly readOnlyReason?: string;
  /** Largest item the memory accepts, in prompt tokens. */
  readonly maxItemTokens: number;
  credit(id: string, used: number, helped: number): void;
  add(input: NewItem): CheatsheetItem;
  edit(id: string, change: { text: string; kind?: CheatsheetItemKind }): CheatsheetItem;
  merge(ids: readonly string[], change: { kind: CheatsheetItemKind; text: string; sourceTask: string }): CheatsheetItem;
  delete(id: string): boolean;
  /** Persists pending changes. */
  commit(): Promise<void>;
}

/** What one curation did, for logs, the panel and the CLI. */
export interface CurationReport {
  /** Items whose counters changed, with this run's uses and helps. */
  credited: { id: string; used: number; helped: number }[];
  /** Items written from the run's test outcomes without the model (the verified pick, rejected groups' failing tests). */
  derived: CheatsheetItem[];
  curatorCalled: boolean;
  /** True when the curator's operations were applied (an empty list counts). */
  applied: boolean;
  /** Why nothing was applied: no evidence, a model error, or a malformed reply. */
  reason?: string;
  added: CheatsheetItem[];
  edited: CheatsheetItem[];
  merged: CheatsheetItem[];
  deleted: string[];
  curatorUsage?: TokenUsage;
}

/** States after which a candidate's prompt counts as used: it ran to an outcome. */
const FINISHED = new Set(['rejected', 'truncated', 'duplicate', 'passed', 'failed', 'timeout', 'error']);

/**
 * Credits items from test ground truth: every finished candidate whose prompt offered
 * item X adds one use of X, and one help if it (or the candidate it duplicates) passed.
 */
export function creditRun(result: SolveResult, target: Pick<CurationTarget, 'credit' | 'list'>): CurationReport['credited'] {
  const tally = new Map<string, { used: number; helped: number }>();
  for (const candidate of result.candidates) {
    if (!FINISHED.has(candidate.state)) continue;
    const helped = candidatePassed(candidate, result);
    for (const id of new Set(candidate.cheatsheetItemIds)) {
      const entry = tally.get(id) ?? { used: 0, helped: 0 };
      entry.used++;
      if (helped) entry.helped++;
      tally.set(id, entry);
    }
  }
  const known = new Set(target.list().map((item) => item.id));
  const credited: CurationReport['credited'] = [];
  for (const [id, { used, helped }] of tally) {
    if (!known.has(id)) continue; // deleted since the run started
    target.credit(id, used, helped);
    credited.push({ id, used, helped });
  }
  return credited;
}

export interface CurateOptions {
  task: Task;
  result: SolveResult;
  model: ModelClient;
  store: CurationTarget;
  signal: AbortSignal;
  log?: CheatsheetLog;
  /** The API key(s) in use, masked in the test output the curator sees (registered keys are masked anyway). */
  secrets?: readonly string[];
  /** Store the items the tests proved without the model (default true). */
  fromTests?: boolean;
}

function applyOperations(operations: readonly CuratorOperation[], store: CurationTarget, sourceTask: string, report: CurationReport): void {
  for (const operation of operations) {
    switch (operation.op) {
      case 'add': {
        const before = new Set(store.list().map((item) => item.id));
        const item = store.add({ kind: operation.kind, text: operation.text, sourceTask });
        // The same text already stored comes back as the existing item: nothing was added.
        if (!before.has(item.id)) report.added.push(item);
        break;
      }
      case 'edit':
        report.edited.push(store.edit(operation.id, { text: operation.text, kind: operation.kind }));
        break;
      case 'merge':
        report.merged.push(store.merge(operation.ids, { kind: operation.kind, text: operation.text, sourceTask }));
        break;
      case 'delete':
        if (store.delete(operation.id)) report.deleted.push(operation.id);
        break;
    }
  }
}

/**
 * Stores what the run's tests proved (see {@link itemsFromTests}). A newer verified pick of the
 * same task replaces the snippet of the older one instead of piling up beside it.
 */
function storeTestedItems(options: CurateOptions, store: CurationTarget, log: CheatsheetLog): CheatsheetItem[] {
  const { items, skipped } = itemsFromTests(options.task, options.result, { maxItemTokens: store.maxItemTokens, secrets: options.secrets });
  for (const line of skipped) log('info', `cheatsheet: not kept from the tests: ${line}`);
  const stored: CheatsheetItem[] = [];
  for (const input of items) {
    try {
      const previous = input.kind === 'snippet' ? store.list().find((i) => i.origin === 'tests' && i.kind === 'snippet' && i.sourceTask === input.sourceTask) : undefined;
      if (previous) {
        if (previous.text !== input.text) stored.push(store.edit(previous.id, { text: input.text }));
        continue;
      }
      const before = new Set(store.list().map((item) => item.id));
      const item = store.add(input);
      if (!before.has(item.id)) stored.push(item);
    } catch (error) {
      log('warn', `cheatsheet: could not keep a ${input.kind} from the tests: ${(error as Error).message}`);
    }
  }
  return stored;
}

/**
 * Learns from one finished run. First credits the items the candidates' prompts
 * offered (ground truth, saved whatever the curator does) and stores the items the
 * tests proved on their own (the verified pick, the rejected groups' failing tests),
 * so the memory fills even when the model cannot curate. Then, if the run proved
 * something (a passing candidate, or failing tests), makes one curator call with the
 * task, the winning code, the failures and the current items, and applies the reply's
 * operations (see {@link parseCuratorReply} for the JSON shape and rules). A malformed
 * reply or a model error changes nothing beyond the credit, and is logged and reported.
 */
export async function curateAfterRun(options: CurateOptions): Promise<CurationReport> {
  const { task, result, model, store, signal } = options;
  const log = options.log ?? (() => undefined);
  const report: CurationReport = { credited: [], derived: [], curatorCalled: false, applied: false, added: [], edited: [], merged: [], deleted: [] };
  report.credited = creditRun(result, store);
  if (options.fromTests !== false && !store.readOnlyReason) report.derived = storeTestedItems(options, store, log);
  if (report.credited.length > 0 || report.derived.length > 0) await store.commit();

  const scrub = { secrets: options.secrets };
  const evidence = collectEvidence(result, scrub);
  if (!evidence.winner && evidence.failures.length === 0) {
    report.reason = 'the run has neither a passing candidate nor failing tests to learn from';
    return report;
  }
  if (store.readOnlyReason) {
    report.reason = `the memory is read-only: ${store.readOnlyReason}`;
    return report;
  }
  const items = [...store.list()];
  let content: string;
  try {
    report.curatorCalled = true;
    const [choice] = await model.complete(
      {
        messages: buildCuratorMessages(task, evidence, items, scrub),
        n: 1,
        ...(model.profile.supportsSamplingParams ? { temperature: 0 } : {}),
        maxTokens: 2_000,
        reasoning: {},
      },
      signal,
    );
    if (!choice) throw new Error('the model returned no choice');
    content = choice.content;
    report.curatorUsage = choice.usage;
  } catch (error) {
    report.reason = `curator call failed: ${(error as Error).message}`;
    log('warn', `cheatsheet: ${report.reason}`);
    return report;
  }
  const parsed = parseCuratorReply(content, items, evidence, store.maxItemTokens);
  if (!parsed.ok) {
    report.reason = `curator reply rejected: ${parsed.reason}`;
    log('warn', `cheatsheet: ${report.reason}; the memory is unchanged`);
    return report;
  }
  applyOperations(parsed.operations, store, summarizeTask(task), report);
  await store.commit();
  report.applied = true;
  log('info', `cheatsheet curated: ${report.added.length} added, ${report.edited.length} edited, ${report.merged.length} merged, ${report.deleted.length} deleted`);
  return report;
}
