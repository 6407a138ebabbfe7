import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { StripError, stripTypes } from '../../../src/engine/language/typescript/probeStrip';
import { loadGrammars, parseWith } from '../../../src/engine/language/treeSitter';

const SOURCE = `import type { Options } from './options';
import { type Unit, UNITS } from './units';
export interface Shape { width: number }
export type Pair<T> = [T, T];
declare const injected: string;
abstract class Base<T> implements Shape {
  abstract area(): number;
  width = 0;
}
export class Box<T extends object> extends Base<T> {
  private cache!: Map<string, number>;
  declare readonly tag: string;
  constructor(public readonly label: string, private count?: number) {
    super();
  }
  area(this: Box<T>): number {
    return (this.count ?? 1) * (this.label.length as number);
  }
}
function first<T>(xs: T[]): T | undefined;
function first<T>(xs: T[], fallback?: T): T | undefined {
  return xs.length ? xs[0]! : fallback;
}
const boxed = new Box<object>('abc', 2) satisfies Shape;
console.log(JSON.stringify([boxed.label, boxed.area(), first<number>([7]), <number>(first([]) ?? 5)]));
`;

describe('TypeScript type stripping for probes (tree-sitter TypeScript grammar)', () => {
  it('leaves JavaScript that parses, keeps every line where it was, and runs as the TypeScript would', async () => {
    const js = await stripTypes(SOURCE);
    assert.equal(js.split('\n').length, SOURCE.split('\n').length, 'line numbers stay the source\'s');
    await loadGrammars(['javascript']);
    assert.equal(parseWith('javascript', js).rootNode.hasError, false, js);
    assert.ok(!/interface|implements|declare|private|readonly|import type|satisfies/.test(js), js);
    // The imports name files that do not exist here; everything after them runs as plain JavaScript.
    const runnable = js.replace(/^import .*$/gm, '').replace(/^export /gm, '');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', runnable], { encoding: 'utf8' });
    assert.equal(out.trim(), JSON.stringify(['abc', 6, 7, 5]));
  });

  it('refuses what needs the compiler to mean anything at run time, naming it', async () => {
    await assert.rejects(stripTypes('enum Color { Red, Green }\nexport const c = Color.Red;\n'), (e: unknown) => e instanceof StripError && /an enum at line 1/.test(e.message));
    await assert.rejects(stripTypes('namespace Util { export const x = 1; }\n'), StripError);
    await assert.rejects(stripTypes('function (: broken {'), /does not parse/);
  });
});
