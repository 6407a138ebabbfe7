import type { Node } from '@vscode/tree-sitter-wasm';
import type { ParsedTest, ParsedTests } from '../../agreement/assertParser';
import type { Task } from '../../task';
import { parseWith, parserFor } from '../treeSitter';
import { asLiteral, canonical, literalSource, sameLiteral, type Literal } from './assertionsLiterals';

/** The grammar a JavaScript or TypeScript task's code and tests are parsed with. */
export type ScriptGrammar = 'javascript' | 'typescript';

/** Globals a generated call may use besides the target: anything else is a test's own variable. */
const KNOWN_GLOBALS = new Set([
  'undefined', 'NaN', 'Infinity', 'Math', 'JSON', 'Number', 'String', 'Boolean', 'Array', 'Object', 'Date', 'Map', 'Set',
  'BigInt', 'Symbol', 'RegExp', 'Error', 'TypeError', 'RangeError', 'SyntaxError',
]);

/** assert.* methods that compare their first two arguments for equality. */
const EQUAL_METHODS = new Set(['equal', 'strictEqual', 'deepEqual', 'deepStrictEqual']);
/** expect(x).* matchers that compare `x` with their argument. */
const EQUAL_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual']);

/** The longest call or expected value kept, as Python's parser does. */
const MAX_SOURCE = 400;

/** The grammar for a task's language, or for a file by its extension (`.ts`, `.mts`, `.tsx` are TypeScript). */
export function grammarOf(language: Task['language'], filePath = ''): ScriptGrammar {
  return language === 'typescript' || /\.[cm]?tsx?$/.test(filePath) ? 'typescript' : 'javascript';
}

const FUNCTION_TYPES = new Set(['function_declaration', 'generator_function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function']);

function firstFunction(node: Node): Node | undefined {
  if (FUNCTION_TYPES.has(node.type)) return node;
  for (const child of node.namedChildren) {
    const found = child ? firstFunction(child) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * CodeT's test-generation prompt for a JavaScript or TypeScript target: the file up to the
 * target, its signature (its JSDoc sits before it) with a stub body, then
 * `// check the correctness of NAME` and an open `assert.deepStrictEqual(`.
 */
export async function javascriptTestPrompt(task: Task): Promise<string> {
  const grammar = grammarOf(task.language, task.filePath);
  await parserFor(grammar);
  const before = task.fileText.slice(0, task.range.start);
  const target = task.fileText.slice(task.range.start, task.range.end);
  const fn = task.targetKind === 'selection' ? undefined : firstFunction(parseWith(grammar, target).rootNode);
  const body = fn?.childForFieldName('body');
  const stub = body ? `${target.slice(0, body.startIndex)}{\n  // …\n}` : target;
  const name = task.functionName ?? 'the function';
  return `${before}${stub}\n\n// check the correctness of ${name} with node:assert\n${OPEN_ASSERT}`;
}

/** Where the prompt leaves off: a completion model continues the first test from here. */
export const OPEN_ASSERT = 'assert.deepStrictEqual(';

/** A model's answer as test text: fences taken off, and the prompt's open assert put back where it continues it. */
export function unfenceJs(text: string): string {
  const m = /```[a-zA-Z]*\n([\s\S]*?)(```|$)/.exec(text);
  const body = m ? m[1] : text;
  return /^\s*((assert|expect|import|const|let|var|test|it|describe)\b|\/\/)/.test(body) ? body : `${OPEN_ASSERT}${body}`;
}

/** What one assertion says about a call of the target. */
type Claim = { call: Node; expected: Node | 'throws' | 'truthy' | 'false' } | undefined;

function args(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
}

function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'identifier' ? fn.text : undefined;
}

/** `f(x)` or `await f(x)`, when `f` is the entry: the call node. */
function entryCall(node: Node | undefined, entry: string): Node | undefined {
  if (!node) return undefined;
  if (node.type === 'await_expression' || node.type === 'parenthesized_expression') return entryCall(node.namedChild(0) ?? undefined, entry);
  return node.type === 'call_expression' && calleeName(node) === entry ? node : undefined;
}

