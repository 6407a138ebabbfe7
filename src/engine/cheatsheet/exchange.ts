import { CheatsheetError, normalizeItemText, parseItem } from './item';
import type { CheatsheetItem, CheatsheetScope } from './types';
import { CHEATSHEET_SCHEMA_VERSION } from './cheatsheetFile';

/** Marks an export so an import can tell it from any other JSON. */
export const EXPORT_FORMAT = 'best-of-n-cheatsheet';

/** `{ format, schemaVersion, exportedAt, items }`; counters travel with the items. */
export function exportCheatsheet(items: readonly CheatsheetItem[], now: Date): string {
  const stored = items.map(({ scope: _scope, ...rest }) => rest);
  return `${JSON.stringify({ format: EXPORT_FORMAT, schemaVersion: CHEATSHEET_SCHEMA_VERSION, exportedAt: now.toISOString(), items: stored }, null, 2)}\n`;
}

export interface ImportPlan {
  /** Items to store, with fresh ids where an id was taken by a different item. */
  items: CheatsheetItem[];
  /** Items left out because the memory already holds the same text. */
  skipped: number;
}

/**
 * Reads an export (or a memory file) and plans what to add to `existing`. All or
 * nothing: any invalid item, a newer schema, or non-JSON throws a
 * {@link CheatsheetError} naming the problem, and nothing is imported.
 */
export function planImport(
  text: string,
  existing: readonly CheatsheetItem[],
  scope: CheatsheetScope,
  maxItemTokens: number,
  newId: () => string,
): ImportPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CheatsheetError(`the file is not JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CheatsheetError('the file is not a cheatsheet export (expected a JSON object)');
  const record = data as Record<string, unknown>;
  if (record.format !== undefined && record.format !== EXPORT_FORMAT) throw new CheatsheetError(`unknown format ${JSON.stringify(record.format)}`);
  if (typeof record.schemaVersion !== 'number' || !Array.isArray(record.items)) {
    throw new CheatsheetError('the file is not a cheatsheet export (needs "schemaVersion" and "items")');
  }
  if (record.schemaVersion > CHEATSHEET_SCHEMA_VERSION) {
    throw new CheatsheetError(`the export has schema version ${record.schemaVersion}; this version reads up to ${CHEATSHEET_SCHEMA_VERSION}`);
  }
  const parsed: CheatsheetItem[] = [];
  const problems: string[] = [];
  for (const [index, raw] of record.items.entries()) {
    const item = parseItem(raw, scope);
    if (typeof item === 'string') problems.push(`item ${index + 1}: ${item}`);
    else if (item.tokens > maxItemTokens) problems.push(`item ${index + 1}: ${item.tokens} tokens, over the ${maxItemTokens}-token limit`);
    else parsed.push(item);
  }
  if (problems.length > 0) {
    throw new CheatsheetError(`nothing imported; ${problems.length} invalid item(s): ${problems.slice(0, 5).join('; ')}`);
  }
  const texts = new Set(existing.map((item) => normalizeItemText(item.text)));
  const ids = new Set(existing.map((item) => item.id));
  const plan: ImportPlan = { items: [], skipped: 0 };
  for (const item of parsed) {
    const key = normalizeItemText(item.text);
    if (texts.has(key)) {
      plan.skipped++;
      continue;
    }
    texts.add(key);
    const id = ids.has(item.id) ? newId() : item.id;
    ids.add(id);
    plan.items.push({ ...item, id });
  }
  return plan;
}
