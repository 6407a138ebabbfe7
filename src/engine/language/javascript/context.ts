import type { Node } from '@vscode/tree-sitter-wasm';
import type { ContextQuery, ProjectFileReader, RelatedSpan, SymbolSummary, TargetContext } from '../context';
import { callerSpans, dedent, dirOf, enclosingNode, insideLines, joinRelative, linesOf, usedDefinitionSpans, walk } from '../contextSyntax';
import { parserFor, parseWith, type GrammarName } from '../treeSitter';

/** The grammars of the JavaScript family; TypeScript and TSX reuse this finder with their own. */
export type ScriptGrammar = Extract<GrammarName, 'javascript' | 'typescript' | 'tsx'>;

const FUNCTIONS = new Set(['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function', 'arrow_function', 'method_definition']);
const TYPE_DEFINITIONS = new Set(['interface_declaration', 'type_alias_declaration', 'enum_declaration']);
const NAMED_DEFINITIONS = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', ...TYPE_DEFINITIONS]);
/** A type or constant declaration longer than this is summarised by its first line. */
const WHOLE_TYPE_LINES = 15;
const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

/** The callers of a JavaScript target and the project symbols it uses. */
export function javascriptContext(q: ContextQuery): Promise<TargetContext> {
  return scriptContext(q, 'javascript');
}

/**
 * Callers and used symbols for the JavaScript family: calls `f(…)` and `x.f(…)` of the target
 * in its file; functions, classes and (TypeScript) types of the same file it uses; those it
 * imports from relative modules (`import { f } from './m'`, `import * as m`, `require('./m')`).
 */
export async function scriptContext(q: ContextQuery, grammar: ScriptGrammar): Promise<TargetContext> {
  await parserFor(grammar);
  const root = parseWith(grammar, q.fileText).rootNode;
  const target = enclosingNode(root, FUNCTIONS, q.targetLines);
  const scope = target ? { start: target.startPosition.row, end: target.endPosition.row } : q.targetLines;
  const spans: RelatedSpan[] = [];
  if (q.functionName) {
    const calls = [...walk(root)].filter((n) => n.type === 'call_expression' && calleeName(n) === q.functionName);
    spans.push(...callerSpans(calls, scope, FUNCTIONS, functionName));
  }
  const used = usedNames(root, scope);
  const local = definitionsIn(root);
  spans.push(...usedDefinitionSpans(used.names, local, scope, signatureLines));
  const imports = importsOf(root);
  const wanted: { module: string; name: string }[] = [];
  for (const name of used.names) if (!local.has(name) && imports.get(name)?.name) wanted.push(imports.get(name) as { module: string; name: string });
  for (const [object, property] of used.members) {
    const from = imports.get(object);
    if (from && from.name === '') wanted.push({ module: from.module, name: property });
  }
  const importedSymbols: SymbolSummary[] = [];
  for (const w of wanted) {
    const found = await summaryOf(w.module, w.name, q.filePath, q.readFile);
    if (found && !importedSymbols.some((s) => s.file === found.file && s.name === found.name)) importedSymbols.push(found);
  }
  return { relatedSpans: spans, importedSymbols };
}

/** `f` for `f(…)` and `obj.f(…)`. */
function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'member_expression') return fn.childForFieldName('property')?.text;
  return undefined;
}

/** A function's own name, or the name it is assigned to. */
function functionName(fn: Node): string {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  const parent = fn.parent;
  const holder = parent?.childForFieldName('name') ?? parent?.childForFieldName('key') ?? parent?.childForFieldName('left');
  return holder?.text ?? '(anonymous)';
}

/** Names (and type names) the code in `lines` reads, and the `ns.member` pairs it reads through a plain name. */
function usedNames(root: Node, lines: { start: number; end: number }): { names: Set<string>; members: [string, string][] } {
  const names = new Set<string>();
  const members: [string, string][] = [];
  for (const n of walk(root)) {
    if (!insideLines(n, lines)) continue;
    if (n.type === 'identifier' || n.type === 'type_identifier') names.add(n.text);
    if (n.type === 'member_expression') {
      const object = n.childForFieldName('object');
      const property = n.childForFieldName('property');
      if (object?.type === 'identifier' && property) members.push([object.text, property.text]);
    }
  }
  return { names, members };
}

const FUNCTION_VALUES = /^(arrow_function|function_expression|function|class)$/;

/** A declarator of a module-level `const`/`let`/`var` (exported or not). */
function isTopLevel(declarator: Node): boolean {
  const statement = statementOf(declarator);
  return statement.parent?.type === 'program';
}

/** Declared functions, classes, types, module-level constants, and functions or classes assigned to a name, by name; the first wins. */
function definitionsIn(root: Node): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const n of walk(root)) {
    let name: string | undefined;
    if (NAMED_DEFINITIONS.has(n.type)) name = n.childForFieldName('name')?.text;
    else if (n.type === 'variable_declarator' && (FUNCTION_VALUES.test(n.childForFieldName('value')?.type ?? '') || isTopLevel(n))) name = n.childForFieldName('name')?.text;
    if (name && !found.has(name)) found.set(name, n);
  }
  return found;
}

