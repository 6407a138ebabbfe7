import * as path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RelatedTest } from '../../task';
import type { SourceFile } from '../relatedTestsFiles';
import type { RelatedTestTarget } from '../relatedTestsTypes';
import { parserFor, parseWith, type GrammarName } from '../treeSitter';

/** jest/vitest/mocha/node:test files: `*.test.*`, `*.spec.*`, or any script under `test/`, `tests/`, `__tests__/`. */
export function isJsTestFile(relative: string): boolean {
  if (!/\.[cm]?[jt]sx?$/.test(relative) || /\.d\.[cm]?ts$/.test(relative)) return false;
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(relative) || /(^|\/)(test|tests|__tests__)\//.test(relative);
}

/** The grammar a file's extension asks for. */
export function grammarForScript(relative: string): GrammarName {
  if (/\.tsx$/.test(relative)) return 'tsx';
  return /\.[cm]?ts$/.test(relative) ? 'typescript' : 'javascript';
}

const SUITE = new Set(['describe', 'context', 'suite']);
const CASE = new Set(['it', 'test', 'specify']);
/** `.only`, `.skip`, `.each(...)` and friends keep a call a suite or a case. */
const MODIFIERS = new Set(['only', 'skip', 'todo', 'concurrent', 'each', 'failing', 'sequential']);

/** Names in one test file bound to the target (`direct`) or to a module holding it (`modules`). */
interface Bindings {
  direct: Set<string>;
  modules: Set<string>;
}

/** Does an import specifier name the target file, a folder above it (an index that re-exports), or the package itself? */
function specifierLeadsToTarget(specifier: string, testFile: string, target: RelatedTestTarget, packageName: string | undefined): boolean {
  if (packageName && (specifier === packageName || specifier.startsWith(`${packageName}/`))) return true;
  if (!specifier.startsWith('.')) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(testFile), specifier)).replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  const targetBase = target.filePath.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  return resolved === targetBase || targetBase.startsWith(`${resolved}/`) || resolved === '.';
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.namedChildren.map((c) => c?.text ?? '').join('');
  // A template literal is a plain name only without `${}` parts.
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

function bindingsOf(root: Node, file: string, target: RelatedTestTarget, packageName: string | undefined): Bindings {
  const direct = new Set<string>();
  const modules = new Set<string>();
  const bindNamed = (name: string | undefined, alias: string | undefined): void => {
    if (name && alias && (target.names.has(name) || name === target.className)) direct.add(alias);
  };
  for (const node of root.descendantsOfType(['import_statement', 'variable_declarator'])) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      // `import type { … }` (TypeScript) binds no value a test could call.
      if (/^import\s+type\s/.test(node.text)) continue;
      const source = stringValue(node.childForFieldName('source'));
      if (!source || !specifierLeadsToTarget(source, file, target, packageName)) continue;
      for (const ns of node.descendantsOfType('namespace_import')) {
        const id = ns?.namedChildren.find((c) => c?.type === 'identifier');
        if (id) modules.add(id.text);
      }
      for (const spec of node.descendantsOfType('import_specifier')) {
        const name = spec?.childForFieldName('name')?.text;
        bindNamed(name, spec?.childForFieldName('alias')?.text ?? name);
      }
      // A default import of a module whose export is the target's namespace: `mod.target(...)`.
      const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
      const defaultName = clause?.namedChildren.find((c) => c?.type === 'identifier');
      if (defaultName) modules.add(defaultName.text);
      continue;
    }
    const value = node.childForFieldName('value');
    if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'require') continue;
    const source = stringValue(value.childForFieldName('arguments')?.namedChildren[0]);
    if (!source || !specifierLeadsToTarget(source, file, target, packageName)) continue;
    const name = node.childForFieldName('name');
    if (name?.type === 'identifier') modules.add(name.text);
    for (const prop of name?.namedChildren ?? []) {
      if (prop?.type === 'shorthand_property_identifier_pattern') bindNamed(prop.text, prop.text);
      if (prop?.type === 'pair_pattern') bindNamed(prop.childForFieldName('key')?.text, prop.childForFieldName('value')?.text);
    }
  }
  return { direct, modules };
}

