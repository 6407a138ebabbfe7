import * as assert from 'node:assert/strict';
import { parseTests } from '../../../src/engine/agreement/assertParser';

const signal = new AbortController().signal;

describe('generated test parser', function () {
  this.timeout(20000);

  it('reads asserts broken after the keyword, flipped comparisons and bare calls, once each', async () => {
    const texts = [
      "assert \n    grow(1) == 2, 'one'\nassert \n    grow(2) == 4\nassert grow(1) == 2",
      'assert 6 == grow(3)\nassert not grow(0)\nassert grow(5)\n',
    ];
    const parsed = await parseTests('python3', { entry: 'grow', texts, visible: [], cap: 50 }, signal);
    assert.deepEqual(parsed.tests, [
      { call: 'grow(1)', expected: '2' },
      { call: 'grow(2)', expected: '4' },
      { call: 'grow(3)', expected: '6' },
      { call: 'grow(0)', expected: 'False' },
      { call: 'grow(5)', expected: null },
    ]);
  });

  it('drops a generated test that contradicts a visible test on the same call, keeps one that agrees', async () => {
    const visible = ['from solution import grow\n\ndef test_one():\n    assert grow(1) == 2\n'];
    const texts = ['assert grow(1) == 3\nassert grow(1) == 2.0\nassert grow(4) == 8'];
    const parsed = await parseTests('python3', { entry: 'grow', texts, visible, cap: 50 }, signal);
    assert.equal(parsed.contradicting, 1);
    assert.deepEqual(parsed.tests.map((t) => `${t.call}=${t.expected}`), ['grow(1)=2.0', 'grow(4)=8']);
  });

  it('ignores other functions, placeholders and text that does not parse, and honours the cap', async () => {
    const texts = ['assert shrink(1) == 0\nassert ____ == grow(2)\nassert grow(1 ==\nassert grow(7) == 14\nassert grow(8) == 16\nassert grow(9) == 18'];
    const parsed = await parseTests('python3', { entry: 'grow', texts, visible: [], cap: 2 }, signal);
    assert.deepEqual(parsed.tests.map((t) => t.call), ['grow(7)', 'grow(8)']);
    assert.ok(parsed.unusable >= 3, `unusable: ${parsed.unusable}`);
  });

  it('never executes the model text it parses', async () => {
    const texts = ["assert grow(__import__('os').system('touch /tmp/parser-ran')) == 1"];
    const parsed = await parseTests('python3', { entry: 'grow', texts, visible: [], cap: 5 }, signal);
    assert.equal(parsed.tests.length, 1, 'kept as text to probe in the sandbox later');
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync('/tmp/parser-ran'), false);
  });

  it('derives nearby inputs from the generated calls when asked, without repeating a known call', async () => {
    const texts = ["assert grow([1, 2, 3], 'ab') == 1\nassert grow(4, 'x') == 2\nassert grow(5, 'x') == 3"];
    const parsed = await parseTests('python3', { entry: 'grow', texts, visible: [], cap: 10, mutate: 10 }, signal);
    // grow(4, 'x') would give grow(5, 'x'), already a generated call; one-letter strings are not shortened.
    assert.deepEqual(parsed.extraCalls, ["grow([1, 2], 'ab')", "grow([3, 2, 1], 'ab')", "grow([1, 2, 3], 'a')", "grow(6, 'x')"]);
    const none = await parseTests('python3', { entry: 'grow', texts, visible: [], cap: 10 }, signal);
    assert.deepEqual(none.extraCalls, []);
  });

  it("derives inputs from the user's own calls first, even when the model wrote no usable test", async () => {
    const visible = ['def test_grow():\n    assert grow([3, 1, 2]) == 6\n    assert grow([5]) == 5\n'];
    const parsed = await parseTests('python3', { entry: 'grow', texts: ['nothing usable here'], visible, cap: 10, mutate: 10 }, signal);
    assert.deepEqual(parsed.tests, []);
    // A one-item list has no shorter or reversed neighbour; the visible calls themselves are not repeated.
    assert.deepEqual(parsed.extraCalls, ['grow([3, 1])', 'grow([2, 1, 3])']);
  });
});
