import * as assert from 'node:assert/strict';
import type { SymbolInfo } from '../../../src/vscode/taskFromDocument';
import { buildTask, enclosingFunction, extractSpec, isStubBody, languageOf } from '../../../src/vscode/taskFromDocument';

const PY = `import math


def add(a, b):
    """Add two numbers.

    >>> add(1, 2)
    3
    """
    return a + b
`;

describe('task from document', () => {
  it('builds a task with a workspace-relative path and the unsaved text', () => {
    const start = PY.indexOf('def add');
    const task = buildTask({
      workspaceRoot: '/ws',
      documentPath: '/ws/pkg/solution.py',
      text: PY,
      languageId: 'python',
      range: { start, end: PY.length },
      targetKind: 'function',
      functionName: 'add',
      testCommand: ' python3 -m pytest -q ',
    });
    assert.equal(task.filePath, 'pkg/solution.py');
    assert.equal(task.language, 'python');
    assert.equal(task.testCommand, 'python3 -m pytest -q');
    assert.equal(task.spec, 'Add two numbers.\n\n>>> add(1, 2)\n3');
    assert.equal(task.fileText.slice(task.range.start, task.range.end), PY.slice(start));
  });

  it('refuses files outside the workspace, empty targets and missing test commands', () => {
    const base = { workspaceRoot: '/ws', documentPath: '/ws/a.py', text: PY, languageId: 'python', range: { start: 0, end: 5 }, targetKind: 'selection' as const, testCommand: 'pytest' };
    assert.throws(() => buildTask({ ...base, documentPath: '/elsewhere/a.py' }), /not inside the workspace/);
    assert.throws(() => buildTask({ ...base, documentPath: '/ws-other/a.py' }), /not inside the workspace/);
    assert.throws(() => buildTask({ ...base, range: { start: 5, end: 5 } }), /empty/);
    assert.throws(() => buildTask({ ...base, range: { start: 0, end: PY.length + 1 } }), /empty/);
    assert.throws(() => buildTask({ ...base, testCommand: '  ' }), /No test command/);
  });

  it('reads the spec from JSDoc or comments above, and falls back to a plain instruction', () => {
    const js = 'const x = 1;\n/**\n * Sums the list.\n * @param xs numbers\n */\nfunction sum(xs) {\n  return 0;\n}\n';
    const start = js.indexOf('function');
    assert.equal(extractSpec(js, { start, end: js.length }, 'javascript'), 'Sums the list.\n@param xs numbers');
    const commented = '// Doubles n.\n// Never negative.\nfunction dbl(n) { return n; }\n';
    assert.equal(extractSpec(commented, { start: commented.indexOf('function'), end: commented.length }, 'javascript'), 'Doubles n.\nNever negative.');
    const bare = 'x = 1\ny = 2\n';
    const task = buildTask({ workspaceRoot: '/ws', documentPath: '/ws/a.py', text: bare, languageId: 'python', range: { start: 0, end: 5 }, targetKind: 'selection', testCommand: 'pytest' });
    assert.equal(task.spec, 'Rewrite the selected code so that the tests pass.');
  });

  it('finds the innermost function around the cursor', () => {
    const symbols: SymbolInfo[] = [
      {
        name: 'Calc',
        isFunction: false,
        range: { start: 0, end: 100 },
        children: [
          { name: 'add', isFunction: true, range: { start: 10, end: 40 }, children: [{ name: 'inner', isFunction: true, range: { start: 20, end: 30 }, children: [] }] },
          { name: 'VALUE', isFunction: false, range: { start: 50, end: 60 }, children: [] },
        ],
      },
    ];
    assert.equal(enclosingFunction(symbols, 25)?.name, 'inner');
    assert.equal(enclosingFunction(symbols, 35)?.name, 'add');
    assert.equal(enclosingFunction(symbols, 55), undefined);
    assert.equal(enclosingFunction(symbols, 200), undefined);
  });

  it('maps language ids and extensions', () => {
    assert.equal(languageOf('typescriptreact', 'a.tsx'), 'typescript');
    assert.equal(languageOf('plaintext', '/x/y.py'), 'python');
    assert.equal(languageOf('plaintext', '/x/y.txt'), 'other');
  });
});

describe('isStubBody', () => {
  it('recognises placeholder bodies', () => {
    for (const body of ['    raise NotImplementedError\n', '    pass  # TODO\n', '    ...\n', '\n', '    raise NotImplementedError("later")\n']) assert.ok(isStubBody(body, 'python'), body);
    for (const body of ['  throw new Error("Not implemented");\n', '  // TODO\n', '']) assert.ok(isStubBody(body, 'typescript'), body);
    assert.ok(isStubBody('    todo!()\n', 'rust'));
  });

  it('treats real code as real', () => {
    assert.ok(!isStubBody('    return a + b\n', 'python'));
    assert.ok(!isStubBody('    pass\n    return 1\n', 'python'));
    assert.ok(!isStubBody('  throw new Error("negative input");\n', 'javascript'));
  });
});
