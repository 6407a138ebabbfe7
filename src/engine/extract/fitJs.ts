import { listJsFunctions, locateJsFunction } from '../locate/jsLocator';
import { jsBalanceProblem, scanJs } from '../locate/jsScanner';
import type { FitResult } from './fitPython';
import { minIndent, reindent, trimBlankLines } from './indent';

/**
 * A whole-function replacement from JavaScript/TypeScript code.
 *
 * Rule: the definition of `name` is kept, plus — for a top-level target — the
 * other top-level functions it calls (transitively), before it. Imports,
 * usage examples and `console.log` lines are dropped: imports must already be
 * in the file, since a replacement mid-file cannot add them.
 */
export function fitJsFunction(code: string, name: string, targetIndent: string): FitResult {
  const dedented = reindent(code, minIndent(code, false), '', false);
  const target = locateJsFunction(dedented, name);
  if (!target) {
    // Unbalanced code hides the function from the locator; say why rather than "missing".
    const problem = jsBalanceProblem(dedented);
    return { ok: false, reason: problem ? `the code does not parse: ${problem}` : `the answer has no function "${name}"` };
  }
  const text = (f: { range: { start: number; end: number } }): string => dedented.slice(f.range.start, f.range.end);
  const kept = [target];
  if (targetIndent === '' && target.indent === '') {
    const helpers = listJsFunctions(dedented)
      .filter((n) => n !== name)
      .map((n) => locateJsFunction(dedented, n))
      .filter((f): f is NonNullable<typeof f> => f !== undefined && f.indent === '');
    let grew = true;
    while (grew) {
      grew = false;
      const refs = new Set(kept.flatMap((f) => text(f).match(/[A-Za-z_$][\w$]*/g) ?? []));
      for (const h of helpers) {
        if (!kept.includes(h) && refs.has(h.name)) {
          kept.push(h);
          grew = true;
        }
      }
    }
  }
  kept.sort((a, b) => (a === target ? 1 : b === target ? -1 : a.range.start - b.range.start));
  const joined = kept.map((f) => reindent(text(f), f.indent.length, '', false)).join('\n\n');
  const problem = jsBalanceProblem(joined);
  if (problem) return { ok: false, reason: `the function does not parse: ${problem}` };
  const notes = kept.length > 1 ? [`kept helper(s) ${kept.filter((f) => f !== target).map((f) => f.name).join(', ')}`] : [];
  return { ok: true, code: reindent(joined, 0, targetIndent, false), notes };
}

/**
 * A body replacement from JavaScript/TypeScript code: the body of `name` if the
 * model wrote the whole function, else the code up to the first `}` that closes
 * a brace it never opened (the model closing the function it was completing).
 */
export function fitJsBody(code: string, name: string | undefined, bodyIndent: string): FitResult {
  const notes: string[] = [];
  let body = trimBlankLines(code);
  const whole = name ? locateJsFunction(body, name) : undefined;
  if (whole) {
    body = body.slice(whole.bodyRange.start, whole.bodyRange.end);
    notes.push('took the body of the full definition the model wrote');
  } else {
    const cut = scanJs(body, 0, undefined, true);
    if (cut.underflow && cut.end < body.length) {
      body = body.slice(0, cut.end);
      notes.push('cut the completion at the brace closing the function');
    }
  }
  body = trimBlankLines(body);
  if (!body.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim()) return { ok: false, reason: 'the answer has no function body (no code statements)' };
  const problem = jsBalanceProblem(body);
  if (problem) return { ok: false, reason: `the body does not parse: ${problem}` };
  return { ok: true, code: reindent(body, minIndent(body, false), bodyIndent, false), notes };
}