/** `() => f(x)`, `() => { f(x); }` or `function () { f(x); }`: the call a throws-assertion wraps. */
function wrappedCall(node: Node | undefined, entry: string): Node | undefined {
  if (!node || (node.type !== 'arrow_function' && node.type !== 'function_expression' && node.type !== 'function')) return undefined;
  const body = node.childForFieldName('body');
  if (body?.type !== 'statement_block') return entryCall(body ?? undefined, entry);
  const statements = body.namedChildren.filter((n) => n?.type !== 'comment');
  return statements.length === 1 && statements[0]?.type === 'expression_statement' ? entryCall(statements[0].namedChild(0) ?? undefined, entry) : undefined;
}

/** The equality claim of `a === b` / `a == b` / `a` when one side calls the entry. */
function subjectClaim(subject: Node | undefined, entry: string): Claim {
  if (!subject) return undefined;
  const direct = entryCall(subject, entry);
  if (direct) return { call: direct, expected: 'truthy' };
  if (subject.type === 'unary_expression' && subject.childForFieldName('operator')?.text === '!') {
    const negated = entryCall(subject.childForFieldName('argument') ?? undefined, entry);
    return negated ? { call: negated, expected: 'false' } : undefined;
  }
  if (subject.type === 'binary_expression' && ['===', '=='].includes(subject.childForFieldName('operator')?.text ?? '')) {
    return pairClaim(subject.childForFieldName('left') ?? undefined, subject.childForFieldName('right') ?? undefined, entry);
  }
  return undefined;
}

function pairClaim(a: Node | undefined, b: Node | undefined, entry: string): Claim {
  const left = entryCall(a, entry);
  if (left && b) return { call: left, expected: b };
  const right = entryCall(b, entry);
  return right && a ? { call: right, expected: a } : undefined;
}

/** The claim of one assertion call, or undefined when it is not one of the shapes read here. */
function claimOf(call: Node, entry: string): Claim | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (fn.type === 'identifier' && fn.text === 'assert') return subjectClaim(args(call)[0], entry);
  if (fn.type !== 'member_expression') return null;
  const object = fn.childForFieldName('object');
  const method = fn.childForFieldName('property')?.text ?? '';
  if (object?.type === 'identifier' && object.text === 'assert') {
    if (method === 'ok') return subjectClaim(args(call)[0], entry);
    if (EQUAL_METHODS.has(method)) return pairClaim(args(call)[0], args(call)[1], entry);
    if (method === 'throws') {
      const wrapped = wrappedCall(args(call)[0], entry);
      return wrapped ? { call: wrapped, expected: 'throws' } : undefined;
    }
    return undefined;
  }
  // expect(x).matcher(y); `expect(x).not.…` says less than a value, so it is not used.
  if (object?.type !== 'call_expression' || calleeName(object) !== 'expect') return null;
  const subject = args(object)[0];
  if (EQUAL_MATCHERS.has(method)) {
    const target = entryCall(subject, entry);
    const expected = args(call)[0];
    return target && expected ? { call: target, expected } : undefined;
  }
  if (method === 'toThrow' || method === 'toThrowError') {
    const wrapped = wrappedCall(subject, entry);
    return wrapped ? { call: wrapped, expected: 'throws' } : undefined;
  }
  if (method === 'toBeTruthy') {
    const target = entryCall(subject, entry);
    return target ? { call: target, expected: 'truthy' } : undefined;
  }
  return undefined;
}

/** Whether `node` uses only the entry, its own parameters' names are absent, and known globals. */
function selfContained(node: Node, entry: string): boolean {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop() as Node;
    if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
      if (n.text !== entry && !KNOWN_GLOBALS.has(n.text)) return false;
    }
    for (const child of n.namedChildren) if (child) stack.push(child);
  }
  return true;
}

/** A usable claim as a test: its call and expected value in canonical source, or null. */
function asTest(claim: NonNullable<Claim>, entry: string): ParsedTest | null {
  if (!selfContained(claim.call, entry)) return null;
  const call = canonical(claim.call);
  if (claim.expected === 'throws') return { call, expected: null, throws: true };
  if (claim.expected === 'truthy') return { call, expected: null };
  // `assert(!f(x))`: like Python's `assert not f(x)`, read as returning false.
  if (claim.expected === 'false') return { call, expected: 'false' };
  if (!selfContained(claim.expected, entry)) return null;
  return { call, expected: canonical(claim.expected) };
}

