import type { Node } from '@vscode/tree-sitter-wasm';
import type { RelatedTest } from '../../task';
import type { SourceFile } from '../relatedTestsFiles';
import type { RelatedTestTarget } from '../relatedTestsTypes';
import { parserFor, parseWith } from '../treeSitter';

/** `go test` runs `*_test.go` files. */
export function isGoTestFile(relative: string): boolean {
  return relative.endsWith('_test.go');
}

/** Does `body` call or name the target: `Fn` in the same package or `pkg.Fn` from outside it? */
function namesTarget(body: Node, target: RelatedTestTarget): boolean {
  return body.descendantsOfType(['identifier', 'field_identifier']).some((id) => {
    if (!id || !target.names.has(id.text)) return false;
    // `x.Fn` on a value counts only for a method target; `pkg.Fn` is a selector on a package name.
    return id.type === 'identifier' || id.parent?.type === 'selector_expression';
  });
}

/** `func TestXxx(t *testing.T)` functions that call the target; `go test -run` selects them by name. */
export async function findGoRelatedTests(target: RelatedTestTarget, files: readonly SourceFile[]): Promise<RelatedTest[]> {
  await parserFor('go');
  const out: RelatedTest[] = [];
  for (const file of files) {
    if (!isGoTestFile(file.path)) continue;
    for (const fn of parseWith('go', file.text).rootNode.namedChildren) {
      const name = fn?.type === 'function_declaration' ? fn.childForFieldName('name')?.text : undefined;
      const body = fn?.childForFieldName('body');
      if (!fn || !name || !body || !/^Test[^a-z]/.test(name) || !namesTarget(body, target)) continue;
      out.push({ file: file.path, name, id: name, text: fn.text });
    }
  }
  return out;
}
