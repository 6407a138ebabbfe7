import type { Node } from '@vscode/tree-sitter-wasm';
import type { ContextQuery, ProjectFileReader, RelatedSpan, SymbolSummary, TargetContext } from '../context';
import { callerSpans, dirOf, enclosingNode, insideLines, joinRelative, linesOf, usedDefinitionSpans, walk } from '../contextSyntax';
import { parserFor, parseWith } from '../treeSitter';

const FUNCTIONS = new Set(['function_definition']);
const DEFINITIONS = new Set(['function_definition', 'class_definition']);
/** Folders an absolute import is looked up under, besides the importing file's own folder. */
const SOURCE_ROOTS = ['', 'src'];
/** A module-level constant longer than this is summarised by its first line. */
const WHOLE_CONSTANT_LINES = 15;
/** Method signatures listed for an imported class. */
const MAX_METHODS = 12;

/** Where an imported name comes from: the module as written and the name inside it ('' for the module itself). */
interface ImportedName {
  module: string;
  name: string;
}

/**
 * The callers of a Python target in its file and the signatures and docstrings of the
 * project functions and classes it uses: those of the same file and those it imports
 * (`from .mod import f`, `from pkg.mod import f`, `import pkg.mod as m` then `m.f`).
 */
export async function pythonContext(q: ContextQuery): Promise<TargetContext> {
  await parserFor('python');
  const root = parseWith('python', q.fileText).rootNode;
  const target = enclosingNode(root, FUNCTIONS, q.targetLines);
  const scope = target ? { start: target.startPosition.row, end: target.endPosition.row } : q.targetLines;
  const used = usedNames(root, scope);
  const spans: RelatedSpan[] = [];
  if (q.functionName) {
    const calls = [...walk(root)].filter((n) => n.type === 'call' && calleeName(n) === q.functionName);
    spans.push(...callerSpans(calls, scope, FUNCTIONS, nameOf));
  }
  const local = definitionsIn(root);
  spans.push(...usedDefinitionSpans(used.names, local, scope, signatureLines));
  const imports = importsOf(root);
  const importedSymbols: SymbolSummary[] = [];
  const wanted: ImportedName[] = [];
  for (const name of used.names) if (!local.has(name) && imports.has(name)) wanted.push(imports.get(name) as ImportedName);
  for (const [object, attribute] of used.attributes) {
    const from = imports.get(object);
    // `from . import tax` then `tax.rate_for`: the module is `.tax`; `from pkg import mod`: `pkg.mod`.
    if (from) wanted.push({ module: from.name ? `${from.module}${from.module.endsWith('.') ? '' : '.'}${from.name}` : from.module, name: attribute });
  }
  for (const w of wanted) {
    const found = await summaryOf(w, q.filePath, q.readFile, 2);
    if (found && !importedSymbols.some((s) => s.file === found.file && s.name === found.name)) importedSymbols.push(found);
  }
  return { relatedSpans: spans, importedSymbols };
}

function nameOf(fn: Node): string {
  return fn.childForFieldName('name')?.text ?? '(anonymous)';
}

/** `f` for `f(…)` and `obj.f(…)`. */
function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** Free names the code in `lines` reads, and the `module.attr` pairs it reads through a plain name. */
function usedNames(root: Node, lines: { start: number; end: number }): { names: Set<string>; attributes: [string, string][] } {
  const names = new Set<string>();
  const attributes: [string, string][] = [];
  for (const n of walk(root)) {
    if (!insideLines(n, lines)) continue;
    if (n.type === 'attribute') {
      const object = n.childForFieldName('object');
      const attribute = n.childForFieldName('attribute');
      if (object?.type === 'identifier' && attribute) attributes.push([object.text, attribute.text]);
    }
    if (n.type !== 'identifier') continue;
    const parent = n.parent;
    // `x.attr`'s attribute and `f(key=…)`'s key are not names read from a scope.
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(n)) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(n)) continue;
    names.add(n.text);
  }
  return { names, attributes };
}

/** Functions, classes and methods, and module-level constants (`UNITS = (…)`), by name; the first definition wins. */
function definitionsIn(root: Node): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const n of walk(root)) {
    let name: string | undefined;
    if (DEFINITIONS.has(n.type)) name = n.childForFieldName('name')?.text;
    else if (n.type === 'expression_statement' && n.parent?.type === 'module' && n.namedChildren[0]?.type === 'assignment') {
      const left = n.namedChildren[0].childForFieldName('left');
      if (left?.type === 'identifier') name = left.text;
    }
    if (name && !found.has(name)) found.set(name, n);
  }
  return found;
}