/** Every assertion in `text` about `entry`: a test, or null for one that cannot be used. */
function claimsIn(grammar: ScriptGrammar, text: string, entry: string): (ParsedTest | null)[] {
  const found: (ParsedTest | null)[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'call_expression') {
      const claim = claimOf(node, entry);
      if (claim !== null) {
        found.push(claim ? asTest(claim, entry) : null);
        return;
      }
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(parseWith(grammar, text).rootNode);
  return found;
}

/** One argument nudged, as Python's parser does: a neighbour, a shorter string or list, a reversed list. */
function nearby(value: Literal): Literal[] {
  if (typeof value === 'number') return [Number.isInteger(value) ? value + 1 : value + 0.5];
  if (typeof value === 'string') return value.length > 1 ? [value.slice(0, -1)] : [];
  if (Array.isArray(value) && value.length > 1) return [value.slice(0, -1), [...value].reverse()];
  return [];
}

function derivedCalls(grammar: ScriptGrammar, entry: string, sources: readonly string[], known: Set<string>, limit: number): string[] {
  const extra: string[] = [];
  for (const source of sources) {
    if (extra.length >= limit) break;
    const call = entryCall(parseWith(grammar, source).rootNode.namedChild(0)?.namedChild(0) ?? undefined, entry);
    const values = call ? args(call).map(asLiteral) : [];
    if (!call || values.some((v) => v === undefined)) continue;
    values.forEach((value, i) => {
      for (const nudged of nearby(value as Literal)) {
        const text = `${entry}(${values.map((v, j) => literalSource(j === i ? nudged : (v as Literal))).join(',')})`;
        if (!known.has(text) && text.length < MAX_SOURCE && extra.length < limit) {
          known.add(text);
          extra.push(text);
        }
      }
    });
  }
  return extra;
}

/**
 * Reads model-written `assert(...)`, `assert.equal/strictEqual/deepEqual/deepStrictEqual/throws`
 * and `expect(x).toBe/toEqual/toStrictEqual/toThrow` calls about `entry` with the tree-sitter
 * grammar into distinct (call, expected) pairs, at most `cap`; drops those whose expected value
 * contradicts an assertion of the user's tests on the same call (a generated test is never
 * trusted over the user's own), and derives up to `mutate` nearby inputs from the user's calls
 * first. Nothing is evaluated here.
 */
export async function parseJsTests(
  grammar: ScriptGrammar,
  input: { entry: string; texts: readonly string[]; visible: readonly string[]; cap: number; mutate?: number },
): Promise<ParsedTests> {
  await parserFor(grammar);
  const visible = new Map<string, string[]>();
  const visibleCalls: string[] = [];
  for (const text of input.visible) {
    for (const test of claimsIn(grammar, text, input.entry)) {
      if (!test) continue;
      visibleCalls.push(test.call);
      if (test.expected !== null) visible.set(test.call, [...(visible.get(test.call) ?? []), test.expected]);
    }
  }
  const tests: ParsedTest[] = [];
  const seen = new Set<string>();
  let contradicting = 0;
  let unusable = 0;
  for (const text of input.texts) {
    for (const test of claimsIn(grammar, text, input.entry)) {
      if (!test || test.call.length > MAX_SOURCE || (test.expected?.length ?? 0) > MAX_SOURCE) {
        unusable++;
        continue;
      }
      const expectedByUser = visible.get(test.call);
      if (test.expected !== null && expectedByUser && !expectedByUser.some((e) => sameLiteral(grammar, e, test.expected as string))) {
        contradicting++;
        continue;
      }
      const key = JSON.stringify(test);
      if (seen.has(key)) continue;
      seen.add(key);
      if (tests.length < input.cap) tests.push(test);
    }
  }
  const known = new Set([...tests.map((t) => t.call), ...visibleCalls]);
  const extraCalls = derivedCalls(grammar, input.entry, [...new Set([...visibleCalls, ...tests.map((t) => t.call)])], known, input.mutate ?? 0);
  return { tests, contradicting, unusable, extraCalls };
}
