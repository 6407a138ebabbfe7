import { isItemKind, itemTokens } from './item';
import type { RunEvidence } from './curatorPrompt';
import type { CheatsheetItem, CheatsheetItemKind } from './types';

/** At most this many operations per curation; more is taken as a runaway reply. */
export const MAX_CURATOR_OPERATIONS = 6;

/** One validated change the curator asked for. */
export type CuratorOperation =
  | { op: 'add'; kind: CheatsheetItemKind; text: string }
  | { op: 'edit'; id: string; text: string; kind?: CheatsheetItemKind }
  | { op: 'merge'; ids: string[]; kind: CheatsheetItemKind; text: string }
  | { op: 'delete'; id: string };

export type CuratorParse = { ok: true; operations: CuratorOperation[] } | { ok: false; reason: string };

const ALLOWED_KEYS: Record<CuratorOperation['op'], readonly string[]> = {
  add: ['op', 'kind', 'text'],
  edit: ['op', 'id', 'text', 'kind'],
  merge: ['op', 'ids', 'kind', 'text'],
  delete: ['op', 'id'],
};

/** The reply's JSON text: the whole reply, or the whole of one ```json fence around it. */
function jsonText(content: string): string {
  const trimmed = content.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  return fenced ? fenced[1].trim() : trimmed;
}

function fail(reason: string): CuratorParse {
  return { ok: false, reason };
}

/**
 * Parses and validates a curator reply against the memory's current items and the
 * run's evidence. All or nothing: one bad operation rejects the whole reply, so a
 * half-understood answer never changes the memory. Rules: unknown keys, ids or kinds
 * are refused; an id is touched once; text is non-empty and within `maxItemTokens`;
 * pinned items are not deleted (a merge keeps the pin); strategies/snippets need a passing
 * candidate and pitfalls need failing tests.
 */
export function parseCuratorReply(
  content: string,
  items: readonly CheatsheetItem[],
  evidence: RunEvidence,
  maxItemTokens: number,
): CuratorParse {
  let data: unknown;
  try {
    data = JSON.parse(jsonText(content));
  } catch (error) {
    return fail(`reply is not JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('reply is not a JSON object');
  const top = data as Record<string, unknown>;
  const extra = Object.keys(top).filter((key) => key !== 'operations');
  if (extra.length > 0) return fail(`unexpected top-level key(s): ${extra.join(', ')}`);
  if (!Array.isArray(top.operations)) return fail('"operations" is missing or not an array');
  if (top.operations.length > MAX_CURATOR_OPERATIONS) {
    return fail(`${top.operations.length} operations, more than the ${MAX_CURATOR_OPERATIONS} allowed`);
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const touched = new Set<string>();
  const operations: CuratorOperation[] = [];
  const kindAllowed = (kind: CheatsheetItemKind): string | undefined => {
    if (kind === 'pitfall') return evidence.failures.length > 0 ? undefined : 'a pitfall needs failing tests in this run';
    return evidence.winner ? undefined : `a ${kind} needs a passing candidate in this run`;
  };
  const checkText = (text: unknown, kind: CheatsheetItemKind): string | undefined => {
    if (typeof text !== 'string' || text.trim().length === 0) return 'text must be a non-empty string';
    // Items are shown in prompts and in the Memory view: no terminal or bidi control characters.
    if (/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(text)) return 'text contains control characters';
    const tokens = itemTokens({ kind, text: text.trim() });
    return tokens > maxItemTokens ? `text is ${tokens} tokens, over the ${maxItemTokens}-token limit` : undefined;
  };
  const claim = (id: unknown, where: string): string | undefined => {
    if (typeof id !== 'string' || !byId.has(id)) return `${where}: unknown id ${JSON.stringify(id)}`;
    if (touched.has(id)) return `${where}: id ${id} is used by more than one operation`;
    touched.add(id);
    return undefined;
  };

  for (const [index, raw] of top.operations.entries()) {
    const where = `operation ${index + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`${where} is not an object`);
    const op = raw as Record<string, unknown>;
    if (op.op !== 'add' && op.op !== 'edit' && op.op !== 'merge' && op.op !== 'delete') return fail(`${where}: unknown op ${JSON.stringify(op.op)}`);
    const unknownKeys = Object.keys(op).filter((key) => !ALLOWED_KEYS[op.op as CuratorOperation['op']].includes(key));
    if (unknownKeys.length > 0) return fail(`${where}: unexpected key(s) ${unknownKeys.join(', ')}`);
    if (op.kind !== undefined && !isItemKind(op.kind)) return fail(`${where}: unknown kind ${JSON.stringify(op.kind)}`);
    switch (op.op) {
      case 'add': {
        if (!isItemKind(op.kind)) return fail(`${where}: add needs a kind`);
        const problem = kindAllowed(op.kind) ?? checkText(op.text, op.kind);
        if (problem) return fail(`${where}: ${problem}`);
        operations.push({ op: 'add', kind: op.kind, text: (op.text as string).trim() });
        break;
      }
      case 'edit': {
        const problem = claim(op.id, where);
        if (problem) return fail(problem);
        const current = byId.get(op.id as string) as CheatsheetItem;
        const kind = isItemKind(op.kind) ? op.kind : current.kind;
        const textProblem = kindAllowed(kind) ?? checkText(op.text, kind);
        if (textProblem) return fail(`${where}: ${textProblem}`);
        operations.push({ op: 'edit', id: current.id, text: (op.text as string).trim(), ...(isItemKind(op.kind) ? { kind: op.kind } : {}) });
        break;
      }
      case 'merge': {
        if (!Array.isArray(op.ids) || op.ids.length < 2) return fail(`${where}: merge needs "ids" with at least two ids`);
        for (const id of op.ids) {
          const problem = claim(id, where);
          if (problem) return fail(problem);
        }
        if (!isItemKind(op.kind)) return fail(`${where}: merge needs a kind`);
        const problem = kindAllowed(op.kind) ?? checkText(op.text, op.kind);
        if (problem) return fail(`${where}: ${problem}`);
        operations.push({ op: 'merge', ids: op.ids as string[], kind: op.kind, text: (op.text as string).trim() });
        break;
      }
      case 'delete': {
        const problem = claim(op.id, where);
        if (problem) return fail(problem);
        if (byId.get(op.id as string)?.pinned) return fail(`${where}: item ${String(op.id)} is pinned and cannot be deleted by the curator`);
        operations.push({ op: 'delete', id: op.id as string });
        break;
      }
    }
  }
  return { ok: true, operations };
}