/** The decorators, signature and docstring of a definition, as lines; a constant whole when short, else its first line. */
function signatureLines(def: Node): { startLine: number; headerEnd: number; endLine: number } {
  if (def.type === 'expression_statement') {
    const start = def.startPosition.row;
    const end = def.endPosition.row - start < WHOLE_CONSTANT_LINES ? def.endPosition.row : start;
    return { startLine: start, headerEnd: end, endLine: end };
  }
  const decorated = def.parent?.type === 'decorated_definition' ? def.parent : def;
  const body = def.childForFieldName('body');
  const first = body?.namedChildren[0];
  const doc = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first : undefined;
  const headerEnd = body && body.startPosition.row > def.startPosition.row ? body.startPosition.row - 1 : def.startPosition.row;
  return { startLine: decorated.startPosition.row, headerEnd, endLine: doc ? doc.endPosition.row : headerEnd };
}

/** What each imported local name refers to. */
function importsOf(root: Node): Map<string, ImportedName> {
  const map = new Map<string, ImportedName>();
  for (const n of root.namedChildren) {
    if (n?.type === 'import_from_statement') {
      const module = n.childForFieldName('module_name')?.text ?? '';
      for (const item of n.childrenForFieldName('name')) {
        if (!item) continue;
        const original = item.type === 'aliased_import' ? item.childForFieldName('name')?.text : item.text;
        const local = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : item.text;
        if (original && local) map.set(local, { module, name: original });
      }
    } else if (n?.type === 'import_statement') {
      for (const item of n.childrenForFieldName('name')) {
        if (item?.type === 'aliased_import') {
          const alias = item.childForFieldName('alias')?.text;
          const module = item.childForFieldName('name')?.text;
          if (alias && module) map.set(alias, { module, name: '' });
        } else if (item && !item.text.includes('.')) map.set(item.text, { module: item.text, name: '' });
      }
    }
  }
  return map;
}

/** Candidate files of a module written as in an import, relative to the workspace root. */
function moduleFiles(module: string, importer: string): string[] {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const rest = module.slice(dots).replace(/\./g, '/');
  let bases: (string | undefined)[];
  if (dots > 0) {
    let base: string | undefined = dirOf(importer);
    for (let i = 1; i < dots && base !== undefined; i++) base = joinRelative(base, '..');
    bases = [base];
  } else bases = [dirOf(importer), ...SOURCE_ROOTS];
  const files: string[] = [];
  for (const base of bases) {
    if (base === undefined) continue;
    const stem = joinRelative(base, rest);
    if (stem === undefined) continue;
    if (rest) files.push(`${stem}.py`);
    files.push(stem ? `${stem}/__init__.py` : '__init__.py');
  }
  return [...new Set(files)];
}

/**
 * The signature and docstring of `w.name` in the module `w.module`, following one more
 * import when the module only re-exports it (a package's `__init__.py`). `from pkg import mod`
 * (a module, not a name) is not summarised: the target's `mod.f` uses are looked up instead.
 */
async function summaryOf(w: ImportedName, importer: string, read: ProjectFileReader, hops: number): Promise<SymbolSummary | undefined> {
  if (!w.name) return undefined;
  for (const file of moduleFiles(w.module, importer)) {
    const text = await read(file);
    if (text === undefined) continue;
    const root = parseWith('python', text).rootNode;
    const def = definitionsIn(root).get(w.name);
    if (def) return { file, name: w.name, text: summaryText(def, text) };
    const again = importsOf(root).get(w.name);
    if (again && hops > 1) return summaryOf(again, file, read, hops - 1);
    return undefined;
  }
  return undefined;
}

/** A definition's signature and docstring; a class adds its methods' signatures. */
function summaryText(def: Node, fileText: string): string {
  const own = signatureLines(def);
  const parts = [linesOf(fileText, own.startLine, own.endLine)];
  if (def.type === 'class_definition') {
    const methods = (def.childForFieldName('body')?.namedChildren ?? [])
      .map((n) => (n?.type === 'decorated_definition' ? n.childForFieldName('definition') : n))
      .filter((n): n is Node => n?.type === 'function_definition')
      .filter((m) => !/^_[^_]/.test(nameOf(m)));
    for (const m of methods.slice(0, MAX_METHODS)) {
      const header = signatureLines(m);
      parts.push(linesOf(fileText, header.startLine, header.headerEnd));
    }
  }
  return parts.join('\n');
}
