import assert from 'assert';
import type { DiffLine } from '../../webview-ui/diff';
import { diffLines, foldUnchanged, splitLines } from '../../webview-ui/diff';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

const side = (lines: DiffLine[], keep: DiffLine['kind']): string[] => lines.filter((l) => l.kind === 'equal' || l.kind === keep).map((l) => l.text);

describe('webview diff', () => {
  it('reconstructs both texts and keeps a longest common subsequence (random inputs)', () => {
    const random = prng(7);
    const alphabet = ['a', 'b', 'c', 'return x', '', '    pass'];
    for (let round = 0; round < 300; round++) {
      const make = (): string[] => Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]);
      const a = make();
      const b = make();
      const lines = diffLines(a.map((l) => `${l}\n`).join(''), b.map((l) => `${l}\n`).join(''));
      assert.deepStrictEqual(side(lines, 'delete'), a, `old side, round ${round}`);
      assert.deepStrictEqual(side(lines, 'insert'), b, `new side, round ${round}`);
      assert.strictEqual(lines.filter((l) => l.kind === 'equal').length, lcsLength(a, b), `minimal, round ${round}`);
    }
  });

  it('handles empty texts, identical texts and CRLF', () => {
    assert.deepStrictEqual(diffLines('', ''), []);
    assert.deepStrictEqual(diffLines('', 'x\n'), [{ kind: 'insert', text: 'x' }]);
    assert.deepStrictEqual(diffLines('x\r\ny\r\n', 'x\ny\n'), [
      { kind: 'equal', text: 'x' },
      { kind: 'equal', text: 'y' },
    ]);
    assert.deepStrictEqual(splitLines('a\n\nb'), ['a', '', 'b']);
  });

  it('stays correct when two large texts are unrelated', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `old ${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `new ${i}`).join('\n');
    const lines = diffLines(a, b);
    assert.deepStrictEqual(side(lines, 'delete'), a.split('\n'));
    assert.deepStrictEqual(side(lines, 'insert'), b.split('\n'));
  });

  it('folds long unchanged stretches but keeps context around changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[10] = 'changed';
    const folded = foldUnchanged(diffLines(before.join('\n'), after.join('\n')), 2);
    assert.deepStrictEqual(folded[0], { kind: 'fold', count: 8 });
    assert.deepStrictEqual(folded.slice(1, 3).map((l) => ('text' in l ? l.text : '')), ['line 8', 'line 9']);
    assert.deepStrictEqual(folded[folded.length - 1], { kind: 'fold', count: 7 });
    assert.strictEqual(folded.filter((l) => l.kind === 'delete').length, 1);
  });
});

describe('webview diff: whitespace', () => {
  it('does not count trailing whitespace as a change, and shows the new text', () => {
    assert.deepStrictEqual(diffLines('a  \nb\n', 'a\nb \n'), [
      { kind: 'equal', text: 'a' },
      { kind: 'equal', text: 'b ' },
    ]);
    assert.deepStrictEqual(diffLines('x\n  a\n', 'x\na\n'), [
      { kind: 'equal', text: 'x' },
      { kind: 'delete', text: '  a' },
      { kind: 'insert', text: 'a' },
    ]);
  });
});