/** The statement holding a definition: its `const` declaration, its `export`. */
function statementOf(def: Node): Node {
  let s = def.type === 'variable_declarator' ? (def.parent ?? def) : def;
  if (s.parent?.type === 'export_statement') s = s.parent;
  return s;
}

/** The JSDoc (or line comments) right above a statement, as its first line. */
function commentStart(statement: Node): number {
  let start = statement.startPosition.row;
  for (let c = statement.previousNamedSibling; c?.type === 'comment' && c.endPosition.row >= start - 1; c = c.previousNamedSibling) start = c.startPosition.row;
  return start;
}

/** A definition's doc comment and signature (up to its body's opening line); a short type whole. */
function signatureLines(def: Node): { startLine: number; endLine: number } {
  const statement = statementOf(def);
  const startLine = commentStart(statement);
  const value = def.type === 'variable_declarator' ? def.childForFieldName('value') : def;
  // Types and constants are their own signature: shown whole when short.
  const plain = TYPE_DEFINITIONS.has(def.type) || (def.type === 'variable_declarator' && !FUNCTION_VALUES.test(value?.type ?? ''));
  if (plain) return { startLine, endLine: statement.endPosition.row - statement.startPosition.row < WHOLE_TYPE_LINES ? statement.endPosition.row : statement.startPosition.row };
  const body = value?.childForFieldName('body');
  return { startLine, endLine: body ? body.startPosition.row : def.startPosition.row };
}

/** Local name → imported module specifier and the name in it ('' for the whole module, `default` for its default export). */
function importsOf(root: Node): Map<string, { module: string; name: string }> {
  const map = new Map<string, { module: string; name: string }>();
  for (const n of walk(root)) {
    if (n.type === 'import_statement') {
      const module = stringValue(n.childForFieldName('source'));
      if (module === undefined) continue;
      for (const part of walk(n)) {
        if (part.type === 'import_specifier') {
          const name = part.childForFieldName('name')?.text;
          if (name) map.set(part.childForFieldName('alias')?.text ?? name, { module, name });
        } else if (part.type === 'namespace_import' && part.namedChildren[0]) map.set(part.namedChildren[0].text, { module, name: '' });
        else if (part.type === 'identifier' && part.parent?.type === 'import_clause') map.set(part.text, { module, name: 'default' });
      }
    } else if (n.type === 'variable_declarator') {
      const value = n.childForFieldName('value');
      if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'require') continue;
      const module = stringValue(value.childForFieldName('arguments')?.namedChildren[0] ?? null);
      const name = n.childForFieldName('name');
      if (module === undefined || !name) continue;
      if (name.type === 'identifier') map.set(name.text, { module, name: '' });
      for (const p of name.type === 'object_pattern' ? name.namedChildren : []) {
        if (p?.type === 'shorthand_property_identifier_pattern') map.set(p.text, { module, name: p.text });
        else if (p?.type === 'pair_pattern') {
          const key = p.childForFieldName('key')?.text;
          const local = p.childForFieldName('value')?.text;
          if (key && local) map.set(local, { module, name: key });
        }
      }
    }
  }
  return map;
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  return node.text.slice(1, -1);
}

/** Files a relative specifier may name: as written, with the usual extensions, `.js` written for a `.ts` source, an index file. */
function moduleFiles(specifier: string, importer: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return [];
  const stem = joinRelative(dirOf(importer), specifier);
  if (stem === undefined) return [];
  const bare = stem.replace(/\.(m|c)?js$/, '');
  return [stem, ...EXTENSIONS.map((e) => bare + e), ...EXTENSIONS.map((e) => `${stem}/index${e}`)];
}

function grammarOf(file: string): ScriptGrammar {
  if (file.endsWith('.tsx')) return 'tsx';
  if (/\.(m|c)?ts$/.test(file)) return 'typescript';
  return 'javascript';
}

/** The doc comment and signature of `name` (or the default export) in the module `specifier`. */
async function summaryOf(specifier: string, name: string, importer: string, read: ProjectFileReader): Promise<SymbolSummary | undefined> {
  for (const file of moduleFiles(specifier, importer)) {
    const text = await read(file);
    if (text === undefined) continue;
    const grammar = grammarOf(file);
    await parserFor(grammar);
    const root = parseWith(grammar, text).rootNode;
    const def = name === 'default' ? defaultExport(root) : definitionsIn(root).get(name);
    if (!def) return undefined;
    const lines = signatureLines(def);
    return { file, name, text: dedent(linesOf(text, lines.startLine, lines.endLine)) };
  }
  return undefined;
}

function defaultExport(root: Node): Node | undefined {
  for (const n of root.namedChildren) {
    if (n?.type !== 'export_statement' || !n.children.some((c) => c?.type === 'default')) continue;
    const declaration = n.childForFieldName('declaration') ?? n.childForFieldName('value');
    if (declaration && (NAMED_DEFINITIONS.has(declaration.type) || FUNCTIONS.has(declaration.type))) return declaration;
  }
  return undefined;
}
