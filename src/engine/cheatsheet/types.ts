import type { Task } from '../task';

export type CheatsheetItemKind = 'strategy' | 'snippet' | 'pitfall';

/** One remembered insight, offered to the model in the prompt's stable prefix. */
export interface CheatsheetItem {
  id: string;
  kind: CheatsheetItemKind;
  text: string;
  /** Summary of the task it was learned from. */
  sourceTask: string;
  timesUsed: number;
  /** How often a candidate whose prompt offered it passed the tests. */
  timesHelped: number;
  lastUsed: string;
  tokens: number;
  pinned: boolean;
}

/** What the engine needs from the memory; the store itself lives in `cheatsheet/`. */
export interface CheatsheetPort {
  /** Items to offer for `task`, within `tokenBudget` tokens. */
  retrieve(task: Task, tokenBudget: number, signal: AbortSignal): Promise<CheatsheetItem[]>;
}
