import * as path from 'node:path';
import { openCheatsheet, type Cheatsheet } from '../engine/cheatsheet/openCheatsheet';
import type { CurationReport } from '../engine/cheatsheet/curator';
import type { SolveResult } from '../engine/events';
import type { ModelClient } from '../engine/model/types';
import type { Task } from '../engine/task';
import type { SolveArgs } from './solveArgs';

/** What the memory did in one CLI run, for the summary line and the JSON output. */
export interface MemorySummary {
  file: string;
  mode: SolveArgs['cheatsheetMode'];
  tokenBudget: number;
  /** Items the prompt offered. */
  offered: number;
  /** Items whose use counters this run's test results updated. */
  credited: number;
  /** Items kept from the test outcomes without the model. */
  fromTests: number;
  added: number;
  edited: number;
  merged: number;
  deleted: number;
  /** Why the curator changed nothing, when it did not. */
  note?: string;
}

/** Opens `--cheatsheet FILE` (created on first save); throws with a message fit for the user. */
export async function openCliCheatsheet(args: SolveArgs, warn: (line: string) => void): Promise<Cheatsheet | undefined> {
  if (!args.cheatsheet) return undefined;
  return openCheatsheet({
    file: path.resolve(args.cheatsheet),
    mode: args.cheatsheetMode,
    tokenBudget: args.cheatsheetBudget,
    log: (level, message) => {
      if (level !== 'info') warn(`cheatsheet ${level}: ${message}`);
    },
  });
}

/**
 * Lets the memory learn from a finished run (credits from test results, then one curator
 * call); a failure is reported and leaves the memory as it was on disk.
 */
export async function curateCliRun(
  sheet: Cheatsheet,
  args: SolveArgs,
  run: { task: Task; result: SolveResult; model: ModelClient; offered: number; signal: AbortSignal },
): Promise<MemorySummary> {
  const summary: MemorySummary = {
    file: path.resolve(args.cheatsheet ?? ''),
    mode: args.cheatsheetMode,
    tokenBudget: args.cheatsheetBudget,
    offered: run.offered,
    credited: 0,
    fromTests: 0,
    added: 0,
    edited: 0,
    merged: 0,
    deleted: 0,
  };
  if (run.result.stoppedBy === 'cancelled') return { ...summary, note: 'the run was cancelled; nothing learned' };
  let report: CurationReport;
  try {
    report = await sheet.curate({ task: run.task, result: run.result, model: run.model, signal: run.signal });
  } catch (error) {
    return { ...summary, note: `curation failed, memory unchanged: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    ...summary,
    credited: report.credited.length,
    fromTests: report.derived.length,
    added: report.added.length,
    edited: report.edited.length,
    merged: report.merged.length,
    deleted: report.deleted.length,
    ...(report.applied ? {} : { note: report.reason ?? 'the curator changed nothing' }),
  };
}

/** One line for stderr: what was offered and what changed. */
export function memoryLine(s: MemorySummary): string {
  const changes = [`${s.added} added`, s.edited && `${s.edited} edited`, s.merged && `${s.merged} merged`, s.deleted && `${s.deleted} deleted`].filter(Boolean).join(', ');
  return `memory ${s.file} (${s.mode}, ${s.tokenBudget} tokens): ${s.offered} item(s) offered, ${s.credited} credited, ${s.fromTests} from the tests, ${changes}${s.note ? ` (${s.note})` : ''}`;
}
