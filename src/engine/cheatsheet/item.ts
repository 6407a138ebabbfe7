import { randomUUID } from 'node:crypto';
import type { Task } from '../task';
import { countTokens } from '../tokens';
import type { CheatsheetItem, CheatsheetItemKind, CheatsheetScope } from './types';

/** The three kinds, in the order the prompt lists them. */
export const ITEM_KINDS: readonly CheatsheetItemKind[] = ['strategy', 'snippet', 'pitfall'];

/** Longest accepted `sourceTask` summary, in characters. */
const SOURCE_TASK_MAX_CHARS = 200;

/** Thrown for input the memory refuses; the message says what was wrong. */
export class CheatsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheatsheetError';
  }
}

export function isItemKind(value: unknown): value is CheatsheetItemKind {
  return typeof value === 'string' && (ITEM_KINDS as readonly string[]).includes(value);
}

/**
 * How one item reads in the prompt (the prompt builder's `cheatsheetSection` uses the
 * same shape). Token counts are taken on this text, so the budget the store enforces
 * is the budget the prompt pays.
 */
export function renderCheatsheetItem(item: Pick<CheatsheetItem, 'kind' | 'text'>): string {
  return `- [${item.kind}] ${item.text.trim().replace(/\n/g, '\n  ')}`;
}

/** Tokens an item costs in the prompt, newline included. */
export function itemTokens(item: Pick<CheatsheetItem, 'kind' | 'text'>): number {
  return countTokens(renderCheatsheetItem(item) + '\n');
}

/** Text compared for duplicates: case, punctuation runs and whitespace do not matter. */
export function normalizeItemText(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}

/** One line naming the task an item came from, e.g. `math.py:gcd — Return the greatest…`. */
export function summarizeTask(task: Task): string {
  const where = task.functionName ? `${task.filePath}:${task.functionName}` : task.filePath;
  const firstLine = task.spec.split('\n').map((line) => line.trim()).find((line) => line.length > 0) ?? '';
  const summary = firstLine ? `${where} — ${firstLine}` : where;
  return summary.length > SOURCE_TASK_MAX_CHARS ? `${summary.slice(0, SOURCE_TASK_MAX_CHARS - 1)}…` : summary;
}

/** A fresh item id: `cs-` and 13 random hex digits/dashes, unique enough across windows. */
export function newItemId(): string {
  return `cs-${randomUUID().slice(0, 13)}`;
}

export interface NewItem {
  kind: CheatsheetItemKind;
  text: string;
  sourceTask: string;
  pinned?: boolean;
  mergedFrom?: string[];
  timesUsed?: number;
  timesHelped?: number;
  origin?: CheatsheetItem['origin'];
}

/** A fresh item with counters at zero; throws {@link CheatsheetError} on bad input. */
export function createItem(input: NewItem, now: Date, scope: CheatsheetScope, maxItemTokens: number): CheatsheetItem {
  if (!isItemKind(input.kind)) throw new CheatsheetError(`unknown item kind ${JSON.stringify(input.kind)}`);
  const text = input.text.trim();
  if (text.length === 0) throw new CheatsheetError('item text is empty');
  const tokens = itemTokens({ kind: input.kind, text });
  if (tokens > maxItemTokens) {
    throw new CheatsheetError(`item is ${tokens} tokens, over the ${maxItemTokens}-token limit per item`);
  }
  const at = now.toISOString();
  const item: CheatsheetItem = {
    id: newItemId(),
    kind: input.kind,
    text,
    sourceTask: input.sourceTask.slice(0, SOURCE_TASK_MAX_CHARS),
    timesUsed: input.timesUsed ?? 0,
    timesHelped: input.timesHelped ?? 0,
    lastUsed: at,
    tokens,
    pinned: input.pinned ?? false,
    scope,
    createdAt: at,
  };
  if (input.mergedFrom && input.mergedFrom.length > 0) item.mergedFrom = [...input.mergedFrom];
  if (input.origin) item.origin = input.origin;
  return item;
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/**
 * Checks an item read from disk or an import. Returns the item (re-counted tokens,
 * the given scope) or a reason it was refused; never trusts the stored token count,
 * since files can be edited by hand.
 */
export function parseItem(value: unknown, scope: CheatsheetScope): CheatsheetItem | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(v.id)) return 'bad id';
  if (!isItemKind(v.kind)) return `item ${v.id}: bad kind`;
  if (typeof v.text !== 'string' || v.text.trim().length === 0) return `item ${v.id}: empty text`;
  if (typeof v.sourceTask !== 'string') return `item ${v.id}: bad sourceTask`;
  if (!isNonNegativeInt(v.timesUsed) || !isNonNegativeInt(v.timesHelped)) return `item ${v.id}: bad counters`;
  if (v.timesHelped > v.timesUsed) return `item ${v.id}: timesHelped exceeds timesUsed`;
  if (!isIsoDate(v.lastUsed)) return `item ${v.id}: bad lastUsed`;
  if (typeof v.pinned !== 'boolean') return `item ${v.id}: bad pinned`;
  if (v.createdAt !== undefined && !isIsoDate(v.createdAt)) return `item ${v.id}: bad createdAt`;
  if (v.mergedFrom !== undefined && !(Array.isArray(v.mergedFrom) && v.mergedFrom.every((id) => typeof id === 'string'))) {
    return `item ${v.id}: bad mergedFrom`;
  }
  const text = v.text.trim();
  const item: CheatsheetItem = {
    id: v.id,
    kind: v.kind,
    text,
    sourceTask: v.sourceTask.slice(0, SOURCE_TASK_MAX_CHARS),
    timesUsed: v.timesUsed,
    timesHelped: v.timesHelped,
    lastUsed: v.lastUsed,
    tokens: itemTokens({ kind: v.kind, text }),
    pinned: v.pinned,
    scope,
    createdAt: typeof v.createdAt === 'string' ? v.createdAt : v.lastUsed,
  };
  if (Array.isArray(v.mergedFrom) && v.mergedFrom.length > 0) item.mergedFrom = v.mergedFrom as string[];
  if (v.origin === 'tests') item.origin = 'tests';
  return item;
}
