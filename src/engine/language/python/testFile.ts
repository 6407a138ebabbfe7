import type { Node } from '@vscode/tree-sitter-wasm';
import type { ParsedTest } from '../../agreement/assertParser';
import { firstExisting, folderOf, joinPath, PROPOSED_NOTE, type TestFileInput, type TestFilePlan } from '../../tests/testFilePlan';
import { parserFor, parseWith } from '../treeSitter';

/**
 * Where a pytest file for `filePath` goes: an existing `test_<module>.py` (in `tests/`,
 * `test/` or beside the module) first; else `tests/` when the project keeps its tests there,
 * else beside the module, where pytest's default import mode finds the module.
 */
export async function pythonTestPath(input: Pick<TestFileInput, 'filePath' | 'readText' | 'isDirectory'>): Promise<{ path: string; text?: string }> {
  const dir = folderOf(input.filePath);
  const module = input.filePath.slice(dir ? dir.length + 1 : 0).replace(/\.pyi?$/, '');
  const file = `test_${module}.py`;
  const candidates = [joinPath('tests', file), joinPath('test', file), joinPath(dir, file), joinPath(dir, `${module}_test.py`), joinPath(dir, 'tests', file)];
  const existing = await firstExisting(input, candidates);
  if (existing) return existing;
  for (const folder of ['tests', 'test']) if (await input.isDirectory(folder)) return { path: joinPath(folder, file) };
  return { path: joinPath(dir, file) };
}

/**
 * The module a test at `testPath` imports the target from: the bare module name beside it
 * (pytest puts the test's folder on `sys.path`), else the dotted path from the root, without
 * a leading `src/` (the layout whose packages are installed or put on the path).
 */
export function pythonImportModule(filePath: string, testPath: string): string {
  const dir = folderOf(filePath);
  const module = filePath.slice(dir ? dir.length + 1 : 0).replace(/\.pyi?$/, '');
  if (folderOf(testPath) === dir) return module;
  const parts = filePath.replace(/\.pyi?$/, '').split('/');
  if (parts[0] === 'src' && parts.length > 1) parts.shift();
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

/** Top-level names the file binds by import or definition, and where its imports end. */
function topLevel(root: Node): { bound: Set<string>; star: boolean; importsEnd: number; docEnd: number } {
  const bound = new Set<string>();
  let star = false;
  let importsEnd = -1;
  let docEnd = 0;
  root.namedChildren.forEach((node, index) => {
    if (!node) return;
    if (index === 0 && node.type === 'expression_statement' && node.firstNamedChild?.type === 'string') docEnd = node.endIndex;
    if (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement') {
      importsEnd = node.endIndex;
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : undefined;
        const text = alias?.text ?? (name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text) ?? '';
        bound.add(node.type === 'import_statement' ? text.split('.')[0] : text);
      }
      if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) star = true;
    }
    const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    const name = definition && ['function_definition', 'class_definition'].includes(definition.type) ? definition.childForFieldName('name')?.text : undefined;
    if (name) bound.add(name);
  });
  return { bound, star, importsEnd, docEnd };
}

function testFunction(name: string, test: ParsedTest): string {
  const check = test.expected === null ? test.call : `${test.call} == ${test.expected}`;
  return `def ${name}():\n    assert ${check}\n`;
}

/**
 * The pytest file with the proposed tests appended as plain test functions, one assert each
 * (`assert CALL == EXPECTED`, the check agreement runs), under a comment saying they are the
 * model's. The target is imported when the file does not bind its name yet; test names never
 * collide with the file's own.
 */
export async function renderPytestFile(existing: string, module: string, functionName: string, tests: readonly ParsedTest[]): Promise<string> {
  await parserFor('python');
  const { bound, star, importsEnd, docEnd } = topLevel(parseWith('python', existing).rootNode);
  let text = existing;
  if (!bound.has(functionName) && !star) {
    const line = `from ${module} import ${functionName}\n`;
    // After the last import, else after a module docstring, else first.
    const at = importsEnd >= 0 ? importsEnd : docEnd;
    if (at === 0) text = `${line}${text.trim() === '' ? '' : '\n\n'}${text}`;
    else text = `${text.slice(0, at)}\n${line.trimEnd()}${text.slice(at)}`;
  }
  const names: string[] = [];
  for (let k = 1; names.length < tests.length; k++) {
    const name = `test_${functionName}_proposed_${k}`;
    if (!bound.has(name)) names.push(name);
  }
  const block = tests.map((test, i) => testFunction(names[i], test)).join('\n\n');
  return `${text.replace(/\s*$/, '')}\n\n\n# ${PROPOSED_NOTE}\n${block}`;
}

/** The pytest file to write `input.tests` into, before and after. */
export async function planPytestFile(input: TestFileInput): Promise<TestFilePlan> {
  const place = await pythonTestPath(input);
  const before = place.text ?? '';
  const after = await renderPytestFile(before, pythonImportModule(input.filePath, place.path), input.functionName, input.tests);
  return { path: place.path, existed: place.text !== undefined, before, after, framework: 'pytest' };
}
