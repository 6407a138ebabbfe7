import { strict as assert } from 'node:assert';
import { diffLines, foldUnchanged, splitLines, unifiedDiff } from '../../../src/engine/diff/lineDiff';

/** Length of the longest common subsequence, by dynamic programming, as the reference. */
function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

/** A small deterministic generator so failures reproduce. */
function lines(seed: number, n: number): string[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return 'abcd'[s % 4];
  });
}

describe('line diff', () => {
  it('rebuilds both texts and finds a shortest edit script (checked against LCS) on 500 random pairs', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const a = lines(seed, seed % 13);
      const b = lines(seed * 7 + 3, (seed * 5) % 11);
      const d = diffLines(a.join('\n'), b.join('\n'));
      assert.deepEqual(d.filter((l) => l.kind !== 'add').map((l) => l.text), a);
      assert.deepEqual(d.filter((l) => l.kind !== 'remove').map((l) => l.text), b);
      assert.equal(d.filter((l) => l.kind === 'equal').length, lcs(a, b), `seed ${seed}`);
    }
  });

  it('prints unified hunks with context and file line numbers', () => {
    const old = 'def f(x):\n    """Doc."""\n    raise NotImplementedError\n';
    const neu = 'def f(x):\n    """Doc."""\n    return x * 2\n';
    assert.equal(unifiedDiff(old, neu, { fromLabel: 'a/m.py', toLabel: 'b/m.py', lineOffset: 10 }), '--- a/m.py\n+++ b/m.py\n@@ -11,3 +11,3 @@\n def f(x):\n     """Doc."""\n-    raise NotImplementedError\n+    return x * 2\n');
    assert.equal(unifiedDiff('same\n', 'same'), '');
  });

  it('splits distant changes into separate hunks', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[1] = 'X';
    b[18] = 'Y';
    const out = unifiedDiff(a.join('\n'), b.join('\n'), { context: 2 });
    assert.deepEqual(out.match(/^@@.*@@$/gm), ['@@ -1,4 +1,4 @@', '@@ -17,4 +17,4 @@']);
  });
});

describe('line diff: the conventions the panel and the CLI share', () => {
  it('handles empty texts, identical texts and CRLF', () => {
    assert.deepEqual(diffLines('', ''), []);
    assert.deepEqual(diffLines('', 'x\n'), [{ kind: 'add', text: 'x', newLine: 1 }]);
    assert.deepEqual(diffLines('x\r\ny\r\n', 'x\ny\n'), [
      { kind: 'equal', text: 'x', oldLine: 1, newLine: 1 },
      { kind: 'equal', text: 'y', oldLine: 2, newLine: 2 },
    ]);
    assert.deepEqual(splitLines('a\n\nb'), ['a', '', 'b']);
  });

  it('does not count trailing whitespace as a change, shows the new text, and keeps indentation changes', () => {
    assert.deepEqual(
      diffLines('a  \nb\n', 'a\nb \n').map((l) => [l.kind, l.text]),
      [
        ['equal', 'a'],
        ['equal', 'b '],
      ],
    );
    assert.deepEqual(
      diffLines('x\n  a\n', 'x\na\n').map((l) => [l.kind, l.text]),
      [
        ['equal', 'x'],
        ['remove', '  a'],
        ['add', 'a'],
      ],
    );
    assert.equal(unifiedDiff('def f():\n    return 1  \n', 'def f():\n    return 1\n'), '', 'the CLI agrees: no change to print');
  });

  it('puts removals before additions within a change', () => {
    const kinds = diffLines('a\nold\nz\n', 'a\nnew\nz\n').map((l) => l.kind);
    assert.deepEqual(kinds, ['equal', 'remove', 'add', 'equal']);
  });

  it('stays correct and bounded when two large texts are unrelated', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `old ${i}`);
    const b = Array.from({ length: 3000 }, (_, i) => `new ${i}`);
    const started = Date.now();
    const d = diffLines(a.join('\n'), b.join('\n'));
    assert.deepEqual(d.filter((l) => l.kind !== 'add').map((l) => l.text), a);
    assert.deepEqual(d.filter((l) => l.kind !== 'remove').map((l) => l.text), b);
    assert.ok(Date.now() - started < 10_000, 'gives up on an edit script past the edit cap instead of searching on');
  });

  it('folds long unchanged stretches but keeps context around changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[10] = 'changed';
    const folded = foldUnchanged(diffLines(before.join('\n'), after.join('\n')), 2);
    assert.deepEqual(folded[0], { kind: 'fold', count: 8 });
    assert.deepEqual(folded.slice(1, 3).map((l) => ('text' in l ? l.text : '')), ['line 8', 'line 9']);
    assert.deepEqual(folded[folded.length - 1], { kind: 'fold', count: 7 });
    assert.equal(folded.filter((l) => l.kind === 'remove').length, 1);
  });

  it('numbers hunks of pure insertions and pure deletions as unified diffs do', () => {
    assert.equal(unifiedDiff('', 'a\n'), '--- current\n+++ candidate\n@@ -0,0 +1,1 @@\n+a\n');
    assert.equal(unifiedDiff('a\n', ''), '--- current\n+++ candidate\n@@ -1,1 +0,0 @@\n-a\n');
  });
});
