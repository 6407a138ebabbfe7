import type { CheatsheetItem, CheatsheetPort } from '../../src/engine/cheatsheet/types';
import type { Task } from '../../src/engine/task';

/**
 * A {@link CheatsheetPort} that offers fixed items (or fails, when given an Error),
 * recording each retrieval's task and budget.
 */
export class StaticCheatsheet implements CheatsheetPort {
  readonly calls: { task: Task; tokenBudget: number }[] = [];

  constructor(private readonly items: CheatsheetItem[] | Error) {}

  async retrieve(task: Task, tokenBudget: number, signal: AbortSignal): Promise<CheatsheetItem[]> {
    this.calls.push({ task, tokenBudget });
    if (signal.aborted) throw new Error('aborted');
    if (this.items instanceof Error) throw this.items;
    return this.items;
  }
}
