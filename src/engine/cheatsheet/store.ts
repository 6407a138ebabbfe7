import { CheatsheetError, createItem, itemTokens, isItemKind, normalizeItemText, type NewItem } from './item';
import { chooseEvictions } from './usefulness';
import type { CheatsheetItem, CheatsheetItemKind, CheatsheetScope } from './types';

/**
 * One change to the memory. Changes are kept as operations, not as a new snapshot,
 * so a writer can replay them on top of whatever another window saved meanwhile:
 * counters travel as deltas, and a change to an item someone else deleted is dropped.
 */
export type StoreOp =
  | { type: 'put'; item: CheatsheetItem }
  | { type: 'patch'; id: string; patch: Partial<Pick<CheatsheetItem, 'text' | 'kind' | 'pinned' | 'tokens'>> }
  | { type: 'delete'; id: string }
  | { type: 'credit'; id: string; used: number; helped: number; at: string };

export interface StoreOptions {
  scope: CheatsheetScope;
  /** Total tokens the memory may hold; the least useful unpinned items go first. */
  capacityTokens: number;
  /** Largest single item, in prompt tokens. */
  maxItemTokens: number;
  now?: () => Date;
}

/** Applies `ops` to `base` without touching either; unknown ids are skipped. */
export function replayOps(base: readonly CheatsheetItem[], ops: readonly StoreOp[]): CheatsheetItem[] {
  const byId = new Map<string, CheatsheetItem>(base.map((item) => [item.id, { ...item }]));
  for (const op of ops) {
    switch (op.type) {
      case 'put':
        byId.set(op.item.id, { ...op.item });
        break;
      case 'patch': {
        const item = byId.get(op.id);
        if (item) byId.set(op.id, { ...item, ...op.patch });
        break;
      }
      case 'delete':
        byId.delete(op.id);
        break;
      case 'credit': {
        const item = byId.get(op.id);
        if (!item) break;
        const lastUsed = Date.parse(op.at) > Date.parse(item.lastUsed) ? op.at : item.lastUsed;
        byId.set(op.id, {
          ...item,
          timesUsed: item.timesUsed + op.used,
          timesHelped: Math.min(item.timesUsed + op.used, item.timesHelped + op.helped),
          lastUsed,
        });
        break;
      }
    }
  }
  return [...byId.values()];
}

/**
 * The memory of one scope, in memory: a base snapshot (what was last read from or
 * written to disk) plus the operations made since. Reads see both; persistence takes
 * the pending operations and rebases on the file's state.
 */
export class CheatsheetStore {
  private base: CheatsheetItem[] = [];
  private pending: StoreOp[] = [];
  private view: CheatsheetItem[] = [];
  private readonly now: () => Date;

  constructor(readonly options: StoreOptions) {
    if (!(options.capacityTokens > 0) || !(options.maxItemTokens > 0)) {
      throw new CheatsheetError('capacityTokens and maxItemTokens must be positive');
    }
    this.now = options.now ?? (() => new Date());
  }

  /** All items, in insertion order. */
  list(): readonly CheatsheetItem[] {
    return this.view;
  }

  get(id: string): CheatsheetItem | undefined {
    return this.view.find((item) => item.id === id);
  }

  totalTokens(): number {
    return this.view.reduce((sum, item) => sum + item.tokens, 0);
  }

