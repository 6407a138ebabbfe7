import type { Task } from '../task';
import { fitJsBody, fitJsFunction } from './fitJs';
import { locatePythonFunction } from '../locate/pythonLocator';
import { fitPythonBody, fitPythonFunction, pythonParameters } from './fitPython';
import { keepPythonDocstring } from './keepDocstring';
import { splitTopLevel } from './pythonStatements';
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
 * to the target kind and indentation. Python syntax beyond brackets and
 * quotes is left to the verifier, which reports a collection error.
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

function fit(task: Task, code: string): { ok: true; code: string; notes: string[] } | { ok: false; reason: string } {
  const python = task.language === 'python';
  const js = task.language === 'javascript' || task.language === 'typescript';
  if (task.targetKind === 'function' && task.functionName && (python || js)) {
    const indent = indentAt(task.fileText, task.range.start);
    if (!python) return fitJsFunction(code, task.functionName, indent);
    const outside = indent === '' ? splitTopLevel(task.fileText.slice(0, task.range.start) + '\n' + task.fileText.slice(task.range.end)) : [];
    const fitted = fitPythonFunction(code, task.functionName, indent, outside);
    return fitted.ok ? { ...fitted, code: keepPythonDocstring(task, fitted.code) } : fitted;
  }
  if (task.targetKind === 'body' && (python || js)) {
    const indent = bodyIndentOf(task);
    if (!python) return fitJsBody(code, task.functionName, indent);
    const located = task.functionName ? locatePythonFunction(task.fileText, task.functionName) : undefined;
    return fitPythonBody(code, task.functionName, indent, located ? pythonParameters(located.signature) : []);
  }
  // A selection (or an unknown language) is replaced verbatim, re-indented to where it sits.
  const trimmed = trimBlankLines(code);
  return { ok: true, code: reindent(trimmed, minIndent(trimmed, python), indentAt(task.fileText, task.range.start), python), notes: [] };
}

/** Indentation of the target body: its first line's, else one level below the line before it. */
export function bodyIndentOf(task: Task): string {
  const target = task.fileText.slice(task.range.start, task.range.end);
  const firstLine = target.split('\n').find((l) => l.trim());
  if (firstLine && task.range.start > 0 && task.fileText[task.range.start - 1] === '\n') return /^[ \t]*/.exec(firstLine)?.[0] ?? '';
  const before = task.fileText.slice(0, task.range.start).split('\n');
  const previous = before.reverse().find((l) => l.trim()) ?? '';
  const indent = /^[ \t]*/.exec(previous)?.[0] ?? '';
  const step = task.language === 'python' ? '    ' : '  ';
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
  const lines = text.split('\n');
  const start =
    task.language === 'python'
      ? /^\s*(?:@|(?:async\s+)?def\s|class\s|import\s|from\s+\S+\s+import\s)/
      : /^\s*(?:(?:export\s+)?(?:async\s+)?function\b|(?:export\s+)?(?:const|let|var|class)\s|import\s)/;
  if (task.targetKind !== 'function') return text;
  const index = lines.findIndex((l) => start.test(l));
  return index > 0 ? lines.slice(index).join('\n') : text;
}
