import type { Node } from '@vscode/tree-sitter-wasm';
import type { RelatedTest } from '../../task';
import type { RelatedTestTarget } from '../relatedTestsTypes';
import type { SourceFile } from '../relatedTestsFiles';
import { parserFor, parseWith } from '../treeSitter';

/** pytest's default discovery: `test_*.py` or `*_test.py`, anywhere (a `tests/` folder or beside the code). */
export function isPythonTestFile(relative: string): boolean {
  return /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(relative);
}

/** conftest.py files: their fixtures reach the tests below them. */
export function isConftest(relative: string): boolean {
  return /(^|\/)conftest\.py$/.test(relative);
}

/** What names in one test module lead to the target. */
interface Bindings {
  /** Names bound to the target itself (`from pkg.mod import target as alias`). */
  direct: Set<string>;
  /** Dotted names bound to a module that holds (or re-exports) the target (`import pkg.mod as m`). */
  modules: Set<string>;
}

/** The dotted module names the target file may be imported as: `src/pkg/mod.py` → pkg.mod, src.pkg.mod, mod. */
function moduleNames(filePath: string): string[] {
  const parts = filePath.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.map((_, i) => parts.slice(i).join('.')).filter(Boolean);
}

/** True when `module` is the target's module or a package above it (which may re-export it). */
function leadsToTarget(module: string, targetModules: readonly string[]): boolean {
  return targetModules.some((m) => m === module || m.startsWith(`${module}.`));
}

function bindingsOf(root: Node, target: RelatedTestTarget, targetModules: readonly string[]): Bindings {
  const direct = new Set<string>();
  const modules = new Set<string>();
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        const dotted = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
        const alias = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : undefined;
        if (dotted && leadsToTarget(dotted, targetModules)) modules.add(alias ?? dotted);
      }
      continue;
    }
    const from = node.childForFieldName('module_name')?.text ?? '';
    if (from.startsWith('.') || !leadsToTarget(from, targetModules)) continue;
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) for (const name of target.names) direct.add(name);
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      const name = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
      const alias = child.type === 'aliased_import' ? (child.childForFieldName('alias')?.text ?? name) : name;
      if (!name || !alias) continue;
      if (target.names.has(name) || name === target.className) direct.add(alias);
      else if (leadsToTarget(`${from}.${name}`, targetModules)) modules.add(alias);
    }
  }
  return { direct, modules };
}

/** Does `node` name the target: a bound name, `module.target`, or (for a method) `.method` with its class in reach? */
function namesTarget(node: Node, bindings: Bindings, target: RelatedTestTarget, helpers: ReadonlySet<string>): boolean {
  for (const id of node.descendantsOfType(['identifier', 'attribute'])) {
    if (!id) continue;
    if (id.type === 'identifier') {
      if ((bindings.direct.has(id.text) && !target.className) || helpers.has(id.text)) return true;
      continue;
    }
    if (!target.names.has(id.childForFieldName('attribute')?.text ?? '')) continue;
    const object = id.childForFieldName('object')?.text ?? '';
    if (bindings.modules.has(object)) return true;
    // A method: `obj.method` counts in a module that imports its class.
    if (target.className && bindings.direct.size > 0) return true;
  }
  return false;
}

/** A `def` (plain or decorated) with its name, parameters and the text to show. */
interface PyFunction {
  name: string;
  node: Node;
  shown: Node;
  params: string[];
  fixtureName?: string;
}

function functionsIn(block: Node): PyFunction[] {
  const out: PyFunction[] = [];
  for (const child of block.namedChildren) {
    if (!child) continue;
    const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (def?.type !== 'function_definition') continue;
    const name = def.childForFieldName('name')?.text;
    if (!name) continue;
    const params = (def.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => {
      if (!p) return [];
      if (p.type === 'identifier') return [p.text];
      const named = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
      return named ? [named.text] : [];
    });
    const decorators = child.type === 'decorated_definition' ? child.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c?.text ?? '') : [];
    const fixture = decorators.find((d) => /^@(pytest\.)?fixture\b/.test(d));
    const renamed = fixture ? /\bname\s*=\s*['"]([^'"]+)['"]/.exec(fixture)?.[1] : undefined;
    out.push({ name, node: def, shown: child, params, ...(fixture ? { fixtureName: renamed ?? name } : {}) });
  }
  return out;
}

