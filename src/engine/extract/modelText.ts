import { supportFor } from '../language/registry';
import type { Language } from '../task';

/** A fenced code block found in model output. */
export interface FencedBlock {
  /** The info string's first word, lower-cased ('' when untagged). */
  lang: string;
  code: string;
  /** The closing fence was missing (the answer was cut off). */
  unclosed: boolean;
}

/**
 * Every ``` or ~~~ fenced block, in order; a final unclosed fence runs to the end.
 * A fence line inside a block closes it only when it is bare, at most three columns
 * deeper than the opening fence (CommonMark's rule) and not the end of a fence the
 * block itself opened: a docstring's own ```pycon example stays part of the code.
 */
export function findFencedBlocks(text: string): FencedBlock[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body: string[] = [];
    let nested = 0;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const inner = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`]*)[ \t]*$/.exec(lines[j]);
      if (inner && inner[2][0] === fence[0] && inner[2].length >= fence.length) {
        if (inner[3]) nested++;
        else if (nested > 0) nested--;
        else if (inner[1].length <= open[1].length + 3) break;
      }
      body.push(lines[j]);
    }
    blocks.push({ lang: open[3].toLowerCase().replace(/^\{?\.?/, '').replace(/\}$/, ''), code: body.join('\n'), unclosed: j >= lines.length });
    i = j;
  }
  return blocks;
}

/** Whether `code` defines function `name` in `language`, by the language's parser. */
function definesFunction(code: string, language: Language, name: string): boolean {
  return supportFor(language)?.listFunctions(code).includes(name) ?? false;
}

/**
 * The block to use: blocks in the task's language (or untagged) first; among
 * them the last one that defines the function (a later block is usually the
 * model's correction of an earlier one), else the first of them. Blocks tagged
 * with another language (shell, output) are used only when nothing else exists.
 */
export function chooseBlock(blocks: FencedBlock[], language: Language, functionName: string | undefined): FencedBlock | undefined {
  const tags = supportFor(language)?.fenceTags ?? [];
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