function namesTarget(node: Node, bindings: Bindings, target: RelatedTestTarget, helpers: ReadonlySet<string>): boolean {
  for (const id of node.descendantsOfType(['identifier', 'member_expression'])) {
    if (!id) continue;
    if (id.type === 'identifier') {
      if ((bindings.direct.has(id.text) && !target.className) || helpers.has(id.text)) return true;
      continue;
    }
    if (!target.names.has(id.childForFieldName('property')?.text ?? '')) continue;
    if (bindings.modules.has(id.childForFieldName('object')?.text ?? '')) return true;
    // A method: `obj.method` counts in a file that imports its class.
    if (target.className && bindings.direct.size > 0) return true;
  }
  return false;
}

/** Top-level helper functions (`function f`, `const f = () =>`) that lead to the target, to a fixed point. */
function reachingHelpers(root: Node, bindings: Bindings, target: RelatedTestTarget): Set<string> {
  const helpers = new Set<string>();
  const defs: { name: string; body: Node }[] = [];
  for (const statement of root.namedChildren) {
    const decl = statement?.type === 'export_statement' ? statement.childForFieldName('declaration') : statement;
    if (decl?.type === 'function_declaration') {
      const name = decl.childForFieldName('name')?.text;
      const body = decl.childForFieldName('body');
      if (name && body) defs.push({ name, body });
    } else if (decl?.type === 'lexical_declaration' || decl?.type === 'variable_declaration') {
      for (const d of decl.namedChildren) {
        const value = d?.childForFieldName('value');
        const name = d?.childForFieldName('name');
        if (name?.type === 'identifier' && value && /function|arrow_function/.test(value.type)) defs.push({ name: name.text, body: value });
      }
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of defs) {
      if (helpers.has(def.name) || !namesTarget(def.body, bindings, target, helpers)) continue;
      helpers.add(def.name);
      changed = true;
    }
  }
  return helpers;
}

/** `describe`/`it`/`test` (with `.only`, `.each(table)`, …): its kind, or undefined for other calls. */
function blockKind(call: Node): 'suite' | 'case' | undefined {
  let callee = call.childForFieldName('function');
  // `test.each(table)(name, fn)`: the callee is itself a call.
  if (callee?.type === 'call_expression') callee = callee.childForFieldName('function');
  while (callee?.type === 'member_expression' && MODIFIERS.has(callee.childForFieldName('property')?.text ?? '')) callee = callee.childForFieldName('object');
  const name = callee?.type === 'identifier' ? callee.text : undefined;
  if (!name) return undefined;
  return SUITE.has(name) ? 'suite' : CASE.has(name) ? 'case' : undefined;
}

/** The callback of a suite/case call: its last function argument. */
function callbackOf(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return [...args].reverse().find((a) => a !== null && /^(arrow_function|function_expression|function)$/.test(a.type)) ?? undefined;
}

/**
 * Tests (jest, vitest, mocha, node:test) whose callback calls or names the target — directly,
 * through an imported alias or namespace, or through a helper in the same file. A test's
 * name is its describe path and title joined by spaces, as jest and mocha print the full name.
 */
export async function findScriptRelatedTests(target: RelatedTestTarget, files: readonly SourceFile[], packageName?: string): Promise<RelatedTest[]> {
  const out: RelatedTest[] = [];
  for (const file of files) {
    if (!isJsTestFile(file.path) || file.path === target.filePath) continue;
    const grammar = grammarForScript(file.path);
    await parserFor(grammar);
    const root = parseWith(grammar, file.text).rootNode;
    const bindings = bindingsOf(root, file.path, target, packageName);
    if (bindings.direct.size === 0 && bindings.modules.size === 0) continue;
    const helpers = reachingHelpers(root, bindings, target);
    const visit = (node: Node, trail: string[]): void => {
      for (const child of node.namedChildren) {
        if (!child) continue;
        const call = child.type === 'expression_statement' ? child.namedChildren[0] : child;
        const kind = call?.type === 'call_expression' ? blockKind(call) : undefined;
        const title = call && kind ? stringValue(call.childForFieldName('arguments')?.namedChildren[0]) : undefined;
        const body = call && kind ? callbackOf(call) : undefined;
        if (!call || !kind || title === undefined || !body) continue;
        if (kind === 'suite') {
          const block = body.childForFieldName('body');
          if (block) visit(block, [...trail, title]);
        } else if (namesTarget(body, bindings, target, helpers)) {
          const name = [...trail, title].join(' ');
          out.push({ file: file.path, name, id: `${file.path}::${name}`, text: child.text });
        }
      }
    };
    visit(root, []);
  }
  return out;
}
