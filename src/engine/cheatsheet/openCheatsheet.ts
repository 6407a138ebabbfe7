import type { SolveResult } from '../events';
import type { ModelClient } from '../model/types';
import type { Task } from '../task';
import { CheatsheetFile } from './cheatsheetFile';
import { curateAfterRun, type CurationReport, type CurationTarget } from './curator';
import type { Embedder } from './embedder';
import { exportCheatsheet, planImport } from './exchange';
import { CheatsheetError, newItemId, type NewItem } from './item';
import { fitBudget, rankItems, type RankedItem } from './retrieval';
import { CheatsheetStore } from './store';
import type { CheatsheetItem, CheatsheetItemKind, CheatsheetLog, CheatsheetMode, CheatsheetPort, CheatsheetScope } from './types';

export interface OpenCheatsheetOptions {
  /** The memory file (the workspace's, or the one given to the CLI). */
  file: string;
  /** Which scope `file` is; default `workspace`. */
  scope?: CheatsheetScope;
  /** The user's global memory file, read alongside `file`. */
  globalFile?: string;
  /** Where new items go; default the scope of `file`. */
  writeScope?: CheatsheetScope;
  mode: CheatsheetMode;
  /** Upper bound on the tokens a retrieval returns, whatever the caller asks for. */
  tokenBudget?: number;
  /** Tokens each file may hold before the least useful items are evicted; default 6000. */
  capacityTokens?: number;
  /** Largest single item in tokens; default 300. */
  maxItemTokens?: number;
  /** Used in `retrieval` mode when given; BM25 otherwise (and on embedder errors). */
  embedder?: Embedder;
  log?: CheatsheetLog;
  lockTimeoutMs?: number;
  /** Keep the items a run's tests prove without the model (the verified pick, rejected groups' failing tests); default true. */
  learnFromTests?: boolean;
}

/**
 * The memory as the rest of the product sees it: the engine's {@link CheatsheetPort}
 * (`port`), curation after a run (`curate`), and the item operations the Memory view
 * and CLI use. Mutators change memory at once; `commit()` (or `change()`) persists.
 */
export class Cheatsheet implements CheatsheetPort {
  /** The engine-facing port: pass it as `SolveOptions.cheatsheet`. */
  readonly port: CheatsheetPort = this;
  readonly maxItemTokens: number;
  private readonly files: Map<CheatsheetScope, CheatsheetFile>;
  private readonly log: CheatsheetLog;
  private readonly listeners = new Set<() => void>();

  constructor(files: Map<CheatsheetScope, CheatsheetFile>, private readonly options: OpenCheatsheetOptions & { maxItemTokens: number }) {
    this.files = files;
    this.maxItemTokens = options.maxItemTokens;
    this.log = options.log ?? (() => undefined);
  }

  get mode(): CheatsheetMode {
    return this.options.mode;
  }

  /**
   * Calls `listener` after saved changes (ours, or another window's once re-read), for
   * views that list the items. Returns the unsubscribe function.
   */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Paths of the files in use, by scope. */
  paths(): Partial<Record<CheatsheetScope, string>> {
    return Object.fromEntries([...this.files].map(([scope, file]) => [scope, file.file]));
  }

  /** Per scope, why it cannot be written (a file from a newer version), if so. */
  readOnlyReasons(): Partial<Record<CheatsheetScope, string>> {
    return Object.fromEntries([...this.files].flatMap(([scope, file]) => (file.readOnlyReason ? [[scope, file.readOnlyReason]] : [])));
  }

  list(): readonly CheatsheetItem[] {
    return [...this.files.values()].flatMap((file) => file.store.list());
  }

  /** All items ranked for `task` in the configured mode, best first (for the Memory view and measurements). */
  async rank(task: Task, signal: AbortSignal): Promise<RankedItem[]> {
    await this.refresh();
    return rankItems(this.list(), task, this.options.mode, { now: new Date(), embedder: this.options.embedder, signal, log: this.log });
  }

