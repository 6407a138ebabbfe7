import type { Task } from '../task';

export type CheatsheetItemKind = 'strategy' | 'snippet' | 'pitfall';

/** Which memory file an item lives in: the workspace's own or the user's global one. */
export type CheatsheetScope = 'workspace' | 'global';

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
  /** The file it is stored in; set by the store when it loads or adds the item. */
  scope?: CheatsheetScope;
  /** ISO time it was first stored. */
  createdAt?: string;
  /** Ids of the items a curator merged into this one. */
  mergedFrom?: string[];
  /** `tests`: written from a run's test outcomes without the model; absent: by the curator or the user. */
  origin?: 'tests';
}

/** What the engine needs from the memory; the store itself lives in `cheatsheet/`. */
export interface CheatsheetPort {
  /** Items to offer for `task`, within `tokenBudget` tokens. */
  retrieve(task: Task, tokenBudget: number, signal: AbortSignal): Promise<CheatsheetItem[]>;
}

/** How items are chosen for a task: DC-Cu (best overall) or DC-RS (most similar to the task). */
export type CheatsheetMode = 'cumulative' | 'retrieval';

/** Where the memory reports what it did or refused; never receives secrets. */
export type CheatsheetLog = (level: 'info' | 'warn' | 'error', message: string) => void;
