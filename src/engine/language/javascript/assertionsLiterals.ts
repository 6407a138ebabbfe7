import type { Node } from '@vscode/tree-sitter-wasm';
import { isDeepStrictEqual } from 'node:util';
import { parseWith } from '../treeSitter';

/** A value written as a literal in JavaScript source: what derived inputs nudge and contradictions compare. */
export type Literal = number | string | boolean | null | Literal[] | { [key: string]: Literal };

/** Nodes whose text is one token however they are spelled inside. */
const ATOMIC = new Set(['string', 'template_string', 'regex', 'number']);

/**
 * `node`'s source as tokens without comments or layout, so `f(1, 2)` and `f( 1,2 )` are one
 * call; a space stays only where two tokens would otherwise merge (`new Date`, `a - -b`).
 */
export function canonical(node: Node): string {
  if (ATOMIC.has(node.type) || node.childCount === 0) return node.text;
  let out = '';
  for (const child of node.children) {
    if (!child || child.type === 'comment') continue;
    const piece = canonical(child);
    const merges = (/[\w$]$/.test(out) && /^[\w$]/.test(piece)) || (/[+-]$/.test(out) && /^[+-]/.test(piece));
    out += (merges ? ' ' : '') + piece;
  }
  return out;
}

function unescape(sequence: string): string {
  if (sequence === "\\'") return "'";
  try {
    return JSON.parse(`"${sequence}"`) as string;
  } catch {
    return sequence.slice(1);
  }
}

function stringValue(node: Node): string | undefined {
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_fragment') value += child.text;
    else if (child.type === 'escape_sequence') value += unescape(child.text);
    else return undefined; // a template substitution: not a constant
  }
  return value;
}

/** The value `node` spells when it is a literal (numbers, strings, booleans, null, arrays and objects of them). */
export function asLiteral(node: Node | null | undefined): Literal | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'number': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isNaN(value) ? undefined : value;
    }
    case 'string':
    case 'template_string':
      return stringValue(node);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'parenthesized_expression':
      return asLiteral(node.namedChild(0));
    case 'unary_expression': {
      const operand = asLiteral(node.childForFieldName('argument'));
      return node.childForFieldName('operator')?.text === '-' && typeof operand === 'number' ? -operand : undefined;
    }
    case 'array': {
      const items = node.namedChildren.filter((n) => n?.type !== 'comment').map(asLiteral);
      return items.every((v) => v !== undefined) ? (items as Literal[]) : undefined;
    }
    case 'object': {
      const out: Record<string, Literal> = {};
      for (const pair of node.namedChildren) {
        if (!pair || pair.type === 'comment') continue;
        if (pair.type !== 'pair') return undefined;
        const key = pair.childForFieldName('key');
        const name = key?.type === 'string' ? stringValue(key) : key?.type === 'property_identifier' || key?.type === 'number' ? key.text : undefined;
        const value = asLiteral(pair.childForFieldName('value'));
        if (name === undefined || value === undefined) return undefined;
        out[name] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Source that evaluates to `value` (JSON is valid JavaScript for these values). */
export function literalSource(value: Literal): string {
  return JSON.stringify(value);
}

function expressionOf(grammar: 'javascript' | 'typescript', source: string): Node | null {
  return parseWith(grammar, `(${source});`).rootNode.namedChild(0)?.namedChild(0)?.namedChild(0) ?? null;
}

/** Whether two expected values agree: equal as values when both are literals (`2` and `2.0`), else as canonical source. */
export function sameLiteral(grammar: 'javascript' | 'typescript', a: string, b: string): boolean {
  if (a === b) return true;
  const left = asLiteral(expressionOf(grammar, a));
  const right = asLiteral(expressionOf(grammar, b));
  return left !== undefined && right !== undefined && isDeepStrictEqual(left, right);
}
