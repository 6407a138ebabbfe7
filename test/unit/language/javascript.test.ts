import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { listFunctions, locateFunction, taskForFunction } from '../../../src/engine/locate/locateFunction';
import { applyToFile } from '../../../src/engine/task';
import { legacyBundle } from './legacyBundle';

describe('language: JavaScript', () => {
  before(() => ensureLanguageLayer());

  it('finds a function nested in the IIFE of a ~50 KB script, with its JSDoc and body', () => {
    const text = legacyBundle();
    assert.ok(text.length > 50_000, `${text.length} characters`);
    const f = locateFunction(text, 'javascript', 'formatDuration');
    assert.ok(f);
    const def = text.slice(f.range.start, f.range.end);
    assert.ok(def.startsWith('  function formatDuration(ms) {'));
    assert.ok(def.endsWith("padStart(2, '0') + 's';\n  }"));
    assert.equal(f.doc, 'Formats milliseconds as `1h 02m 03s`.');
    assert.equal(f.indent, '  ');
    assert.equal(f.bodyIndent, '    ');
    const names = listFunctions(text, 'javascript');
    assert.deepEqual(names.slice(0, 4), ['renderTimer', 'renderList', 'mount', 'unmount']);
    assert.equal(names[names.length - 1], 'formatDuration');
    assert.ok(names.length > 100, `${names.length} functions`);
  });

  it('fits a body for the nested function and puts it back byte for byte around it', () => {
    const text = legacyBundle();
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'public/widgets.js', fileText: text, functionName: 'formatDuration', testCommand: 'node --test', targetKind: 'body' });
    const e = extractCode(task, "```js\nfunction formatDuration(ms) {\n  const s = Math.floor(ms / 1000);\n  return `${s}s`;\n}\n```");
    assert.ok(e.ok, e.ok ? '' : e.reason);
    assert.equal(e.code, '    const s = Math.floor(ms / 1000);\n    return `${s}s`;');
    const after = applyToFile(task, e.code);
    assert.equal(after.slice(0, task.range.start), text.slice(0, task.range.start));
    assert.equal(after.slice(task.range.start + e.code.length), text.slice(task.range.end));
  });

  it('keeps a top-level constant the answer declares above the function, and drops unused ones', () => {
    const fileText = "export function titleCase(text) {\n  return text;\n}\n";
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'src/title.mjs', fileText, functionName: 'titleCase', testCommand: 'node --test' });
    const answer = [
      '```js',
      "const SMALL = new Set(['a', 'an', 'of']);",
      'const UNUSED = 1;',
      'export function titleCase(text) {',
      "  return text.split(' ').map((w, i) => (i > 0 && SMALL.has(w) ? w : w[0].toUpperCase() + w.slice(1))).join(' ');",
      '}',
      '```',
    ].join('\n');
    const e = extractCode(task, answer);
    assert.ok(e.ok, e.ok ? '' : e.reason);
    assert.match(e.code, /^const SMALL = new Set\(\['a', 'an', 'of'\]\);\n\nexport function titleCase/);
    assert.doesNotMatch(e.code, /UNUSED/);
  });

  it('locates ESM exports: declarations, arrows, async generators, default-object methods', () => {
    const text = readFileSync(path.join(__dirname, 'fixtures', 'slug.mjs'), 'utf8');
    assert.deepEqual(listFunctions(text, 'javascript'), ['slugify', 'stripScheme', 'pages', 'describe', 'run']);
    const slice = (name: string): string => {
      const f = locateFunction(text, 'javascript', name);
      assert.ok(f, name);
      return text.slice(f.range.start, f.range.end);
    };
    assert.ok(slice('slugify').startsWith('export function slugify(title) {'));
    assert.equal(locateFunction(text, 'javascript', 'slugify')?.doc, 'Turns a title into a URL slug.\n@param {string} title');
    assert.equal(slice('stripScheme'), "export const stripScheme = (url) => url.replace(/^https?:\\/\\//, '');");
    assert.ok(slice('pages').startsWith('export async function* pages(fetchPage) {'));
    assert.ok(slice('describe').startsWith('  describe(options = {}) {'));
    assert.ok(slice('run').startsWith('  run: async function (input) {'));
  });

  it('cuts a raw body at the brace that closes the function, past a regex holding a brace', () => {
    const file = 'export function close(s) {\n  throw new Error("not implemented");\n}\n';
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'm.mjs', fileText: file, functionName: 'close', testCommand: 'node --test', targetKind: 'body' });
    const e = extractCode(task, '```js\n  return s.replace(/[}]/g, "");\n}\n\nconsole.log(close("}"));\n```');
    assert.ok(e.ok, e.ok ? '' : e.reason);
    assert.equal(e.code, '  return s.replace(/[}]/g, "");');
  });
});
