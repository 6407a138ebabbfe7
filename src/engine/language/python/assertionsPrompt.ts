import type { Node } from '@vscode/tree-sitter-wasm';
import type { Task } from '../../task';
import { parseWith, parserFor } from '../treeSitter';

/** The first function definition in `node`'s subtree (a decorated one counts by its inner definition). */
function firstFunction(node: Node): Node | undefined {
  if (node.type === 'function_definition') return node;
  for (const child of node.namedChildren) {
    const found = child ? firstFunction(child) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * The text a Python test prompt shows before its stub body: the file up to the target's body,
 * with the target's signature and docstring, and the body's indentation. For a `function`
 * target the range holds the whole definition, so the text before the range alone would end
 * in the previous function (and a `pass` written after it would land there).
 */
async function headAndIndent(task: Task): Promise<{ head: string; indent: string }> {
  const before = task.fileText.slice(0, task.range.start);
  if (task.targetKind !== 'function') return { head: before.replace(/\s+$/, ''), indent: '    ' };
  await parserFor('python');
  const target = task.fileText.slice(task.range.start, task.range.end);
  const fn = firstFunction(parseWith('python', target).rootNode);
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return { head: `${before}${target}`.replace(/\s+$/, ''), indent: '    ' };
  const first = body.namedChild(0);
  const docstring = first?.type === 'expression_statement' && first.namedChild(0)?.type === 'string' ? first : undefined;
  const headEnd = docstring ? docstring.endIndex : body.startIndex;
  const indent = ' '.repeat(first?.startPosition.column ?? fn.startPosition.column + 4);
  return { head: `${before}${target.slice(0, headEnd)}`.replace(/\s+$/, ''), indent };
}

/**
 * CodeT's test-generation prompt for a Python target: its signature and docstring with a stub
 * body, then `# check the correctness of NAME` and an open `assert`, so a plain completion
 * model continues with test cases as well as a chat model does.
 */
export async function pythonTestPrompt(task: Task): Promise<string> {
  const { head, indent } = await headAndIndent(task);
  const name = task.functionName ?? 'the function';
  return `${head}\n${indent}pass\n\n# check the correctness of ${name}\nassert`;
}
