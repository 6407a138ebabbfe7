import type { SymbolSummary } from '../language/context';
import { scrubForModel } from '../secrets/scrubOutput';
import { countTokens } from '../tokens';
import type { RelatedTest, Task } from '../task';
import { fenceFor } from '../extract/fenceFor';
import { fenceTagOf } from '../language/registry';

/** The prompt sections beside the file: imported signatures and related tests, fitted to a budget. */
export interface FittedSections {
  texts: string[];
  tokens: number;
  /** Items left out for want of budget. */
  omitted: number;
}

/**
 * The signatures of the project symbols the target imports, then the tests that exercise it,
 * each item whole or not at all, within `budget` tokens. Signatures go first: they are short
 * and the model cannot guess them; tests come in the order the language layer found them.
 */
export function fitSections(task: Task, symbols: readonly SymbolSummary[], tests: readonly RelatedTest[], budget: number): FittedSections {
  const tag = fenceTagOf(task.language);
  const comment = task.language === 'python' ? '#' : '//';
  const name = task.functionName ? ` \`${task.functionName}\`` : '';
  let tokens = 0;
  let omitted = 0;
  const section = (title: string, items: string[]): string | undefined => {
    const kept: string[] = [];
    // The title and fence cost a few tokens; counted once the first item is in.
    const frame = countTokens(title) + 8;
    for (const item of items) {
      const cost = countTokens(item) + 1 + (kept.length === 0 ? frame : 0);
      if (tokens + cost > budget) {
        omitted++;
        continue;
      }
      tokens += cost;
      kept.push(item);
    }
    if (!kept.length) return undefined;
    const body = kept.join('\n\n');
    // Tests and docstrings often hold fenced examples: the fence must outlast them.
    const fence = fenceFor(body);
    return `${title}\n${fence}${tag}\n${body}\n${fence}`;
  };
  // Other files' text reaches the model only here: a key in a config constant or a test fixture is masked first.
  const texts = [
    section(`Signatures of the project code${name} uses (bodies left out):`, symbols.map((s) => scrubForModel(`${comment} ${s.file}\n${s.text}`))),
    section(`Tests in the project that exercise${name || ' the target'}:`, tests.map((t) => scrubForModel(`${comment} ${t.id}\n${t.text.trimEnd()}`))),
  ].filter((t): t is string => t !== undefined);
  return { texts, tokens, omitted };
}

/** Text reduced to its words: no comment decoration (`*`, `#`, `//`), quotes or layout. */
function words(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:\*+|#+|\/\/+)\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The paragraphs of `spec` the code does not already show. The spec is usually the target's
 * docstring, which the code shown holds: sending it again costs tokens and says nothing new.
 * An instruction the user added is not in the code and stays. '' when nothing is left.
 */
export function specNotShown(spec: string, code: string): string {
  const shown = words(code);
  return spec
    .trim()
    .split(/\n\s*\n/)
    .filter((paragraph) => {
      const w = words(paragraph);
      return w !== '' && !shown.includes(w);
    })
    .join('\n\n');
}
