import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** This repository's node_modules (mocha is installed there), for projects that need a runner. */
const REPO_NODE_MODULES = path.resolve(__dirname, '../../../node_modules');

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

/** `slugkit`: an ES module package tested with `node --test`; its two tests do not cover punctuation. */
export const SLUGKIT = {
  file: 'src/slug.js',
  testCommand: 'node --test',
  source: `/**
 * Turns a title into a URL slug: lower-case letters and digits joined by single hyphens,
 * with no hyphen at either end; everything else separates words.
 * @param {string} title
 * @returns {string}
 */
export function slugify(title) {
  throw new Error('not implemented');
}
`,
};

export function makeSlugkit(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bon-slugkit-'));
  write(root, {
    'package.json': JSON.stringify({ name: 'slugkit', version: '0.3.0', type: 'module', exports: './src/index.js', scripts: { test: 'node --test' } }, null, 2),
    'src/index.js': "export { slugify } from './slug.js';\n",
    [SLUGKIT.file]: SLUGKIT.source,
    'test/slug.test.js': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify } from '../src/index.js';

test('joins words with hyphens', () => {
  assert.equal(slugify('Hello World'), 'hello-world');
});

test('keeps digits', () => {
  assert.equal(slugify('Top 10 Tips'), 'top-10-tips');
});
`,
  });
  return root;
}

/** `csvline`: a CommonJS package with mocha-style tests (describe/it), mocha from this repository. */
export const CSVLINE = {
  file: 'lib/split.js',
  testCommand: 'node node_modules/.bin/mocha',
  source: `'use strict';

/**
 * Splits one CSV line into its fields. A field in double quotes may hold commas, and a
 * doubled quote inside it stands for one quote.
 * @param {string} line
 * @returns {string[]}
 */
function splitCsvLine(line) {
  throw new Error('not implemented');
}

module.exports = { splitCsvLine };
`,
};

export function makeCsvline(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bon-csvline-'));
  write(root, {
    'package.json': JSON.stringify({ name: 'csvline', version: '1.0.0', main: 'lib/split.js', scripts: { test: 'mocha' } }, null, 2),
    '.mocharc.json': JSON.stringify({ spec: 'test/**/*.spec.js' }),
    [CSVLINE.file]: CSVLINE.source,
    'test/split.spec.js': `'use strict';
const assert = require('assert');
const { splitCsvLine } = require('../lib/split');

describe('splitCsvLine', function () {
  it('splits plain fields', function () {
    assert.deepStrictEqual(splitCsvLine('a,b,c'), ['a', 'b', 'c']);
  });
  it('keeps commas inside quotes', function () {
    assert.deepStrictEqual(splitCsvLine('"a,b",c'), ['a,b', 'c']);
  });
});
`,
  });
  symlinkSync(REPO_NODE_MODULES, path.join(root, 'node_modules'), 'dir');
  return root;
}
