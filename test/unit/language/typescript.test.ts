import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { listFunctions, locateFunction, taskForFunction } from '../../../src/engine/locate/locateFunction';

const TSX = readFileSync(path.join(__dirname, 'fixtures', 'shapes.tsx.txt'), 'utf8');
const slice = (name: string): string => {
  const f = locateFunction(TSX, 'typescript', name);
  assert.ok(f, name);
  return TSX.slice(f.range.start, f.range.end);
};

describe('language: TypeScript and TSX', () => {
  before(() => ensureLanguageLayer());

  it('lists overloaded functions once, generic arrows, methods (the constructor too), field arrows and a TSX default export', () => {
    assert.deepEqual(listFunctions(TSX, 'typescript'), ['parseSize', 'clamp', 'constructor', 'get', 'set', 'clear', 'SizeLabel']);
  });

  it('takes overload signatures with the implementation, and the JSDoc above the first', () => {
    const text = slice('parseSize');
    assert.ok(text.startsWith('export function parseSize(text: string): Result<number>;\nexport function parseSize(text: number)'));
    assert.ok(text.endsWith("Number(m[1]) };\n}"));
    assert.equal(locateFunction(TSX, 'typescript', 'parseSize')?.doc, 'Parses a size such as `10px` or `2rem`.');
    assert.ok(slice('set').startsWith('  set(key: K, value: V): this;\n  set(key: K, value: V, ttl: number): this;\n  set(key: K, value: V, ttl?: number): this {'));
  });

  it('finds generic arrows and class-field arrows, and the TSX component', () => {
    assert.equal(slice('clamp'), 'export const clamp = <T extends number>(value: T, low: T, high: T): number => Math.min(high, Math.max(low, value));');
    assert.ok(slice('clear').startsWith('  readonly clear = (): void => {'));
    assert.ok(slice('SizeLabel').startsWith('export default function SizeLabel({ size }: { size: string }): JSX.Element {'));
    assert.ok(slice('SizeLabel').endsWith('</span>;\n}'));
  });

  it('fits a whole-function answer for a .ts file whose `<T>` cast TSX would misread', () => {
    const file = 'export function first<T>(xs: T[]): T | undefined {\n  throw new Error("todo");\n}\n';
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'src/first.ts', fileText: file, functionName: 'first', testCommand: 'npx jest' });
    const e = extractCode(task, '```ts\nexport function first<T>(xs: T[]): T | undefined {\n  return xs.length ? <T>xs[0] : undefined;\n}\n```');
    assert.ok(e.ok, e.ok ? '' : e.reason);
    assert.match(e.code, /<T>xs\[0\]/);
  });
});
