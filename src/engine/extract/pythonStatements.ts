import { scanPythonLines } from '../locate/pythonLines';

/** One top-level statement of a Python module (decorators included with their def/class). */
export interface PythonStatement {
  kind: 'import' | 'def' | 'class' | 'assign' | 'main-guard' | 'comment' | 'other';
  /** Names it binds (def/class/assignment targets, imported names). */
  names: string[];
  text: string;
}

/**
 * Splits Python code (already dedented to column 0) into top-level statements,
 * using the line scanner so strings and brackets spanning lines stay whole.
 */
export function splitTopLevel(code: string): PythonStatement[] {
  const { lines } = scanPythonLines(code);
  const groups: string[][] = [];
  let pendingDecorators: string[] = [];
  for (const line of lines) {
    const text = code.slice(line.start, line.end);
    const startsStatement = !line.continuation && !line.blank && line.indent === 0;
    if (!startsStatement) {
      if (pendingDecorators.length) pendingDecorators.push(text);
      else if (groups.length) groups[groups.length - 1].push(text);
      continue;
    }
    if (text.startsWith('@')) {
      pendingDecorators.push(text);
      continue;
    }
    groups.push([...pendingDecorators, text]);
    pendingDecorators = [];
  }
  if (pendingDecorators.length) groups.push(pendingDecorators);
  return groups.map((g) => classify(trimTrailingBlank(g).join('\n')));
}

function trimTrailingBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 1 && !out[out.length - 1].trim()) out.pop();
  return out;
}

function classify(text: string): PythonStatement {
  const head = text.split('\n').find((l) => !l.startsWith('@')) ?? text;
  let m = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(head);
  if (m) return { kind: 'def', names: [m[1]], text };
  m = /^class\s+([A-Za-z_]\w*)/.exec(head);
  if (m) return { kind: 'class', names: [m[1]], text };
  if (/^#/.test(head)) return { kind: 'comment', names: [], text };
  if (/^if\s+__name__\s*==/.test(head)) return { kind: 'main-guard', names: [], text };
  m = /^import\s+(.+)$/.exec(head);
  if (m) return { kind: 'import', names: m[1].split(',').map((p) => (p.trim().split(/\s+as\s+/)[1] ?? p.trim().split('.')[0]).trim()), text };
  m = /^from\s+\S+\s+import\s+\(?([^)]*)\)?/.exec(text.replace(/\n/g, ' '));
  if (m) return { kind: 'import', names: m[1].split(',').map((p) => (p.trim().split(/\s+as\s+/)[1] ?? p.trim()).trim()).filter(Boolean), text };
  m = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]+)?=(?!=)/.exec(head);
  if (m) return { kind: 'assign', names: m[1].split(',').map((s) => s.trim()), text };
  return { kind: 'other', names: [], text };
}

/** Identifiers `code` mentions outside strings and comments. */
export function referencedNames(code: string): Set<string> {
  const stripped = code.replace(/#[^\n]*/g, '').replace(/("""|''')[\s\S]*?\1|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '""');
  // `x.count` mentions `x`, not a module-level `count`; `sorted(r, reverse=True)` and `y = 1` bind or name, not read.
  const reads = stripped.replace(/\.\s*[A-Za-z_]\w*/g, '').replace(/\b[A-Za-z_]\w*\s*=(?!=)/g, '');
  return new Set(reads.match(/[A-Za-z_]\w*/g) ?? []);
}

/**
 * Statements the `roots` need: defs, classes, assignments and imports whose
 * names the kept code mentions, followed transitively. Order is preserved.
 */
export function neededStatements(roots: PythonStatement[], candidates: PythonStatement[]): PythonStatement[] {
  const kept = new Set<PythonStatement>(roots);
  let changed = true;
  while (changed) {
    changed = false;
    const refs = new Set<string>();
    for (const s of kept) for (const n of referencedNames(s.text)) refs.add(n);
    for (const s of candidates) {
      if (kept.has(s) || s.names.length === 0) continue;
      if (s.kind === 'other' || s.kind === 'main-guard' || s.kind === 'comment') continue;
      if (s.names.some((n) => refs.has(n))) {
        kept.add(s);
        changed = true;
      }
    }
  }
  return candidates.filter((s) => kept.has(s));
}
