import { locatePythonFunction } from '../locate/pythonLocator';
import { scanPythonLines, pythonBalanceProblem } from '../locate/pythonLines';
import { minIndent, reindent, trimBlankLines } from './indent';
import { neededStatements, splitTopLevel, type PythonStatement } from './pythonStatements';

/** Extraction outcome: the replacement text or why there is none. */
export type FitResult = { ok: true; code: string; notes: string[] } | { ok: false; reason: string };

/**
 * A whole-function replacement from Python code.
 *
 * Rule: the `def name` the model wrote is kept, plus — for a top-level target —
 * the imports, helper defs/classes and module constants it refers to
 * (transitively), in the order the model wrote them — except what the
 * file already defines or imports outside the target (`rest`), which is left as
 * the file has it. Everything else (usage examples, prints, asserts,
 * `if __name__` blocks) is dropped. For a
 * nested target (a method) only the function itself is kept: anything beside
 * it would land inside the class.
 */
export function fitPythonFunction(code: string, name: string, targetIndent: string, rest: PythonStatement[] = []): FitResult {
  const notes: string[] = [];
  const dedented = reindent(code, minIndent(code, true), '', true);
  const statements = splitTopLevel(dedented);
  let target = statements.find((s) => s.kind === 'def' && s.names[0] === name);
  let kept: PythonStatement[];
  if (target) {
    // What the file already has outside the target (a model echoing the whole file) stays as the file has it.
    const fileNames = new Set(rest.flatMap((s) => (s.kind === 'import' ? [] : s.names)));
    const fileImports = new Set(rest.filter((s) => s.kind === 'import').map((s) => s.text.replace(/\s+/g, ' ').trim()));
    const fresh = statements.filter((s) => s === target || (s.kind === 'import' ? !fileImports.has(s.text.replace(/\s+/g, ' ').trim()) : !s.names.some((n) => fileNames.has(n))));
    kept = targetIndent === '' ? neededStatements([target], fresh) : [target];
  } else {
    // Written as a method inside a class, or nested: take that def alone.
    const found = locatePythonFunction(dedented, name);
    if (!found) return { ok: false, reason: `the answer has no "def ${name}(…)"` };
    const text = dedented.slice(found.range.start, found.range.end);
    target = { kind: 'def', names: [name], text: reindent(text, found.indent.length, '', true) };
    kept = [target];
  }
  const dropped = statements.filter((s) => !kept.includes(s) && s.kind !== 'comment');
  if (dropped.length) notes.push(`dropped ${dropped.length} statement(s) outside the function (${[...new Set(dropped.map((s) => s.kind))].join(', ')})`);
  const joined = kept.map((s) => trimBlankLines(s.text)).join(kept.length > 1 ? '\n\n\n' : '\n');
  const problem = pythonBalanceProblem(joined);
  if (problem) return { ok: false, reason: `the function is not valid Python: ${problem}` };
  return { ok: true, code: reindent(joined, 0, targetIndent, true), notes };
}

/**
 * A body replacement from Python code.
 *
 * If the model wrote the whole `def name`, its statements after the docstring
 * are used. Otherwise the code is a raw body (HumanEval-style completion): it
 * ends at the first line indented less than its first statement — a following
 * `def`, `class`, `if __name__`, `print`, `assert` or comment at the margin.
 * Helper defs/imports/constants found after the cut (or beside a whole def) that
 * the body refers to are moved into the body, before its statements, since a
 * body replacement cannot add module-level code.
 */
