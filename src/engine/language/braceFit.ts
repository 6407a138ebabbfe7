import type { LocatedFunction } from '../locate/types';
import { minIndent, reindent, trimBlankLines } from '../extract/indent';
import { braceBalanceProblem, braceLiteralLines, hasCode, listBraceFunctions, locateBraceFunction, mentionedNames, topLevelValues, unopenedBrace, type BraceGrammar } from './braceFunctions';
import type { FitResult, FitTarget } from './languageSupport';

/** A top-level definition kept from the answer: offsets into the dedented code, names it binds. */
interface Piece {
  names: string[];
  start: number;
  end: number;
  indent: number;
}

function shift(grammar: BraceGrammar, code: string, from: number, to: string): string {
  return reindent(code, from, to, braceLiteralLines(grammar, code));
}

/**
 * A whole-function replacement from braced-language code.
 *
 * Rule: the definition of `name` is kept, plus — for a top-level target — the
 * other top-level functions and constants it uses (transitively), before it. Imports,
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
  // The target, then what it needs at top level: helper functions and the constants they
  // read (`const SMALL = new Set([...])` above the function), found by the names they bind.
  const pieces: Piece[] = [{ names: [name], start: located.range.start, end: located.range.end, indent: located.indent.length }];
  if (target.indent === '' && located.indent === '') {
    const helpers: Piece[] = [
      ...listBraceFunctions(grammar, dedented)
        .filter((n) => n !== name)
        .map((n) => locateBraceFunction(grammar, dedented, n))
        .filter((f): f is LocatedFunction => f !== undefined && f.indent === '')
        .map((f) => ({ names: [f.name], start: f.range.start, end: f.range.end, indent: 0 })),
      ...topLevelValues(grammar, dedented).map((v) => ({ ...v, indent: 0 })),
    ];
    let grew = true;
    while (grew) {
      grew = false;
      const refs = new Set(pieces.flatMap((p) => [...mentionedNames(grammar, dedented.slice(p.start, p.end))]));
      for (const h of helpers) {
        if (!pieces.includes(h) && h.names.some((n) => refs.has(n))) {
          pieces.push(h);
          grew = true;
        }
      }
    }
  }
  const [targetPiece] = pieces;
  pieces.sort((a, b) => (a === targetPiece ? 1 : b === targetPiece ? -1 : a.start - b.start));
  const joined = pieces.map((p) => shift(grammar, dedented.slice(p.start, p.end).trimEnd(), p.indent, '')).join('\n\n');
  const problem = braceBalanceProblem(grammar, joined);
  if (problem) return { ok: false, reason: `the function does not parse: ${problem}` };
  const notes = pieces.length > 1 ? [`kept helper(s) ${pieces.filter((p) => p !== targetPiece).map((p) => p.names.join(', ')).join(', ')}`] : [];
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
