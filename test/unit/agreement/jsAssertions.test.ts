import * as assert from 'node:assert/strict';
import { javascriptTestPrompt, parseJsTests, unfenceJs } from '../../../src/engine/language/javascript/assertions';
import type { Task } from '../../../src/engine/task';

const MODEL = `
const assert = require('node:assert');
assert.deepStrictEqual(slugify("Hello  World"), "hello-world");
assert.equal( slugify('A_b') , 'a-b' ); // layout and comments do not make a new test
assert.strictEqual("x", slugify("X"));
assert(slugify("ok") === "ok");
assert.ok(!slugify(""));
assert.throws(() => slugify(42));
expect(slugify('Top 10')).toBe('top-10');
expect(slugify(['a', 'b'])).toEqual(['a', 'b']);
expect(() => { slugify(null); }).toThrow(TypeError);
expect(slugify('x')).not.toBe('y');
assert.equal(slugify(title), 'uses a variable');
assert.equal(other('a'), 'a');
`;

describe('JavaScript assertions read with the tree-sitter grammar', () => {
  it('turns assert and expect calls about the target into (call, expected) pairs and counts the rest as unusable', async () => {
    const parsed = await parseJsTests('javascript', { entry: 'slugify', texts: [MODEL], visible: [], cap: 50 });
    assert.deepEqual(parsed.tests, [
      { call: 'slugify("Hello  World")', expected: '"hello-world"' },
      { call: "slugify('A_b')", expected: "'a-b'" },
      { call: 'slugify("X")', expected: '"x"' },
      { call: 'slugify("ok")', expected: '"ok"' },
      { call: 'slugify("")', expected: 'false' },
      { call: 'slugify(42)', expected: null, throws: true },
      { call: "slugify('Top 10')", expected: "'top-10'" },
      { call: "slugify(['a','b'])", expected: "['a','b']" },
      { call: 'slugify(null)', expected: null, throws: true },
    ]);
    // A test's own variable, and an assertion about another function; `.not.toBe` is not read at all.
    assert.equal(parsed.unusable, 2);
  });

  it('drops a generated test that contradicts the user\'s test on the same call, but not one that agrees in another spelling', async () => {
    const visible = [`test('t', () => {\n  assert.equal(slugify('Hello World'), "hello-world");\n  expect(total([1, 2])).toBe(3.0);\n});`];
    const texts = [`assert.equal(slugify( 'Hello World' ), 'hello_world');\nexpect(total([1,2])).toBe(3);\nexpect(total([1,2])).toBe(4);`];
    const slug = await parseJsTests('javascript', { entry: 'slugify', texts, visible, cap: 50 });
    assert.equal(slug.contradicting, 1);
    assert.deepEqual(slug.tests, []);
    const total = await parseJsTests('javascript', { entry: 'total', texts, visible, cap: 50 });
    assert.equal(total.contradicting, 1, '3 agrees with 3.0; 4 does not');
    assert.deepEqual(total.tests, [{ call: 'total([1,2])', expected: '3' }]);
  });

  it('derives nearby inputs from the user\'s own calls, even when the model wrote nothing usable', async () => {
    const visible = [`it('clamps', () => { assert.strictEqual(clamp(5, [1, 2, 3], 'abc'), 3); });`];
    const parsed = await parseJsTests('typescript', { entry: 'clamp', texts: ['no tests here'], visible, cap: 10, mutate: 10 });
    assert.deepEqual(parsed.tests, []);
    assert.deepEqual(parsed.extraCalls, ['clamp(6,[1,2,3],"abc")', 'clamp(5,[1,2],"abc")', 'clamp(5,[3,2,1],"abc")', 'clamp(5,[1,2,3],"ab")']);
  });

  it('keeps at most cap tests', async () => {
    const texts = [Array.from({ length: 10 }, (_, i) => `assert.equal(f(${i}), ${i});`).join('\n')];
    assert.equal((await parseJsTests('javascript', { entry: 'f', texts, visible: [], cap: 3 })).tests.length, 3);
  });

  it('prompts with the target\'s signature and a stub body, then an open assert, and puts that assert back on a bare continuation', async () => {
    const fileText = `'use strict';\n\nfunction before() {\n  return 1;\n}\n\n/** Slug of a title. */\nfunction slugify(title) {\n  return title.toLowerCase();\n}\n\nmodule.exports = { slugify };\n`;
    const start = fileText.indexOf('function slugify');
    const task: Task = { workspaceRoot: '/x', filePath: 'slug.js', fileText, range: { start, end: fileText.indexOf('\n\nmodule') }, targetKind: 'function', functionName: 'slugify', spec: '', testCommand: 'node --test', language: 'javascript' };
    const prompt = await javascriptTestPrompt(task);
    assert.ok(prompt.includes('/** Slug of a title. */\nfunction slugify(title) {\n  // …\n}'), prompt);
    assert.ok(!prompt.includes('toLowerCase'), 'the body is not shown');
    assert.ok(prompt.endsWith('// check the correctness of slugify with node:assert\nassert.deepStrictEqual('));
    assert.equal(unfenceJs('slugify("A"), "a");'), 'assert.deepStrictEqual(slugify("A"), "a");');
    assert.equal(unfenceJs('```js\nexpect(slugify("A")).toBe("a");\n```'), 'expect(slugify("A")).toBe("a");\n');
  });
});
