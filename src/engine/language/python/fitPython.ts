import type { FitResult, FitTarget } from '../languageSupport';
import { minIndent, reindent, trimBlankLines } from '../../extract/indent';
import { keepPythonDocstring } from './keepDocstring';
import { locatePythonFunction, pythonParameters } from './locatePython';
import { pythonBalanceProblem, pythonLines } from './pythonLines';
import { boundNames } from './pythonNames';
import { neededStatements, splitTopLevel, type PythonStatement } from './pythonStatements';

/** Python re-indentation: lines inside multi-line strings keep their whitespace. */
function shift(code: string, from: number, to: string): string {
  return reindent(code, from, to, pythonLines(code).map((l) => l.inString));
}

function dedent(code: string): string {
  return shift(code, minIndent(code, pythonLines(code).map((l) => l.inString)), '');
}

/**
 * A whole-function replacement from Python code.
 *
 * Rule: the `def name` the model wrote is kept, plus — for a top-level target —
 * the imports, helper defs/classes and module constants it refers to
 * (transitively), in the order the model wrote them — except what the file
 * already defines or imports outside the target, which is left as the file has
 * it. Everything else (usage examples, prints, asserts, `if __name__` blocks) is
 * dropped. For a nested target (a method) only the function itself is kept:
 * anything beside it would land inside the class. The file's docstring goes back
 * in when the candidate left it out.
 */
export function fitPythonFunction(code: string, name: string, target: FitTarget): FitResult {
  const { task, indent: targetIndent } = target;
  const rest = targetIndent === '' ? splitTopLevel(task.fileText.slice(0, task.range.start) + '\n' + task.fileText.slice(task.range.end)) : [];
  const notes: string[] = [];
  const dedented = dedent(code);
  const statements = splitTopLevel(dedented);
  let def = statements.find((s) => s.kind === 'def' && s.names[0] === name);
  let kept: PythonStatement[];
  if (def) {
    // What the file already has outside the target (a model echoing the whole file) stays as the file has it.
    const fileNames = new Set(rest.flatMap((s) => (s.kind === 'import' ? [] : s.names)));
    const fileImports = new Set(rest.filter((s) => s.kind === 'import').map((s) => s.text.replace(/\s+/g, ' ').trim()));
    const fresh = statements.filter((s) => s === def || (s.kind === 'import' ? !fileImports.has(s.text.replace(/\s+/g, ' ').trim()) : !s.names.some((n) => fileNames.has(n))));
    kept = targetIndent === '' ? neededStatements([def], fresh) : [def];
  } else {
    // Written as a method inside a class, or nested: take that def alone.
    const found = locatePythonFunction(dedented, name);
    if (!found) return { ok: false, reason: `the answer has no "def ${name}(…)"` };
    def = { kind: 'def', names: [name], text: shift(dedented.slice(found.range.start, found.range.end), found.indent.length, '') };
    kept = [def];
  }
  const dropped = statements.filter((s) => !kept.includes(s) && s.kind !== 'comment');
  if (dropped.length) notes.push(`dropped ${dropped.length} statement(s) outside the function (${[...new Set(dropped.map((s) => s.kind))].join(', ')})`);
  const joined = kept.map((s) => trimBlankLines(s.text)).join(kept.length > 1 ? '\n\n\n' : '\n');
  const problem = pythonBalanceProblem(joined);
  if (problem) return { ok: false, reason: `the function is not valid Python: ${problem}` };
  return { ok: true, code: keepPythonDocstring(task, shift(joined, 0, targetIndent)), notes };
}

/**
 * A body replacement from Python code.
 *
 * If the model wrote the whole `def name`, its statements after the docstring
 * are used. Otherwise the code is a raw body (HumanEval-style completion): it
 * ends at the first statement indented less than its first statement — a
 * following `def`, `class`, `if __name__`, `print`, `assert` or comment at the
 * margin. Helper defs/imports/constants found after the cut (or beside a whole
 * def) that the body refers to are moved into the body, before its statements,
 * since a body replacement cannot add module-level code.
 */
