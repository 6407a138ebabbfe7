import { strict as assert } from 'node:assert';
import { diffLines, unifiedDiff } from '../../../src/engine/diff/lineDiff';

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
