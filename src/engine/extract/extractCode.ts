import type { FitResult } from '../language/languageSupport';
import { supportFor } from '../language/registry';
import type { Task } from '../task';
import { indentAt, minIndent, reindent, trimBlankLines } from './indent';
import { splitThinkTags } from '../model/reasoningText';
import { chooseBlock, findFencedBlocks } from './modelText';

/** What extraction made of one model answer. */
export type Extraction =
  | { ok: true; code: string; notes: string[] }
  | {
      ok: false;
      reason: string;
      /** Nothing but whitespace (or reasoning) came back. */
      empty: boolean;
    };

/**
 * The replacement for `task.range` from a model answer: reasoning stripped, the
 * right fenced block chosen (or the bare text when there is none), then fitted
 * to the target kind and indentation by the language's support. Syntax beyond
 * unclosed brackets and literals is left to the verifier, which reports it.
 */
export function extractCode(task: Task, content: string): Extraction {
  // The one reasoning splitter, the model client's: servers without a reasoning parser leave the tags in content.
  const text = splitThinkTags(content).content;
  if (!text.trim()) return { ok: false, reason: 'the answer is empty', empty: true };
  const blocks = findFencedBlocks(text);
  let code: string;
  const notes: string[] = [];
  if (blocks.length) {
    const block = chooseBlock(blocks, task.language, task.functionName);
    if (!block) return { ok: false, reason: 'the answer has only empty code blocks', empty: false };
    code = block.code;
    if (block.unclosed) notes.push('the code block was not closed (the answer may be cut off)');
  } else {
    code = dropLeadingProse(text, task);
  }
  if (!code.trim()) return { ok: false, reason: 'the answer has no code', empty: false };
  const fitted = fit(task, code.replace(/\r\n/g, '\n'));
  if (!fitted.ok) return { ok: false, reason: fitted.reason, empty: false };
  const placed = placeInRange(task, fitted.code);
  // Keep the file's line endings: a CRLF file gets CRLF lines back.
  const lines = task.fileText.includes('\r\n') ? placed.replace(/\r?\n/g, '\r\n') : placed;
  return { ok: true, code: lines, notes: [...notes, ...fitted.notes] };
}

function fit(task: Task, code: string): FitResult {
  const support = supportFor(task.language);
  if (support && task.targetKind === 'function' && task.functionName) return support.fitFunction(code, task.functionName, { task, indent: indentAt(task.fileText, task.range.start) });
  if (support && task.targetKind === 'body') return support.fitBody(code, task.functionName, { task, indent: bodyIndentOf(task) });
  // A selection (or an unknown language) is replaced verbatim, re-indented to where it sits.
  const trimmed = trimBlankLines(code);
  const literalLines = support?.literalLines(trimmed) ?? [];
  return { ok: true, code: reindent(trimmed, minIndent(trimmed, literalLines), indentAt(task.fileText, task.range.start), literalLines), notes: [] };
}

/** Indentation of the target body: its first line's, else one level below the line before it. */
export function bodyIndentOf(task: Task): string {
  const target = task.fileText.slice(task.range.start, task.range.end);
  const firstLine = target.split('\n').find((l) => l.trim());
  if (firstLine && task.range.start > 0 && task.fileText[task.range.start - 1] === '\n') return /^[ \t]*/.exec(firstLine)?.[0] ?? '';
  const before = task.fileText.slice(0, task.range.start).split('\n');
  const previous = before.reverse().find((l) => l.trim()) ?? '';
  const indent = /^[ \t]*/.exec(previous)?.[0] ?? '';
  const step = supportFor(task.language)?.indentUnit ?? '  ';
  return /[:{]\s*$/.test(previous) ? indent + step : indent;
}

/** Line breaks needed so an inserted body sits on its own lines. */
function placeInRange(task: Task, code: string): string {
  if (task.targetKind !== 'body') return code;
  const before = task.range.start > 0 ? task.fileText[task.range.start - 1] : '\n';
  const after = task.fileText[task.range.end];
  let out = code;
  if (before !== '\n') out = '\n' + out;
  if (task.range.start === task.range.end && after !== undefined && after !== '\n' && after !== '\r') out += '\n';
  return out;
}

/** Without fences, prose before the first line that looks like the start of code is dropped. */
function dropLeadingProse(text: string, task: Task): string {
  const start = supportFor(task.language)?.codeStart;
  if (task.targetKind !== 'function' || !start) return text;
  const lines = text.split('\n');
  const index = lines.findIndex((l) => start.test(l));
  return index > 0 ? lines.slice(index).join('\n') : text;
}
