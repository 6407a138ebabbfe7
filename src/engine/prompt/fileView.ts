import type { RelatedSpan } from '../language/context';
import { countTokens } from '../tokens';
import type { Task } from '../task';

/** The target's file as the prompt shows it: the code before and after the target, trimmed. */
export interface FileView {
  before: string;
  after: string;
  /** Lines left out. */
  omitted: number;
  /** Related spans left out whole, for want of budget. */
  spansLeftOut: number;
}

/** Lines of one side of the target and the file line each starts at. */
interface Side {
  lines: string[];
  /** File line of `lines[0]`. */
  firstLine: number;
  kept: Set<number>;
}

/**
 * The code around the target within `budget` tokens, in whole lines. The related spans come
 * first — the target's callers and the definitions it uses, however far they are — each whole
 * or not at all, within `relatedBudget`; the rest of the budget goes to the lines nearest the
 * target, before and after alternating so both sides keep their closest lines. Gaps read
 * `... (k lines omitted)`, so the model knows the file goes on.
 */
export function fileView(task: Task, spans: readonly RelatedSpan[], budget: number, relatedBudget: number): FileView {
  const beforeLines = task.fileText.slice(0, task.range.start).split('\n');
  // The target starts mid-line when the before-text does not end with a newline: keep that partial line whole.
  const partial = beforeLines.pop() ?? '';
  const afterLines = task.fileText.slice(task.range.end).split('\n');
  const afterFirst = afterLines.shift() ?? '';
  const targetEndLine = task.fileText.slice(0, task.range.end).split('\n').length - 1;
  const before: Side = { lines: beforeLines, firstLine: 0, kept: new Set() };
  const after: Side = { lines: afterLines, firstLine: targetEndLine + 1, kept: new Set() };
  let used = countTokens(partial) + countTokens(afterFirst);
  const cost = (line: string): number => countTokens(line) + 1;

  let relatedUsed = 0;
  let spansLeftOut = 0;
  for (const span of spans) {
    const lines: [Side, number][] = [];
    for (let line = span.startLine; line <= span.endLine; line++) {
      for (const side of [before, after]) {
        const at = line - side.firstLine;
        if (at >= 0 && at < side.lines.length && !side.kept.has(at)) lines.push([side, at]);
      }
    }
    const spanCost = lines.reduce((sum, [side, at]) => sum + cost(side.lines[at]), 0);
    if (relatedUsed + spanCost > relatedBudget || used + spanCost > budget) {
      spansLeftOut++;
      continue;
    }
    relatedUsed += spanCost;
    used += spanCost;
    for (const [side, at] of lines) side.kept.add(at);
  }

  let b = beforeLines.length - 1;
  let a = 0;
  let beforeOpen = true;
  let afterOpen = true;
  const grow = (side: Side, at: number): boolean => {
    if (side.kept.has(at)) return true;
    const c = cost(side.lines[at]);
    if (used + c > budget) return false;
    used += c;
    side.kept.add(at);
    return true;
  };
  while ((beforeOpen && b >= 0) || (afterOpen && a < afterLines.length)) {
    if (beforeOpen && b >= 0 && grow(before, b)) b--;
    else beforeOpen = false;
    if (afterOpen && a < afterLines.length && grow(after, a)) a++;
    else afterOpen = false;
  }
  const beforeText = render(before);
  const afterText = render(after);
  return {
    before: (beforeText ? beforeText + '\n' : '') + partial,
    after: afterFirst + (afterText ? '\n' + afterText : ''),
    omitted: before.lines.length - before.kept.size + after.lines.length - after.kept.size,
    spansLeftOut,
  };
}

/** A side's kept lines in order, each run of left-out lines as one `... (k lines omitted)` line. */
function render(side: Side): string {
  const out: string[] = [];
  let gap = 0;
  side.lines.forEach((line, at) => {
    if (!side.kept.has(at)) return void gap++;
    if (gap) out.push(`... (${gap} lines omitted)`);
    gap = 0;
    out.push(line);
  });
  if (gap) out.push(`... (${gap} lines omitted)`);
  return out.join('\n');
}
