import type { CheatsheetItem } from '../cheatsheet/types';
import { targetContextFor, workspaceFileReader, type ProjectFileReader } from '../language/context';
import type { ChatMessage } from '../model/types';
import { countTokens } from '../tokens';
import { targetText, type Task } from '../task';
import { fenceFor } from '../extract/fenceFor';
import { fenceTagOf } from '../language/registry';
import { fileView } from './fileView';
import { fitSections, specNotShown } from './relatedSections';
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
  /** Related tests, callers and signatures found but left out to fit the budget. */
  relatedOmitted: number;
}

/** Options of {@link buildPrompt}. */
export interface PromptOptions {
  /** Whole prompt budget; the surrounding code is trimmed to fit it. */
  promptTokenBudget: number;
  /** Show the project's tests that exercise the target (`Task.relatedTests`); default true. */
  includeTests?: boolean;
  /** Reads the project's files for the signatures of imported symbols; default: files under the workspace root. */
  readProjectFile?: ProjectFileReader;
}

const TARGET_START = '<<<TARGET START>>>';
const TARGET_END = '<<<TARGET END>>>';
/** Share of the budget left after the fixed parts that related material may take before the nearest lines get the rest. */
const RELATED_SHARE = 0.6;

/**
 * Builds the chat messages for a task. The stable part comes first — the system prompt with
 * the output contract, then the cheatsheet items — so providers with prompt caching reuse it;
 * the task-specific part follows: file path, the file around the target (its callers and the
 * definitions it uses kept however far they are, then the nearest lines, to the token budget),
 * the signatures of project symbols it imports, the tests that exercise it, the spec when the
 * code shown does not already hold it, and the test command.
 */
export async function buildPrompt(task: Task, cheatsheetItems: CheatsheetItem[], options: PromptOptions): Promise<BuiltPrompt> {
  const sheet = cheatsheetSection(cheatsheetItems);
  const system = sheet ? `${systemPrompt(task.language, task.targetKind)}\n\n${sheet}` : systemPrompt(task.language, task.targetKind);
  const tag = fenceTagOf(task.language);
  const head = `File: ${task.filePath}\nLanguage: ${task.language}\n`;
  const target = targetText(task);
  const name = task.functionName ? ` \`${task.functionName}\`` : '';
  const ask =
    task.targetKind === 'function'
      ? `Rewrite the function${name} between the markers.`
      : task.targetKind === 'body'
        ? `Write the body of the function${name}; the body goes between the markers (what is there now is replaced).`
        : 'Rewrite the code between the markers.';
  const command = `The tests run with: \`${task.testCommand}\``;
  const closing = `${ask} Reply with one \`\`\`${tag} block as the system message says.`;
  const specText = `Specification:\n${task.spec.trim()}`;
  const fixed = [system, head, target, specText, command, closing].reduce((sum, part) => sum + countTokens(part), 40);
  const room = Math.max(0, options.promptTokenBudget - fixed);

  const context = await targetContextFor(task, options.readProjectFile ?? workspaceFileReader(task.workspaceRoot));
  const tests = options.includeTests === false ? [] : (task.relatedTests ?? []);
  const sections = fitSections(task, context.importedSymbols, tests, Math.floor(room * RELATED_SHARE));
  const view = fileView(task, context.relatedSpans, room - sections.tokens, Math.max(0, Math.floor(room * RELATED_SHARE) - sections.tokens));
  const code = `${view.before}${TARGET_START}\n${target}\n${TARGET_END}${view.after}`;
  // The docstring is the usual spec and the code already shows it: send it once.
  const spec = specNotShown(task.spec, code);
  const tail = [...sections.texts, ...(spec ? [`Specification:\n${spec}`] : []), command, closing].join('\n\n');
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
    contextLinesOmitted: view.omitted,
    relatedOmitted: sections.omitted + view.spansLeftOut,
  };
}
