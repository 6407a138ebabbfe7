/**
 * A Markdown code fence for `text`: three backticks, or one more than the longest
 * run of backticks inside it, so a docstring's own ``` example cannot close the block.
 */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