  /** {@inheritDoc CheatsheetPort.retrieve} Oldest first, so the prompt prefix stays stable. */
  async retrieve(task: Task, tokenBudget: number, signal: AbortSignal): Promise<CheatsheetItem[]> {
    const budget = Math.min(tokenBudget, this.options.tokenBudget ?? Number.POSITIVE_INFINITY);
    if (!(budget > 0)) return [];
    return fitBudget(await this.rank(task, signal), budget);
  }

  /** Credits the run's items and lets the curator update the memory; see {@link curateAfterRun}. */
  curate(run: { task: Task; result: SolveResult; model: ModelClient; signal: AbortSignal }): Promise<CurationReport> {
    return curateAfterRun({ ...run, store: this.curationView(), log: this.log, fromTests: this.options.learnFromTests !== false });
  }

  add(input: NewItem): CheatsheetItem {
    return this.writable(this.writeScope()).add(input);
  }

  edit(id: string, change: { text?: string; kind?: CheatsheetItemKind }): CheatsheetItem {
    return this.writable(this.scopeOf(id)).edit(id, change);
  }

  setPinned(id: string, pinned: boolean): CheatsheetItem {
    return this.writable(this.scopeOf(id)).setPinned(id, pinned);
  }

  delete(id: string): boolean {
    const scope = this.findScope(id);
    return scope ? this.writable(scope).delete(id) : false;
  }

  /** Deletes every item of `scope` (default: every writable scope); returns how many. */
  clear(scope?: CheatsheetScope): number {
    const scopes = scope ? [scope] : [...this.files.keys()].filter((s) => !this.files.get(s)?.readOnlyReason);
    return scopes.reduce((sum, s) => sum + this.writable(s).clear(), 0);
  }

  merge(ids: readonly string[], change: { kind: CheatsheetItemKind; text: string; sourceTask: string }): CheatsheetItem {
    const scopes = new Set(ids.map((id) => this.scopeOf(id)));
    if (scopes.size === 1) return this.writable([...scopes][0]).merge(ids, change);
    // Across scopes: the merged item goes where new items go, the parts leave their own files.
    const parts = ids.map((id) => this.files.get(this.scopeOf(id))?.store.get(id) as CheatsheetItem);
    const merged = this.writable(this.writeScope()).add({
      ...change,
      pinned: parts.some((part) => part.pinned),
      mergedFrom: [...ids],
      timesUsed: parts.reduce((sum, part) => sum + part.timesUsed, 0),
      timesHelped: parts.reduce((sum, part) => sum + part.timesHelped, 0),
    });
    for (const id of ids) this.writable(this.scopeOf(id)).delete(id);
    return merged;
  }

  credit(id: string, used: number, helped: number): void {
    const scope = this.findScope(id);
    if (scope && !this.files.get(scope)?.readOnlyReason) this.files.get(scope)?.store.credit(id, used, helped);
  }

  /** Persists every scope's pending changes; tries them all, then throws the first failure. */
  async commit(): Promise<void> {
    const failures: unknown[] = [];
    let saved = false;
    for (const file of this.files.values()) {
      try {
        if (!file.store.hasPendingChanges()) continue;
        await file.commit();
        saved = true;
      } catch (error) {
        this.log('error', `cheatsheet ${file.file}: could not save (${(error as Error).message}); changes are kept in memory`);
        failures.push(error);
      }
    }
    if (saved) this.notify();
    if (failures.length > 0) throw failures[0];
  }

  /** Runs `fn` on this memory and persists what it changed. */
  async change<T>(fn: (sheet: Cheatsheet) => T): Promise<T> {
    const value = fn(this);
    await this.commit();
    return value;
  }

  /** The items of `scope` (default all) as an export file's text. */
  exportJson(scope?: CheatsheetScope): string {
    const items = scope ? (this.files.get(scope)?.store.list() ?? []) : this.list();
    return exportCheatsheet(items, new Date());
  }

