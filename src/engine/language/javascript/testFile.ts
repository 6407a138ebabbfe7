import type { Node } from '@vscode/tree-sitter-wasm';
import type { ParsedTest } from '../../agreement/assertParser';
import { firstExisting, folderOf, joinPath, PROPOSED_NOTE, type TestFileInput, type TestFilePlan, type TestFramework } from '../../tests/testFilePlan';
import { parserFor, parseWith, type GrammarName } from '../treeSitter';

/** How a module makes the target importable. */
export type ExportKind = 'named' | 'default' | 'commonjs-named' | 'commonjs-whole';

function grammarFor(filePath: string): GrammarName {
  if (/\.tsx$/.test(filePath)) return 'tsx';
  return /\.[cm]?ts$/.test(filePath) ? 'typescript' : 'javascript';
}

function declaredNames(declaration: Node | null): string[] {
  if (!declaration) return [];
  const own = declaration.childForFieldName('name')?.text;
  if (own) return [own];
  // `export const a = 1, b = 2`
  return declaration.namedChildren.filter((c) => c?.type === 'variable_declarator').map((c) => c?.childForFieldName('name')?.text ?? '');
}

/** How `name` is exported from a module's text (ES `export` or CommonJS `module.exports`), or undefined when it is not. */
export function exportOf(root: Node, name: string): ExportKind | undefined {
  for (const node of root.namedChildren) {
    if (!node) continue;
    if (node.type === 'export_statement') {
      const isDefault = node.children.some((c) => c?.type === 'default');
      const declared = declaredNames(node.childForFieldName('declaration'));
      if (declared.includes(name)) return isDefault ? 'default' : 'named';
      const clause = node.namedChildren.find((c) => c?.type === 'export_clause');
      for (const spec of clause?.namedChildren ?? []) {
        const exported = spec?.childForFieldName('alias')?.text ?? spec?.childForFieldName('name')?.text;
        if (exported === name) return 'named';
      }
      if (isDefault && node.namedChildren.some((c) => c?.type === 'identifier' && c.text === name)) return 'default';
    }
    const assignment = node.type === 'expression_statement' ? node.firstNamedChild : null;
    if (assignment?.type !== 'assignment_expression') continue;
    const left = assignment.childForFieldName('left')?.text.replace(/\s+/g, '');
    const right = assignment.childForFieldName('right');
    if (left === `module.exports.${name}` || left === `exports.${name}`) return 'commonjs-named';
    if (left !== 'module.exports' || !right) continue;
    if (right.type === 'identifier' && right.text === name) return 'commonjs-whole';
    if (right.type === 'object' && right.namedChildren.some((p) => (p?.type === 'shorthand_property_identifier' ? p.text : p?.childForFieldName('key')?.text) === name)) return 'commonjs-named';
  }
  return undefined;
}

/** The runner named by the test command, or by `package.json`'s `test` script when the command is `npm test` and the like. */
export async function jsFramework(testCommand: string, readText: TestFileInput['readText']): Promise<TestFramework> {
  const named = (command: string): TestFramework | undefined =>
    /\bvitest\b/.test(command) ? 'vitest' : /\bjest\b/.test(command) ? 'jest' : /\bnode\b[^|;&]*--test\b/.test(command) ? 'node:test' : undefined;
  const direct = named(testCommand);
  if (direct) return direct;
  const scripts = await packageJson(readText).then((pkg) => pkg?.scripts as Record<string, unknown> | undefined);
  const script = typeof scripts?.test === 'string' ? scripts.test : '';
  return named(script) ?? 'node:test';
}

async function packageJson(readText: TestFileInput['readText']): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse((await readText('package.json')) ?? '{}') as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** ES modules for `.mjs`/`.mts`, TypeScript and `"type": "module"` packages; CommonJS otherwise. */
async function usesEsm(filePath: string, readText: TestFileInput['readText']): Promise<boolean> {
  if (/\.c[jt]s$/.test(filePath)) return false;
  if (/\.(mjs|mts|ts|tsx)$/.test(filePath)) return true;
  return (await packageJson(readText))?.type === 'module';
}

/** `<module>.test.<ext>` where the project keeps such files (beside, `__tests__/`, `test/`, `tests/`), else beside the module. */
async function jsTestPath(input: TestFileInput): Promise<{ path: string; text?: string }> {
  const dir = folderOf(input.filePath);
  const base = input.filePath.slice(dir ? dir.length + 1 : 0);
  const ext = /\.[^.]+$/.exec(base)?.[0] ?? '.js';
  const module = base.slice(0, base.length - ext.length);
  const names = [`${module}.test${ext}`, `${module}.spec${ext}`];
  const candidates = names.flatMap((name) => [joinPath(dir, name), joinPath(dir, '__tests__', name), joinPath('test', name), joinPath('tests', name)]);
  const existing = await firstExisting(input, candidates);
  if (existing) return existing;
  if (await input.isDirectory(joinPath(dir, '__tests__'))) return { path: joinPath(dir, '__tests__', names[0]) };
  return { path: joinPath(dir, names[0]) };
}

