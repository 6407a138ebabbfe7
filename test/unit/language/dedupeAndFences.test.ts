import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fenceFor } from '../../../src/engine/extract/fenceFor';
import { findFencedBlocks } from '../../../src/engine/extract/modelText';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { buildPrompt } from '../../../src/engine/prompt/buildPrompt';
import { codeHash } from '../../../src/engine/run/dedupe';

describe('language: dedupe keys from the syntax tree', () => {
  before(() => ensureLanguageLayer());

  it('keeps what follows a regex literal holding "//" (two different candidates, two keys)', () => {
    const lower = "function host(s) {\n  return s.replace(/^https?:\\/\\//, '').toLowerCase();\n}";
    const upper = "function host(s) {\n  return s.replace(/^https?:\\/\\//, '').toUpperCase();\n}";
    assert.notEqual(codeHash(lower, 'javascript'), codeHash(upper, 'javascript'));
    assert.notEqual(codeHash(lower, 'typescript'), codeHash(upper, 'typescript'));
  });

  it('gives candidates that differ only in layout whitespace or comments one key', () => {
    const spaced = 'function parseDuration(text)   {\n  const m = /(\\d+)h/.exec(text) ;\n  return m ? Number(m[1]) * 3600 : 0; // hours only\n}';
    const tight = 'function parseDuration(text) {\n    /* hours */ const m = /(\\d+)h/.exec(text);\n    return m ? Number(m[1]) * 3600 : 0;\n}';
    assert.equal(codeHash(spaced, 'javascript'), codeHash(tight, 'javascript'));
    assert.equal(codeHash('def f(x) :\n    return x+1  # one\n', 'python'), codeHash('def f(x):\n    return x + 1\n', 'python'));
  });

  it('keeps string contents, spaces inside them included, and Python block structure', () => {
    assert.notEqual(codeHash('const s = "a  b";', 'javascript'), codeHash('const s = "a b";', 'javascript'));
    assert.notEqual(codeHash('const s = `a ${x}  b`;', 'typescript'), codeHash('const s = `a ${x} b`;', 'typescript'));
    assert.notEqual(codeHash('if x:\n    y()\nz()', 'python'), codeHash('if x:\n    y()\n    z()', 'python'));
    assert.notEqual(codeHash('s = "# not a comment"', 'python'), codeHash('s = ""', 'python'));
  });
});

describe('language: code fences around text that holds fences', () => {
  before(() => ensureLanguageLayer());

  it('fenceFor is longer than any backtick run in the text', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('doc\n```pycon\n>>> f()\n```\n'), '````');
    assert.equal(fenceFor('a ````` b'), '``````');
  });

  it('the prompt fences the code so its docstring examples stay inside the block', async () => {
    const file = readFileSync(path.join(__dirname, 'fixtures', 'durations.py'), 'utf8');
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'src/tempo/durations.py', fileText: file, functionName: 'parse_duration', testCommand: 'python3 -m pytest -q' });
    const user = (await buildPrompt(task, [], { promptTokenBudget: 100_000, readProjectFile: async () => undefined })).messages[1].content;
    assert.match(user, /^````python$/m);
    // The code block holds the whole file; the spec after it may show the example again, as prose.
    const [code] = findFencedBlocks(user);
    assert.equal(code.lang, 'python');
    assert.equal(code.unclosed, false);
    assert.ok(code.code.includes('    ```pycon\n    >>> parse_duration("2m")') && code.code.includes('async def wait_for'));
  });

  it('a bare fence deeper than the opening one, or closing a fence the block opened, does not end the block', () => {
    const answer = '```python\ndef f():\n    """Doc.\n\n    ```pycon\n    >>> f()\n    ```\n    """\n```\nafter';
    assert.deepEqual(findFencedBlocks(answer).map((b) => [b.code.split('\n').length, b.unclosed]), [[7, false]]);
    const moduleDoc = '```python\n"""Module.\n\n```pycon\n>>> 1\n```\n"""\nx = 1\n```';
    assert.equal(findFencedBlocks(moduleDoc)[0].code, '"""Module.\n\n```pycon\n>>> 1\n```\n"""\nx = 1');
  });
});