export function fitPythonBody(code: string, name: string | undefined, bodyIndent: string, parameters: string[] = []): FitResult {
  const notes: string[] = [];
  const clean = trimBlankLines(code);
  let body: string;
  let others: PythonStatement[] = [];
  const whole = name ? locatePythonFunction(clean, name) : undefined;
  if (whole) {
    body = clean.slice(whole.bodyRange.start, whole.bodyRange.end);
    if (whole.bodyRange.start > 0 && clean[whole.bodyRange.start - 1] !== '\n') body = whole.bodyIndent + body.trimStart();
    const outside = clean.slice(0, whole.range.start) + '\n' + clean.slice(whole.range.end);
    others = splitTopLevel(reindent(outside, minIndent(outside, true), '', true));
    notes.push('took the body of the full definition the model wrote');
  } else {
    const cut = cutRawBody(clean);
    body = cut.body;
    if (cut.rest.trim()) {
      others = splitTopLevel(reindent(cut.rest, minIndent(cut.rest, true), '', true));
      const kinds = [...new Set(others.filter((s) => s.kind !== 'comment').map((s) => s.kind))];
      if (kinds.length) notes.push(`cut the completion where the body ended (then: ${kinds.join(', ')})`);
    }
  }
  if (!hasStatement(body)) return { ok: false, reason: 'the answer has no function body (no code statements)' };
  body = dropTrailingComments(body);
  // Module code that rebinds a parameter or a local (`arr = [5, 8]` as a usage example) must not move in.
  const local = new Set([...parameters, ...assignedNames(body)]);
  const movable = others.filter((s) => s.names.every((n) => !local.has(n)));
  const helpers = neededStatements([{ kind: 'other', names: [], text: body }], movable).filter((s) => s.names[0] !== name);
  if (helpers.length) notes.push(`moved ${helpers.map((h) => h.names.join('/')).join(', ')} into the body`);
  // The first statement sets the body's indentation; a stray shallower comment must not shift the rest.
  const firstStatement = scanPythonLines(body).lines.find((l) => !l.blank && !l.commentOnly && !l.continuation);
  const width = firstStatement?.indent ?? minIndent(body, true);
  const parts = [...helpers.map((h) => reindent(trimBlankLines(h.text), 0, bodyIndent, true)), reindent(trimBlankLines(body), width, bodyIndent, true)];
  const joined = parts.join('\n');
  const problem = pythonBalanceProblem(joined);
  if (problem) return { ok: false, reason: `the body is not valid Python: ${problem}` };
  return { ok: true, code: joined, notes };
}

/** Splits a raw completion into the body and whatever follows it at a shallower indentation. */
function cutRawBody(code: string): { body: string; rest: string } {
  const { lines } = scanPythonLines(code);
  const first = lines.find((l) => !l.blank && !l.commentOnly);
  if (!first) return { body: code, rest: '' };
  if (first.indent === 0) {
    // An unindented body cannot be told apart from module code by indentation; only a main guard ends it.
    const guard = lines.find((l) => !l.continuation && /^if\s+__name__\s*==/.test(code.slice(l.start, l.end)));
    return guard ? { body: code.slice(0, guard.start), rest: code.slice(guard.start) } : { body: code, rest: '' };
  }
  for (const line of lines) {
    if (line.continuation || line.blank || line.commentOnly || line.start < first.start) continue;
    if (line.indent < first.indent) return { body: code.slice(0, line.start), rest: code.slice(line.start) };
  }
  return { body: code, rest: '' };
}

/** Names a body binds by assignment, `for` or `with … as`. */
function assignedNames(body: string): string[] {
  const names: string[] = [];
  for (const m of body.matchAll(/^[ \t]*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=\n]+)?[-+*/%&|^]?=(?!=)/gm)) names.push(...m[1].split(',').map((n) => n.trim()));
  for (const m of body.matchAll(/\b(?:for|as)\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)/g)) names.push(...m[1].split(',').map((n) => n.trim()));
  for (const m of body.matchAll(/^[ \t]*import\s+([\w., \t]+)$/gm)) names.push(...m[1].split(',').map((p) => (p.trim().split(/\s+as\s+/)[1] ?? p.trim().split('.')[0]).trim()));
  for (const m of body.matchAll(/^[ \t]*from\s+\S+\s+import\s+([\w, \t]+)$/gm)) names.push(...m[1].split(',').map((p) => (p.trim().split(/\s+as\s+/)[1] ?? p.trim()).trim()));
  return names;
}

/** Comment-only and blank lines after the last statement (CodeGen pads with `####…`). */
function dropTrailingComments(body: string): string {
  const { lines } = scanPythonLines(body);
  let last = lines.length - 1;
  while (last > 0 && !lines[last].continuation && (lines[last].blank || lines[last].commentOnly)) last--;
  return body.slice(0, lines[last].end);
}

/** Parameter names of a Python signature such as `def f(a, b: int = 1, *args, **kw) -> T:`. */
export function pythonParameters(signature: string): string[] {
  const open = signature.indexOf('(');
  const close = signature.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const params: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of signature.slice(open + 1, close) + ',') {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      const m = /^\s*\**\s*([A-Za-z_]\w*)/.exec(current);
      if (m) params.push(m[1]);
      current = '';
    } else current += c;
  }
  return params;
}

function hasStatement(code: string): boolean {
  return scanPythonLines(code).lines.some((l) => !l.blank && !l.commentOnly && !l.continuation);
}
