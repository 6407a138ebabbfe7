import { strict as assert } from 'node:assert';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { chooseBlock, findFencedBlocks } from '../../../src/engine/extract/modelText';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { applyToFile, type Task } from '../../../src/engine/task';

const PY_FILE = `import os


def total(xs):
    """Sum of xs."""
    raise NotImplementedError


class Acc:
    def add(self, x):
        """Add x."""
        pass
`;

function pyTask(name: string, kind: 'function' | 'body' = 'function'): Task {
  return taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: PY_FILE, functionName: name, testCommand: 'pytest', targetKind: kind });
}

function ok(task: Task, content: string): string {
  const e = extractCode(task, content);
  assert.ok(e.ok, e.ok ? '' : e.reason);
  return e.code;
}

describe('extract: model text', () => {
  before(() => ensureLanguageLayer());

  it('finds fences of both kinds, tags, and an unclosed last fence', () => {
    const blocks = findFencedBlocks('x\n```Python title\na\n```\n~~~\nb\n~~~\n````js\nc\n```\nstill c');
    assert.deepEqual(blocks.map((b) => [b.lang, b.code, b.unclosed]), [['python', 'a', false], ['', 'b', false], ['js', 'c\n```\nstill c', true]]);
  });

  it('prefers the task language, then the last block defining the function', () => {
    const blocks = findFencedBlocks('```bash\npytest\n```\n```python\ndef f():\n    return 1\n```\n```python\nprint(f())\n```\n```python\ndef f():\n    return 2\n```');
    assert.equal(chooseBlock(blocks, 'python', 'f')?.code, 'def f():\n    return 2');
    assert.equal(chooseBlock(findFencedBlocks('```sh\nls\n```'), 'python', 'f')?.code, 'ls');
  });
});

describe('extract: Python function targets', () => {
  before(() => ensureLanguageLayer());

  it('keeps the function and the helpers and imports it uses, drops examples and main blocks', () => {
    const code = ok(
      pyTask('total'),
      'Sure!\n```python\nimport math\nimport sys\n\nSCALE = 1\n\ndef _clean(xs):\n    return [x * SCALE for x in xs if not math.isnan(x)]\n\ndef unused():\n    return sys.argv\n\ndef total(xs):\n    return sum(_clean(xs))\n\nprint(total([1, 2]))\nassert total([]) == 0\nif __name__ == "__main__":\n    total([1])\n```',
    );
    assert.equal(code, 'import math\n\n\nSCALE = 1\n\n\ndef _clean(xs):\n    return [x * SCALE for x in xs if not math.isnan(x)]\n\n\ndef total(xs):\n    """Sum of xs."""\n    return sum(_clean(xs))');
  });

  it('leaves what the file already has alone when the model echoes the whole file', () => {
    const task = pyTask('total');
    const code = ok(task, '```python\nimport os\nimport itertools\n\n\ndef total(xs):\n    return sum(itertools.chain(xs)) + _bias()\n\n\nclass Acc:\n    def add(self, x):\n        pass\n\n\ndef _bias():\n    return 0\n```');
    assert.equal(code, 'import itertools\n\n\ndef total(xs):\n    """Sum of xs."""\n    return sum(itertools.chain(xs)) + _bias()\n\n\ndef _bias():\n    return 0');
  });

  it('takes bare code after prose and puts the file docstring back', () => {
    const code = ok(pyTask('total'), 'Here is my answer:\ndef total(xs):\n    return sum(xs)\n');
    assert.equal(code, 'def total(xs):\n    """Sum of xs."""\n    return sum(xs)');
  });

  it('re-indents a method and keeps only the method', () => {
    const task = pyTask('add');
    const code = ok(task, '```python\ndef helper():\n    return 0\n\ndef add(self, x):\n    """Add x."""\n    self.items.append(x)\n```');
    assert.equal(code, '    def add(self, x):\n        """Add x."""\n        self.items.append(x)');
    assert.ok(applyToFile(task, code).endsWith('class Acc:\n    def add(self, x):\n        """Add x."""\n        self.items.append(x)\n'));
  });

  it('keeps a CRLF file in CRLF', () => {
    const crlf = PY_FILE.replace(/\n/g, '\r\n');
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: crlf, functionName: 'total', testCommand: 'pytest' });
    const code = ok(task, '```python\ndef total(xs):\n    return sum(xs)\n```');
    assert.equal(code, 'def total(xs):\r\n    """Sum of xs."""\r\n    return sum(xs)');
    assert.ok(!/[^\r]\n/.test(applyToFile(task, code)));
  });

  it('rejects answers without the function or with unbalanced code, with reasons', () => {
    const none = extractCode(pyTask('total'), '```python\ndef other():\n    pass\n```');
    assert.ok(!none.ok && /no "def total/.test(none.reason));
    const open = extractCode(pyTask('total'), '```python\ndef total(xs):\n    return sum(xs\n```');
    assert.ok(!open.ok && /bracket\(s\) are never closed/.test(open.reason));
    const empty = extractCode(pyTask('total'), '<think>hmm</think>  ');
    assert.ok(!empty.ok && empty.empty);
  });
});

describe('extract: Python body targets', () => {
  before(() => ensureLanguageLayer());

  it('takes the body of a whole def the model wrote, without its docstring', () => {
    const code = ok(pyTask('total', 'body'), '```python\ndef total(xs):\n    """Sum."""\n    acc = 0\n    for x in xs:\n        acc += x\n    return acc\n```');
    assert.equal(code, '    acc = 0\n    for x in xs:\n        acc += x\n    return acc');
  });

  it('re-indents an unindented raw body into a method', () => {
    const code = ok(pyTask('add', 'body'), 'self.items.append(_norm(x))\n\ndef _norm(v):\n    return v\n');
    // Indentation 0 is ambiguous, so only a main guard cuts; the helper def stays where it was written.
    assert.equal(code, '        self.items.append(_norm(x))\n\n        def _norm(v):\n            return v');
  });
});

describe('extract: JavaScript', () => {
  before(() => ensureLanguageLayer());

  const JS = 'const x = 1;\n\nfunction slugify(title) {\n  throw new Error("todo");\n}\n\nmodule.exports = { slugify };\n';
  const task = (kind: 'function' | 'body'): Task => taskForFunction({ workspaceRoot: '/w', filePath: 's.js', fileText: JS, functionName: 'slugify', testCommand: 'node --test', targetKind: kind });

  it('keeps a called top-level helper and drops imports and logs', () => {
    const code = ok(task('function'), '```js\nconst fs = require("fs");\nfunction clean(s) {\n  return s.trim();\n}\nfunction slugify(title) {\n  return clean(title).toLowerCase();\n}\nconsole.log(slugify(" A "));\n```');
    assert.equal(code, 'function clean(s) {\n  return s.trim();\n}\n\nfunction slugify(title) {\n  return clean(title).toLowerCase();\n}');
  });

  it('cuts a raw body at the brace that closes the function', () => {
    const code = ok(task('body'), '    const s = `${title}}`;\n    return s.toLowerCase();\n}\n\nconsole.log(slugify("A"));');
    assert.equal(code, '  const s = `${title}}`;\n  return s.toLowerCase();');
  });

  it('rejects an unterminated template literal', () => {
    const e = extractCode(task('function'), '```js\nfunction slugify(t) {\n  return `x;\n}\n```');
    assert.ok(!e.ok && /template literal is never closed/.test(e.reason));
  });
});
