import type { LocatedFunction } from '../locate/types';
import { minIndent, reindent, trimBlankLines } from '../extract/indent';
import { braceBalanceProblem, braceLiteralLines, hasCode, listBraceFunctions, locateBraceFunction, mentionedNames, unopenedBrace, type BraceGrammar } from './braceFunctions';
import type { FitResult, FitTarget } from './languageSupport';

function shift(grammar: BraceGrammar, code: string, from: number, to: string): string {
  return reindent(code, from, to, braceLiteralLines(grammar, code));
}

/**
 * A whole-function replacement from braced-language code.
 *
 * Rule: the definition of `name` is kept, plus — for a top-level target — the
 * other top-level functions it calls (transitively), before it. Imports,
 * usage examples and `console.log` lines are dropped: imports must already be
 * in the file, since a replacement mid-file cannot add them.
 */
export function fitBraceFunction(grammar: BraceGrammar, code: string, name: string, target: FitTarget): FitResult {
  const dedented = shift(grammar, code, minIndent(code, braceLiteralLines(grammar, code)), '');
  const located = locateBraceFunction(grammar, dedented, name);
  if (!located) {
    // Unbalanced code hides the function from the parser; say why rather than "missing".
    const problem = braceBalanceProblem(grammar, dedented);
    return { ok: false, reason: problem ? `the code does not parse: ${problem}` : `the answer has no function "${name}"` };
  }
  const text = (f: LocatedFunction): string => dedented.slice(f.range.start, f.range.end);
  const kept = [located];
  if (target.indent === '' && located.indent === '') {
    const helpers = listBraceFunctions(grammar, dedented)
      .filter((n) => n !== name)
      .map((n) => locateBraceFunction(grammar, dedented, n))
      .filter((f): f is LocatedFunction => f !== undefined && f.indent === '');
    let grew = true;
    while (grew) {
      grew = false;
      const refs = new Set(kept.flatMap((f) => [...mentionedNames(grammar, text(f))]));
      for (const h of helpers) {
        if (!kept.includes(h) && refs.has(h.name)) {
          kept.push(h);
          grew = true;
        }
      }
    }
  }
  kept.sort((a, b) => (a === located ? 1 : b === located ? -1 : a.range.start - b.range.start));
  const joined = kept.map((f) => shift(grammar, text(f), f.indent.length, '')).join('\n\n');
  const problem = braceBalanceProblem(grammar, joined);
  if (problem) return { ok: false, reason: `the function does not parse: ${problem}` };
  const notes = kept.length > 1 ? [`kept helper(s) ${kept.filter((f) => f !== located).map((f) => f.name).join(', ')}`] : [];
  return { ok: true, code: shift(grammar, joined, 0, target.indent), notes };
}

/**
 * A body replacement from braced-language code: the body of `name` if the model
 * wrote the whole function, else the code up to the first `}` that closes a brace
 * it never opened (the model closing the function it was completing).
 */
export function fitBraceBody(grammar: BraceGrammar, code: string, name: string | undefined, target: FitTarget): FitResult {
  const notes: string[] = [];
  let body = trimBlankLines(code);
  const whole = name ? locateBraceFunction(grammar, body, name) : undefined;
  if (whole) {
    body = body.slice(whole.bodyRange.start, whole.bodyRange.end);
    notes.push('took the body of the full definition the model wrote');
  } else {
    const cut = unopenedBrace(grammar, body);
    if (cut !== undefined) {
      body = body.slice(0, cut);
      notes.push('cut the completion at the brace closing the function');
    }
  }
  body = trimBlankLines(body);
  if (!hasCode(grammar, body)) return { ok: false, reason: 'the answer has no function body (no code statements)' };
  const problem = braceBalanceProblem(grammar, body);
  if (problem) return { ok: false, reason: `the body does not parse: ${problem}` };
  return { ok: true, code: shift(grammar, body, minIndent(body, braceLiteralLines(grammar, body)), target.indent), notes };
}