/** The specifier a test at `testPath` imports `filePath` by: relative, with the extension Node needs (TypeScript under jest/vitest resolves without). */
function specifier(filePath: string, testPath: string, framework: TestFramework): string {
  const from = folderOf(testPath).split('/').filter(Boolean);
  const to = filePath.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const relative = [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
  const spec = relative.startsWith('.') ? relative : `./${relative}`;
  return framework !== 'node:test' && /\.[cm]?tsx?$/.test(spec) ? spec.replace(/\.[cm]?tsx?$/, '') : spec;
}

/** Identifiers the file binds at top level (imports, requires, declarations), and where its imports end. */
function boundNames(root: Node): { names: Set<string>; importsEnd: number } {
  const names = new Set<string>();
  let importsEnd = -1;
  const addPattern = (pattern: Node | null): void => {
    if (!pattern) return;
    if (pattern.type === 'identifier') names.add(pattern.text);
    for (const id of pattern.descendantsOfType(['shorthand_property_identifier_pattern', 'identifier'])) if (id) names.add(id.text);
  };
  for (const node of root.namedChildren) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      importsEnd = node.endIndex;
      for (const id of node.descendantsOfType('identifier')) if (id) names.add(id.text);
    } else if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
      for (const declarator of node.namedChildren) {
        if (declarator?.type !== 'variable_declarator') continue;
        addPattern(declarator.childForFieldName('name'));
        if (declarator.childForFieldName('value')?.type === 'call_expression' && /^require\b/.test(declarator.childForFieldName('value')?.text ?? '')) importsEnd = node.endIndex;
      }
    } else {
      const name = ['function_declaration', 'class_declaration'].includes(node.type) ? node.childForFieldName('name')?.text : undefined;
      if (name) names.add(name);
    }
  }
  return { names, importsEnd };
}

function importLine(esm: boolean, what: string, from: string): string {
  return esm ? `import ${what} from '${from}';` : `const ${what} = require('${from}');`;
}

function testCase(framework: TestFramework, functionName: string, k: number, test: ParsedTest): string {
  const title = JSON.stringify(`${functionName} (proposed ${k}): ${test.call.length > 60 ? `${test.call.slice(0, 59)}…` : test.call}`);
  const check =
    framework === 'node:test'
      ? test.expected === null ? `assert.ok(${test.call});` : `assert.deepStrictEqual(${test.call}, ${test.expected});`
      : test.expected === null ? `expect(${test.call}).toBeTruthy();` : `expect(${test.call}).toEqual(${test.expected});`;
  return `test(${title}, () => {\n  ${check}\n});\n`;
}

/**
 * A jest, vitest or `node:test` file with the proposed tests appended, one `test()` each
 * (deep equality, as agreement compares outputs), importing the target and the runner's API
 * when the file does not bind them yet. Throws when the module does not export the target,
 * since no test file could import it.
 */
export async function planJsTestFile(input: TestFileInput): Promise<TestFilePlan> {
  const grammar = grammarFor(input.filePath);
  await parserFor(grammar);
  const exported = exportOf(parseWith(grammar, input.fileText).rootNode, input.functionName);
  if (!exported) throw new Error(`${input.functionName} is not exported from ${input.filePath}, so a test file cannot import it: export it, then write tests first again.`);
  const framework = await jsFramework(input.testCommand, input.readText);
  const esm = await usesEsm(input.filePath, input.readText);
  const place = await jsTestPath(input);
  const before = place.text ?? '';
  const testGrammar = grammarFor(place.path);
  await parserFor(testGrammar);
  const { names, importsEnd } = boundNames(parseWith(testGrammar, before).rootNode);
  const needed: string[] = [];
  if (framework === 'node:test') {
    if (!names.has('test')) needed.push(importLine(esm, '{ test }', 'node:test'));
    if (!names.has('assert')) needed.push(importLine(esm, 'assert', 'node:assert/strict'));
  } else if (framework === 'vitest' && !names.has('expect')) needed.push(importLine(esm, '{ test, expect }', 'vitest'));
  if (!names.has(input.functionName)) {
    const what = exported === 'default' || exported === 'commonjs-whole' ? input.functionName : `{ ${input.functionName} }`;
    needed.push(importLine(esm, what, specifier(input.filePath, place.path, framework)));
  }
  let text = before;
  if (needed.length > 0) {
    const lines = needed.join('\n');
    text = importsEnd >= 0 ? `${text.slice(0, importsEnd)}\n${lines}${text.slice(importsEnd)}` : `${lines}\n${text ? `\n${text}` : ''}`;
  }
  let k = 1;
  const cases = input.tests.map((test) => testCase(framework, input.functionName, k++, test)).join('\n');
  const after = `${text.replace(/\s*$/, '')}\n\n// ${PROPOSED_NOTE}\n${cases}`;
  return { path: place.path, existed: place.text !== undefined, before, after, framework };
}