  hasPendingChanges(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Stores a new item and returns it, or returns the existing item when one with the
   * same normalised text is already there. Throws {@link CheatsheetError} on bad input.
   */
  add(input: NewItem): CheatsheetItem {
    const key = normalizeItemText(input.text);
    const existing = this.view.find((item) => normalizeItemText(item.text) === key);
    if (existing) return existing;
    const item = createItem(input, this.now(), this.options.scope, this.options.maxItemTokens);
    this.apply({ type: 'put', item });
    return this.get(item.id) ?? item;
  }

  /** Changes an item's text and/or kind; counters stay. */
  edit(id: string, change: { text?: string; kind?: CheatsheetItemKind }): CheatsheetItem {
    const item = this.require(id);
    const kind = change.kind ?? item.kind;
    if (!isItemKind(kind)) throw new CheatsheetError(`unknown item kind ${JSON.stringify(kind)}`);
    const text = (change.text ?? item.text).trim();
    if (text.length === 0) throw new CheatsheetError('item text is empty');
    const tokens = itemTokens({ kind, text });
    if (tokens > this.options.maxItemTokens) {
      throw new CheatsheetError(`item is ${tokens} tokens, over the ${this.options.maxItemTokens}-token limit per item`);
    }
    this.apply({ type: 'patch', id, patch: { text, kind, tokens } });
    return this.require(id);
  }

  setPinned(id: string, pinned: boolean): CheatsheetItem {
    this.require(id);
    this.apply({ type: 'patch', id, patch: { pinned } });
    return this.require(id);
  }

  delete(id: string): boolean {
    if (!this.get(id)) return false;
    this.apply({ type: 'delete', id });
    return true;
  }

  /** Deletes every item this window knows of; items another window adds meanwhile survive. */
  clear(): number {
    const ids = this.view.map((item) => item.id);
    for (const id of ids) this.pending.push({ type: 'delete', id });
    this.refresh();
    return ids.length;
  }

  /**
   * Replaces `ids` by one item with `text`, carrying their summed counters and pin, and
   * recording where it came from. Throws if an id is unknown or fewer than two are given.
   */
  merge(ids: readonly string[], change: { kind: CheatsheetItemKind; text: string; sourceTask: string }): CheatsheetItem {
    const unique = [...new Set(ids)];
    if (unique.length < 2) throw new CheatsheetError('a merge needs at least two distinct items');
    const parts = unique.map((id) => this.require(id));
    const item = createItem(
      {
        kind: change.kind,
        text: change.text,
        sourceTask: change.sourceTask,
        pinned: parts.some((part) => part.pinned),
        mergedFrom: unique,
        timesUsed: parts.reduce((sum, part) => sum + part.timesUsed, 0),
        timesHelped: parts.reduce((sum, part) => sum + part.timesHelped, 0),
      },
      this.now(),
      this.options.scope,
      this.options.maxItemTokens,
    );
    for (const id of unique) this.pending.push({ type: 'delete', id });
    this.apply({ type: 'put', item });
    return this.require(item.id);
  }

  /** Records that `used` prompts offered the item and `helped` of them passed. Unknown ids are ignored. */
  credit(id: string, used: number, helped: number): void {
    if (!this.get(id) || used <= 0) return;
    this.apply({ type: 'credit', id, used, helped: Math.min(helped, used), at: this.now().toISOString() });
  }

  /** Puts whole items (an import); ids already present are replaced. */
  putAll(items: readonly CheatsheetItem[]): void {
    for (const item of items) this.pending.push({ type: 'put', item: { ...item, scope: this.options.scope } });
    this.refresh();
  }

  /** Hands the unsaved operations to the writer; give them back with {@link restorePending} if the write fails. */
  takePending(): StoreOp[] {
    const ops = this.pending;
    this.pending = [];
    return ops;
  }

  restorePending(ops: readonly StoreOp[]): void {
    this.pending = [...ops, ...this.pending];
    this.refresh();
  }

  /**
   * The state after replaying `ops` on `base` and evicting down to capacity; the writer
   * calls it on the file's current items so every window evicts the same way.
   */
  resolve(base: readonly CheatsheetItem[], ops: readonly StoreOp[]): { items: CheatsheetItem[]; evicted: CheatsheetItem[] } {
    const items = replayOps(base, ops).map((item) => ({ ...item, scope: this.options.scope }));
    const evicted = chooseEvictions(items, this.options.capacityTokens, this.now());
    const gone = new Set(evicted.map((item) => item.id));
    return { items: items.filter((item) => !gone.has(item.id)), evicted };
  }

  /** Makes `items` the new base (just read or written); pending operations stay on top. */
  rebase(items: readonly CheatsheetItem[]): void {
    this.base = items.map((item) => ({ ...item, scope: this.options.scope }));
    this.refresh();
  }

  private apply(op: StoreOp): void {
    this.pending.push(op);
    this.refresh();
  }

  private refresh(): void {
    this.view = this.resolve(this.base, this.pending).items;
  }

  private require(id: string): CheatsheetItem {
    const item = this.get(id);
    if (!item) throw new CheatsheetError(`no cheatsheet item ${id}`);
    return item;
  }
}