/** Test classes (`class Test*`, nested ones too) with the path of class names leading to them. */
function testClasses(block: Node, trail: string[] = []): { path: string[]; body: Node }[] {
  const out: { path: string[]; body: Node }[] = [];
  for (const child of block.namedChildren) {
    const cls = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (cls?.type !== 'class_definition') continue;
    const name = cls.childForFieldName('name')?.text ?? '';
    const body = cls.childForFieldName('body');
    if (!name.startsWith('Test') || !body) continue;
    out.push({ path: [...trail, name], body }, ...testClasses(body, [...trail, name]));
  }
  return out;
}

/**
 * Names (helper functions and fixtures) in `modules` that lead to the target, grown to a
 * fixed point: a fixture using a fixture that calls the target leads to it too.
 */
function reachingHelpers(modules: { root: Node; bindings: Bindings }[], target: RelatedTestTarget): { helpers: Set<string>; fixtures: Set<string> } {
  const helpers = new Set<string>();
  const fixtures = new Set<string>();
  const all = modules.flatMap(({ root, bindings }) => functionsIn(root).filter((f) => !f.name.startsWith('test')).map((f) => ({ f, bindings })));
  for (let changed = true; changed; ) {
    changed = false;
    for (const { f, bindings } of all) {
      const key = f.fixtureName ?? f.name;
      if ((f.fixtureName ? fixtures : helpers).has(key)) continue;
      const body = f.node.childForFieldName('body');
      const reaches = (body && namesTarget(body, bindings, target, helpers)) || (f.fixtureName !== undefined && f.params.some((p) => fixtures.has(p)));
      if (!reaches) continue;
      (f.fixtureName ? fixtures : helpers).add(key);
      changed = true;
    }
  }
  return { helpers, fixtures };
}

/** conftest.py files that apply to `testFile`: in its folder and every folder above it. */
function conftestsFor(testFile: string, conftests: readonly SourceFile[]): SourceFile[] {
  return conftests.filter((c) => {
    const dir = c.path.includes('/') ? c.path.slice(0, c.path.lastIndexOf('/') + 1) : '';
    return testFile.startsWith(dir);
  });
}

/**
 * pytest tests that exercise the target: test functions and `Test*` class methods that call
 * or name it (directly, through an import alias or a module attribute), call a helper that
 * does, or take a fixture (from the file or a conftest.py above it) that does. Ids are pytest
 * node ids (`tests/test_x.py::TestY::test_z`), which select every parametrized case.
 */
export async function findPythonRelatedTests(target: RelatedTestTarget, files: readonly SourceFile[]): Promise<RelatedTest[]> {
  await parserFor('python');
  const targetModules = moduleNames(target.filePath);
  const parsed = new Map<string, { root: Node; bindings: Bindings }>();
  const parse = (file: SourceFile): { root: Node; bindings: Bindings } => {
    let entry = parsed.get(file.path);
    if (!entry) {
      const root = parseWith('python', file.text).rootNode;
      entry = { root, bindings: bindingsOf(root, target, targetModules) };
      parsed.set(file.path, entry);
    }
    return entry;
  };
  const conftests = files.filter((f) => isConftest(f.path));
  const out: RelatedTest[] = [];
  for (const file of files) {
    if (!isPythonTestFile(file.path) || file.path === target.filePath) continue;
    const module = parse(file);
    const { helpers, fixtures } = reachingHelpers([...conftestsFor(file.path, conftests).map(parse), module], target);
    const candidates = [
      ...functionsIn(module.root).map((f) => ({ f, trail: [] as string[] })),
      ...testClasses(module.root).flatMap(({ path, body }) => functionsIn(body).map((f) => ({ f, trail: path }))),
    ];
    for (const { f, trail } of candidates) {
      if (!f.name.startsWith('test') || f.fixtureName) continue;
      const body = f.node.childForFieldName('body');
      const reaches = (body && namesTarget(body, module.bindings, target, helpers)) || f.params.some((p) => fixtures.has(p));
      if (!reaches) continue;
      const name = [...trail, f.name].join('::');
      out.push({ file: file.path, name, id: `${file.path}::${name}`, text: f.shown.text });
    }
  }
  return out;
}
