import type { CheatsheetItem } from '../cheatsheet/types';
import { displayNameOf, fenceTagOf } from '../language/registry';
import type { Language, TargetKind } from '../task';

/**
 * The output contract. It depends only on the language and target kind, so it
 * is byte-identical across the candidates of a run and across runs on similar
 * targets: providers cache the prompt prefix it starts.
 */
export function systemPrompt(language: Language, kind: TargetKind): string {
  const lang = displayNameOf(language);
  const tag = fenceTagOf(language);
  const what =
    kind === 'function'
      ? `the complete replacement function: signature, docstring or comment, and body. Helper functions and imports may come before it in the same block; for a top-level function those it uses are kept beside it, in your order, for a method only the method itself is kept, so nest helpers inside it.`
      : kind === 'body'
        ? `only the function's body: the statements that follow the signature and docstring, indented as in the file. The signature and docstring stay as they are. Helpers the body needs must be defined inside it (a helper written beside it is moved into the body).`
        : `the complete replacement for the selected code, nothing more.`;
  return [
    `You are an expert ${lang} programmer. You write code that passes the project's unit tests.`,
    '',
    'Output contract:',
    `- Answer with exactly one fenced code block (\`\`\`${tag}) containing ${what}`,
    '- Do not include tests, usage examples, prints or a main block: they are removed.',
    '- Keep the existing names, signature and behaviour the tests rely on; do not change code outside the target.',
    '- Outside the code block, at most two short sentences.',
  ].join('\n');
}

/** The cheatsheet section of the stable prefix; '' when there are no items. */
export function cheatsheetSection(items: CheatsheetItem[]): string {
  if (items.length === 0) return '';
  const lines = items.map((item) => `- [${item.kind}] ${item.text.trim().replace(/\n/g, '\n  ')}`);
  return ['Cheatsheet (insights that passed tests on earlier tasks; use them when they apply):', ...lines].join('\n');
}
