import * as path from 'node:path';
import type { Cheatsheet, OpenCheatsheetOptions } from '../engine/cheatsheet/openCheatsheet';
import type { CheatsheetItem } from '../engine/cheatsheet/types';
import type { SolveResult } from '../engine/events';
import type { ModelClient } from '../engine/model/types';
import type { Task } from '../engine/task';
import type { MemoryItemView, WebviewToHostMessage } from '../protocol';
import type { RunLog } from './runSession';
import type { BestOfNSettings } from './settings';

export type MemoryMessage = Extract<WebviewToHostMessage, { type: `memory/${string}` }>;
type Opener = (options: OpenCheatsheetOptions) => Promise<Cheatsheet>;

/** Where the memory files live: the workspace's extension storage (if a folder is open) and the user's. */
export interface MemoryPaths {
  workspaceDir?: string;
  globalDir: string;
}

const FILE_NAME = 'cheatsheet.json';

/** The panel's view of a memory item. */
export function memoryItemView(item: CheatsheetItem): MemoryItemView {
  return { id: item.id, kind: item.kind, text: item.text, timesUsed: item.timesUsed, timesHelped: item.timesHelped, pinned: item.pinned, tokens: item.tokens };
}

/**
 * The Dynamic Cheatsheet as the extension uses it: opened lazily from the memory files,
 * reopened when its settings change, published to the panel after every change, and
 * curated after each finished run. Every failure is logged and leaves the memory as it was.
 */
export class MemoryService {
  private opened: { key: string; sheet: Promise<Cheatsheet> } | undefined;

  constructor(
    private readonly paths: MemoryPaths,
    private readonly open: Opener,
    private readonly log: RunLog,
    private readonly publish: (items: MemoryItemView[]) => void,
    /** Asks the panel to open its Memory section. */
    private readonly reveal: () => void = () => undefined,
  ) {}

  /** `Show Cheatsheet`: opens the panel on its Memory section, with the items as they are on disk now. */
  async show(settings: BestOfNSettings, openPanel: () => Promise<void>): Promise<void> {
    await openPanel();
    // Before the refresh, so a memory that fails to load still shows its (empty) section.
    this.reveal();
    await this.refresh(settings);
  }

  /** The memory for these settings, or undefined when it is switched off. */
  async get(settings: BestOfNSettings): Promise<Cheatsheet | undefined> {
    const c = settings.cheatsheet;
    if (!c.enabled) return undefined;
    const globalFile = path.join(this.paths.globalDir, FILE_NAME);
    const workspaceFile = this.paths.workspaceDir ? path.join(this.paths.workspaceDir, FILE_NAME) : undefined;
    const writeScope = workspaceFile ? c.scope : 'global';
    const key = JSON.stringify([c.mode, c.tokenBudget, writeScope, workspaceFile, globalFile]);
    if (this.opened?.key !== key) {
      const log = (level: 'info' | 'warn' | 'error', message: string): void => this.log[level](`Memory: ${message}`);
      const options: OpenCheatsheetOptions = workspaceFile
        ? { file: workspaceFile, scope: 'workspace', globalFile, writeScope, mode: c.mode, tokenBudget: c.tokenBudget, log }
        : { file: globalFile, scope: 'global', mode: c.mode, tokenBudget: c.tokenBudget, log };
      const sheet = this.open(options);
      this.opened = { key, sheet };
      // A failed open is not cached: the next call tries again.
      sheet.catch(() => {
        if (this.opened?.sheet === sheet) this.opened = undefined;
      });
    }
    return this.opened.sheet;
  }

  /** Sends the current items to the panel (none when the memory is off). */
  async refresh(settings: BestOfNSettings): Promise<void> {
    const sheet = await this.get(settings);
    if (sheet) await sheet.refresh();
    this.publish(sheet ? sheet.list().map(memoryItemView) : []);
  }

  /** Applies a Memory-view edit and saves it. `memory/clear` is confirmed by the caller. */
  async apply(settings: BestOfNSettings, message: MemoryMessage): Promise<void> {
    const sheet = await this.require(settings);
    await sheet.change((s) => {
      switch (message.type) {
        case 'memory/edit':
          return void s.edit(message.id, { text: message.text });
        case 'memory/pin':
          return void s.setPinned(message.id, message.pinned);
        case 'memory/delete':
          return void s.delete(message.id);
        case 'memory/clear':
          return void s.clear();
      }
    });
    this.log.info(`Memory: ${message.type.slice('memory/'.length)}${'id' in message ? ` ${message.id}` : ''}.`);
    this.publish(sheet.list().map(memoryItemView));
  }

  /** Credits the items the run offered from its test results and lets the curator learn from it. */
  async curate(settings: BestOfNSettings, run: { task: Task; result: SolveResult; model: ModelClient; signal: AbortSignal }): Promise<void> {
    const sheet = await this.get(settings);
    if (!sheet) return;
    try {
      const report = await sheet.curate(run);
      const changed = report.added.length + report.edited.length + report.merged.length + report.deleted.length;
      this.log.info(`Memory: credited ${report.credited.length} item(s); ${report.derived.length} kept from the test outcomes; ${report.applied ? `${changed} change(s) from the curator` : `curator made no change (${report.reason ?? 'nothing to learn'})`}.`);
    } catch (error) {
      this.log.warn(`Memory: curation failed, memory unchanged (${error instanceof Error ? error.message : String(error)}).`);
    }
    this.publish(sheet.list().map(memoryItemView));
  }

  async exportJson(settings: BestOfNSettings): Promise<string> {
    return (await this.require(settings)).exportJson();
  }

  async importJson(settings: BestOfNSettings, text: string): Promise<{ imported: number; skipped: number }> {
    const sheet = await this.require(settings);
    const result = await sheet.importJson(text);
    this.publish(sheet.list().map(memoryItemView));
    return result;
  }

  private async require(settings: BestOfNSettings): Promise<Cheatsheet> {
    const sheet = await this.get(settings);
    if (!sheet) throw new Error('The memory is switched off (bestOfN.cheatsheet.enabled).');
    return sheet;
  }
}