  /** Adds an export's items to `scope` (default the write scope) and saves. All or nothing. */
  async importJson(text: string, scope: CheatsheetScope = this.writeScope()): Promise<{ imported: number; skipped: number }> {
    const store = this.writable(scope);
    const plan = planImport(text, this.list(), scope, this.maxItemTokens, newItemId);
    store.putAll(plan.items);
    await this.commit();
    return { imported: plan.items.length, skipped: plan.skipped };
  }

  /** Re-reads files another window changed; errors are logged, the items in memory stay usable. */
  async refresh(): Promise<void> {
    let changed = false;
    for (const file of this.files.values()) {
      try {
        changed = (await file.refreshIfChanged()) || changed;
      } catch (error) {
        this.log('warn', `cheatsheet ${file.file}: could not re-read (${(error as Error).message})`);
      }
    }
    if (changed) this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.log('error', `cheatsheet change listener failed: ${(error as Error).message}`);
      }
    }
  }

  /** This memory as curation sees it: only items of writable files, so no operation can hit a read-only one. */
  private curationView(): CurationTarget {
    const writableItems = (): CheatsheetItem[] =>
      [...this.files.values()].filter((file) => !file.readOnlyReason).flatMap((file) => [...file.store.list()]);
    return {
      list: writableItems,
      maxItemTokens: this.maxItemTokens,
      readOnlyReason: this.files.get(this.writeScope())?.readOnlyReason ?? (this.files.has(this.writeScope()) ? undefined : `no ${this.writeScope()} cheatsheet is open`),
      credit: (id, used, helped) => this.credit(id, used, helped),
      add: (input) => this.add(input),
      edit: (id, change) => this.edit(id, change),
      merge: (ids, change) => this.merge(ids, change),
      delete: (id) => this.delete(id),
      commit: () => this.commit(),
    };
  }

  private writeScope(): CheatsheetScope {
    return this.options.writeScope ?? this.options.scope ?? 'workspace';
  }

  private findScope(id: string): CheatsheetScope | undefined {
    for (const [scope, file] of this.files) if (file.store.get(id)) return scope;
    return undefined;
  }

  private scopeOf(id: string): CheatsheetScope {
    const scope = this.findScope(id);
    if (!scope) throw new CheatsheetError(`no cheatsheet item ${id}`);
    return scope;
  }

  private writable(scope: CheatsheetScope): CheatsheetStore {
    const file = this.files.get(scope);
    if (!file) throw new CheatsheetError(`no ${scope} cheatsheet is open`);
    if (file.readOnlyReason) throw new CheatsheetError(`the ${scope} cheatsheet is read-only: ${file.readOnlyReason}`);
    return file.store;
  }
}

/**
 * Opens (or creates on first save) the memory files and loads them. A corrupt file
 * is moved aside with a warning and an empty memory is used; a file from a newer
 * version is opened read-only. This is the one call the CLI and the VS Code adapter make.
 */
export async function openCheatsheet(options: OpenCheatsheetOptions): Promise<Cheatsheet> {
  const maxItemTokens = options.maxItemTokens ?? 300;
  const capacityTokens = options.capacityTokens ?? 6_000;
  const log = options.log ?? (() => undefined);
  const scope = options.scope ?? 'workspace';
  const entries: [CheatsheetScope, string][] = [[scope, options.file]];
  if (options.globalFile) {
    if (scope === 'global') throw new CheatsheetError('globalFile is given but file is already the global scope');
    entries.push(['global', options.globalFile]);
  }
  const files = new Map<CheatsheetScope, CheatsheetFile>();
  for (const [fileScope, path] of entries) {
    const store = new CheatsheetStore({ scope: fileScope, capacityTokens, maxItemTokens });
    const file = new CheatsheetFile(path, store, log, options.lockTimeoutMs);
    try {
      await file.load();
    } catch (error) {
      throw new CheatsheetError(`could not open the ${fileScope} cheatsheet ${path}: ${(error as Error).message}`);
    }
    files.set(fileScope, file);
  }
  return new Cheatsheet(files, { ...options, maxItemTokens });
}
