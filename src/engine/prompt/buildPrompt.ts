import type { CheatsheetItem } from '../cheatsheet/types';
import type { ChatMessage } from '../model/types';
import { countTokens } from '../tokens';
import { targetText, type Task } from '../task';
import { fenceFor } from '../extract/fenceFor';
import { fenceTagOf } from '../language/registry';
import { cheatsheetSection, systemPrompt } from './systemPrompt';

/** The prompt for one run (every candidate of the run gets the same one). */
export interface BuiltPrompt {
  messages: ChatMessage[];
  /** Tokens of all messages, counted locally. */
  promptTokens: number;
  /** Ids of the cheatsheet items the prompt offers. */
  cheatsheetItemIds: string[];
  /** Context lines left out to fit the budget. */
  contextLinesOmitted: number;
}

/** Options of {@link buildPrompt}. */
export interface PromptOptions {
  /** Whole prompt budget; the surrounding code is trimmed to fit it. */
  promptTokenBudget: number;
}

const TARGET_START = '<<<TARGET START>>>';
const TARGET_END = '<<<TARGET END>>>';

/**
 * Builds the chat messages for a task. The stable part comes first — the
 * system prompt with the output contract, then the cheatsheet items — so
 * providers with prompt caching reuse it; the task-specific part follows: file
 * path, surrounding code (the lines nearest the target, trimmed to the token
 * budget), the target, the spec and the test command.
 */
export function buildPrompt(task: Task, cheatsheetItems: CheatsheetItem[], options: PromptOptions): BuiltPrompt {
  const sheet = cheatsheetSection(cheatsheetItems);
  const system = sheet ? `${systemPrompt(task.language, task.targetKind)}\n\n${sheet}` : systemPrompt(task.language, task.targetKind);
  const tag = fenceTagOf(task.language);
  const head = `File: ${task.filePath}\nLanguage: ${task.language}\n`;
  const target = targetText(task);
  const ask =
    task.targetKind === 'function'
      ? `Rewrite the function${task.functionName ? ` \`${task.functionName}\`` : ''} between the markers.`
      : task.targetKind === 'body'
        ? `Write the body of the function${task.functionName ? ` \`${task.functionName}\`` : ''}; the body goes between the markers (what is there now is replaced).`
        : 'Rewrite the code between the markers.';
  const tail = [
    `Specification:\n${task.spec.trim()}`,
    `The tests run with: \`${task.testCommand}\``,
    `${ask} Reply with one \`\`\`${tag} block as the system message says.`,
  ].join('\n\n');
  const fixed = countTokens(system) + countTokens(head) + countTokens(target) + countTokens(tail) + 40;
  const context = fitContext(task, Math.max(0, options.promptTokenBudget - fixed));
  const code = `${context.before}${TARGET_START}\n${target}\n${TARGET_END}${context.after}`;
  const fence = fenceFor(code);
  const user = `${head}\n${fence}${tag}\n${code}\n${fence}\n\n${tail}`;
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
  return {
    messages,
    promptTokens: countTokens(system) + countTokens(user) + 8,
    cheatsheetItemIds: cheatsheetItems.map((i) => i.id),
    contextLinesOmitted: context.omitted,
  };
}

/**
 * The code before and after the target within `budget` tokens, whole lines,
 * nearest the target first; before and after alternate so both sides keep
 * their closest lines.
 */
function fitContext(task: Task, budget: number): { before: string; after: string; omitted: number } {
  const beforeText = task.fileText.slice(0, task.range.start);
  const afterText = task.fileText.slice(task.range.end);
  // The target starts mid-line when the before-text does not end with a newline: keep that partial line whole.
  const beforeLines = beforeText.split('\n');
  const partial = beforeLines.pop() ?? '';
  const afterLines = afterText.split('\n');
  const afterFirst = afterLines.shift() ?? '';
  let used = countTokens(partial) + countTokens(afterFirst);
  const keptBefore: string[] = [];
  const keptAfter: string[] = [];
  let b = beforeLines.length - 1;
  let a = 0;
  let beforeOpen = true;
  let afterOpen = true;
  while ((beforeOpen && b >= 0) || (afterOpen && a < afterLines.length)) {
    if (beforeOpen && b >= 0) {
      const cost = countTokens(beforeLines[b]) + 1;
      if (used + cost <= budget) {
        used += cost;
        keptBefore.unshift(beforeLines[b--]);
      } else beforeOpen = false;
    } else beforeOpen = false;
    if (afterOpen && a < afterLines.length) {
      const cost = countTokens(afterLines[a]) + 1;
      if (used + cost <= budget) {
        used += cost;
        keptAfter.push(afterLines[a++]);
      } else afterOpen = false;
    } else afterOpen = false;
  }
  const omittedBefore = b + 1;
  const omittedAfter = afterLines.length - a;
  const before = (omittedBefore > 0 ? `... (${omittedBefore} lines omitted)\n` : '') + (keptBefore.length ? keptBefore.join('\n') + '\n' : '') + partial;
  const after = afterFirst + (keptAfter.length ? '\n' + keptAfter.join('\n') : '') + (omittedAfter > 0 ? `\n... (${omittedAfter} lines omitted)` : '');
  return { before, after, omitted: omittedBefore + omittedAfter };
}
