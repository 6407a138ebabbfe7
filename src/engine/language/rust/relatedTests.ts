import type { Node } from '@vscode/tree-sitter-wasm';
import type { RelatedTest } from '../../task';
import type { SourceFile } from '../relatedTestsFiles';
import type { RelatedTestTarget } from '../relatedTestsTypes';
import { parserFor, parseWith } from '../treeSitter';

/** Rust tests live in `#[cfg(test)]` modules of any source file and in `tests/*.rs`. */
export function isRustTestFile(relative: string): boolean {
  return relative.endsWith('.rs');
}

/** `#[test]` (or `#[tokio::test]`, …) directly before an item. */
function isTestAttribute(node: Node | null): boolean {
  return node?.type === 'attribute_item' && /^#\[\s*(\w+::)*test\s*\]$/.test(node.text);
}

/** Test functions that name the target (macro arguments included, whose tokens tree-sitter keeps as identifiers). */
function collect(block: Node, trail: string[], target: RelatedTestTarget, file: string, out: RelatedTest[]): void {
  for (const item of block.namedChildren) {
    if (!item) continue;
    if (item.type === 'mod_item') {
      const body = item.childForFieldName('body');
      if (body) collect(body, [...trail, item.childForFieldName('name')?.text ?? ''], target, file, out);
      continue;
    }
    if (item.type !== 'function_item' || !isTestAttribute(item.previousNamedSibling)) continue;
    const name = item.childForFieldName('name')?.text;
    const body = item.childForFieldName('body');
    if (!name || !body || !body.descendantsOfType('identifier').some((id) => id !== null && target.names.has(id.text))) continue;
    const full = [...trail, name].join('::');
    out.push({ file, name: full, id: full, text: `${item.previousNamedSibling?.text ?? ''}\n${item.text}` });
  }
}

/** `#[test]` functions that call the target; `cargo test <name>` selects them by path. */
export async function findRustRelatedTests(target: RelatedTestTarget, files: readonly SourceFile[]): Promise<RelatedTest[]> {
  await parserFor('rust');
  const out: RelatedTest[] = [];
  for (const file of files) {
    if (!isRustTestFile(file.path) || !/#\[\s*(\w+::)*test\s*\]/.test(file.text)) continue;
    collect(parseWith('rust', file.text).rootNode, [], target, file.path, out);
  }
  return out;
}
