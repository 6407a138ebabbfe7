import type { Language } from '../task';

/** A fenced code block found in model output. */
export interface FencedBlock {
  /** The info string's first word, lower-cased ('' when untagged). */
  lang: string;
  code: string;
  /** The closing fence was missing (the answer was cut off). */
  unclosed: boolean;
}

const LANG_TAGS: Record<Language, string[]> = {
  python: ['python', 'py', 'python3', 'py3'],
  javascript: ['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node', 'typescript', 'ts'],
  typescript: ['typescript', 'ts', 'tsx', 'javascript', 'js'],
  go: ['go', 'golang'],
  rust: ['rust', 'rs'],
  other: [],
};

/** Every ``` or ~~~ fenced block, in order; a final unclosed fence runs to the end. */
export function findFencedBlocks(text: string): FencedBlock[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^[ \t]*(`{3,}|~{3,})[ \t]*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(lines[j]);
    }
    blocks.push({ lang: open[2].toLowerCase().replace(/^\{?\.?/, '').replace(/\}$/, ''), code: body.join('\n'), unclosed: j >= lines.length });
    i = j;
  }
  return blocks;
}

/** Whether `code` seems to define function `name` in `language`. */
export function definesFunction(code: string, language: Language, name: string): boolean {
  const n = name.replace(/[$]/g, '\\$');
  if (language === 'python') return new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${n}[ \\t]*\\(`, 'm').test(code);
  return new RegExp(`(?:function[ \\t]*\\*?[ \\t]*${n}\\b|\\b${n}[ \\t]*(?::[^=\\n]+)?=[ \\t]*(?:async\\b|function\\b|\\(|[\\w$]+[ \\t]*=>)|^[ \\t]*(?:[a-z]+[ \\t]+)*${n}[ \\t]*\\()`, 'm').test(code);
}

/**
 * The block to use: blocks in the task's language (or untagged) first; among
 * them the last one that defines the function (a later block is usually the
 * model's correction of an earlier one), else the first of them. Blocks tagged
 * with another language (shell, output) are used only when nothing else exists.
 */
export function chooseBlock(blocks: FencedBlock[], language: Language, functionName: string | undefined): FencedBlock | undefined {
  const tags = LANG_TAGS[language];
  const inLanguage = blocks.filter((b) => b.lang !== '' && tags.includes(b.lang));
  const untagged = blocks.filter((b) => b.lang === '');
  const pool = inLanguage.length ? inLanguage : untagged.length ? untagged : blocks;
  const nonEmpty = pool.filter((b) => b.code.trim() !== '');
  if (functionName) {
    const defining = nonEmpty.filter((b) => definesFunction(b.code, language, functionName));
    if (defining.length) return defining[defining.length - 1];
  }
  return nonEmpty[0];
}
