import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ParsedTest } from '../../../src/engine/agreement/assertParser';
import { planJsTestFile } from '../../../src/engine/language/javascript/testFile';
import { TempProject } from './workspaceFixture';

const ESM_RIGHT = `export function slugify(text) {\n  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');\n}\n`;
// Forgets to trim the dashes at the ends.
const ESM_WRONG = `export function slugify(text) {\n  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-');\n}\n`;
const CJS_RIGHT = `function slugify(text) {\n  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');\n}\nmodule.exports = { slugify };\n`;
const TESTS: ParsedTest[] = [
  { call: 'slugify("Hello World")', expected: '"hello-world"' },
  { call: 'slugify("  Ünïcode & more!  ")', expected: '"n-code-more"' },
  { call: 'slugify("a")', expected: null },
];
const jestBin = path.resolve('node_modules/.bin/jest');

describe('write tests first: JavaScript test files', () => {
  let project: TempProject;
  beforeEach(() => (project = new TempProject()));
  afterEach(() => project.dispose());

  it('writes a node:test file beside an ES module that passes on a right implementation and fails on a wrong one', async () => {
    project.write({ 'package.json': '{"type": "module", "scripts": {"test": "node --test"}}', 'lib/slug.js': ESM_RIGHT });
    const plan = await planJsTestFile(project.input('lib/slug.js', ESM_RIGHT, 'slugify', 'npm test', TESTS));
    assert.deepEqual([plan.path, plan.existed, plan.framework], ['lib/slug.test.js', false, 'node:test']);
    assert.match(plan.after, /^import \{ test \} from 'node:test';\nimport assert from 'node:assert\/strict';\nimport \{ slugify \} from '\.\/slug\.js';\n/);
    assert.match(plan.after, /assert\.deepStrictEqual\(slugify\("Hello World"\), "hello-world"\);/);
    assert.match(plan.after, /assert\.ok\(slugify\("a"\)\);/);
    project.apply(plan);
    const right = project.run(process.execPath, ['--test', 'lib/']);
    assert.equal(right.code, 0, right.output);
    assert.match(right.output, /# pass 3/);
    project.write({ 'lib/slug.js': ESM_WRONG });
    const wrong = project.run(process.execPath, ['--test', 'lib/']);
    assert.equal(wrong.code, 1, wrong.output);
    assert.match(wrong.output, /# fail 1/);
  });

  it('writes a jest file that requires a CommonJS module, run by jest itself', async () => {
    project.write({ 'package.json': '{"scripts": {"test": "jest"}}', 'src/slug.js': CJS_RIGHT, 'src/__tests__/other.test.js': "test('other', () => expect(1).toBe(1));\n" });
    const plan = await planJsTestFile(project.input('src/slug.js', CJS_RIGHT, 'slugify', 'npx jest', TESTS.slice(0, 2)));
    assert.deepEqual([plan.path, plan.framework], ['src/__tests__/slug.test.js', 'jest']);
    assert.match(plan.after, /^const \{ slugify \} = require\('\.\.\/slug\.js'\);\n/);
    assert.match(plan.after, /expect\(slugify\("Hello World"\)\)\.toEqual\("hello-world"\);/);
    project.apply(plan);
    const right = project.run(process.execPath, [jestBin, '--ci', '--rootDir', project.root]);
    assert.equal(right.code, 0, right.output);
    assert.match(right.output, /Tests:\s+3 passed/);
    project.write({ 'src/slug.js': CJS_RIGHT.replace(".replace(/^-|-$/g, '')", '') });
    const wrong = project.run(process.execPath, [jestBin, '--ci', '--rootDir', project.root]);
    assert.equal(wrong.code, 1, wrong.output);
    assert.match(wrong.output, /Tests:\s+1 failed, 2 passed/);
  });

  it('adds to an existing test file without repeating its imports', async () => {
    const existing = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { slugify } from './slug.js';\n\ntest('empty', () => assert.equal(slugify(''), ''));\n";
    project.write({ 'package.json': '{"type": "module"}', 'slug.js': ESM_RIGHT, 'slug.test.js': existing });
    const plan = await planJsTestFile(project.input('slug.js', ESM_RIGHT, 'slugify', 'node --test', TESTS.slice(0, 1)));
    assert.equal(plan.existed, true);
    assert.ok(plan.after.startsWith(existing.trimEnd()));
    assert.equal(plan.after.match(/^import /gm)?.length, 3);
    project.apply(plan);
    const run = project.run(process.execPath, ['--test']);
    assert.match(run.output, /# pass 2/);
  });

  it('refuses a function the module does not export, saying what to do', async () => {
    const hidden = 'function slugify(text) { return text; }\nexport const other = 1;\n';
    project.write({ 'package.json': '{"type": "module"}', 'slug.js': hidden });
    await assert.rejects(planJsTestFile(project.input('slug.js', hidden, 'slugify', 'node --test', TESTS)), /slugify is not exported from slug\.js, so a test file cannot import it: export it/);
  });
});