export function fitPythonBody(code: string, name: string | undefined, target: FitTarget): FitResult {
  const bodyIndent = target.indent;
  const parameters = name ? pythonParameters(target.task.fileText, name) : [];
  const notes: string[] = [];
  const clean = trimBlankLines(code);
  let body: string;
  let others: PythonStatement[] = [];
  const whole = name ? locatePythonFunction(clean, name) : undefined;
  if (whole) {
    body = clean.slice(whole.bodyRange.start, whole.bodyRange.end);
    if (whole.bodyRange.start > 0 && clean[whole.bodyRange.start - 1] !== '\n') body = whole.bodyIndent + body.trimStart();
    others = splitTopLevel(dedent(clean.slice(0, whole.range.start) + '\n' + clean.slice(whole.range.end)));
    notes.push('took the body of the full definition the model wrote');
  } else {
    const cut = cutRawBody(clean);
    body = cut.body;
    if (cut.rest.trim()) {
      others = splitTopLevel(dedent(cut.rest));
      const kinds = [...new Set(others.filter((s) => s.kind !== 'comment').map((s) => s.kind))];
      if (kinds.length) notes.push(`cut the completion where the body ended (then: ${kinds.join(', ')})`);
    }
  }
  const lines = pythonLines(body);
  if (!lines.some((l) => !l.blank && !l.commentOnly && !l.continuation)) return { ok: false, reason: 'the answer has no function body (no code statements)' };
  body = dropTrailingComments(body);
  // Module code that rebinds a parameter or a local (`arr = [5, 8]` as a usage example) must not move in.
  const local = new Set([...parameters, ...boundNames(body)]);
  const movable = others.filter((s) => s.names.every((n) => !local.has(n)));
  const helpers = neededStatements([{ kind: 'other', names: [], text: body }], movable).filter((s) => s.names[0] !== name);
  if (helpers.length) notes.push(`moved ${helpers.map((h) => h.names.join('/')).join(', ')} into the body`);
  // The first statement sets the body's indentation; a stray shallower comment must not shift the rest.
  const bodyLines = pythonLines(body);
  const firstStatement = bodyLines.find((l) => !l.blank && !l.commentOnly && !l.continuation);
  const width = firstStatement?.indent ?? minIndent(body, bodyLines.map((l) => l.inString));
  const parts = [...helpers.map((h) => shift(trimBlankLines(h.text), 0, bodyIndent)), shift(trimBlankLines(body), width, bodyIndent)];
  const joined = parts.join('\n');
  const problem = pythonBalanceProblem(joined);
  if (problem) return { ok: false, reason: `the body is not valid Python: ${problem}` };
  return { ok: true, code: joined, notes };
}

/** Splits a raw completion into the body and whatever follows it at a shallower indentation. */
function cutRawBody(code: string): { body: string; rest: string } {
  const lines = pythonLines(code);
  const first = lines.find((l) => !l.blank && !l.commentOnly);
  if (!first) return { body: code, rest: '' };
  if (first.indent === 0) {
    // An unindented body cannot be told apart from module code by indentation; only a main guard ends it.
    const guard = splitTopLevel(code).find((s) => s.kind === 'main-guard');
    const at = guard ? code.indexOf(guard.text) : -1;
    return at >= 0 ? { body: code.slice(0, at), rest: code.slice(at) } : { body: code, rest: '' };
  }
  for (const line of lines) {
    if (line.continuation || line.blank || line.commentOnly || line.start < first.start) continue;
    if (line.indent < first.indent) return { body: code.slice(0, line.start), rest: code.slice(line.start) };
  }
  return { body: code, rest: '' };
}

/** Comment-only and blank lines after the last statement (CodeGen pads with `####…`). */
function dropTrailingComments(body: string): string {
  const lines = pythonLines(body);
  let last = lines.length - 1;
  while (last > 0 && !lines[last].continuation && (lines[last].blank || lines[last].commentOnly)) last--;
  return body.slice(0, lines[last].end);
}
