import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/engine/task';
import { planAccept, replaceRange } from '../../../src/vscode/acceptPlan';

const TEXT = 'import os\n\ndef f(x):\n    return 0\n\ndef g():\n    pass\n';
const start = TEXT.indexOf('def f');
const end = TEXT.indexOf('\ndef g');
const task: Task = {
  workspaceRoot: '/ws',
  filePath: 'a.py',
  fileText: TEXT,
  range: { start, end },
  targetKind: 'function',
  functionName: 'f',
  spec: '',
  testCommand: 'pytest',
  language: 'python',
};

describe('planAccept', () => {
  it('applies at the run range when the document is unchanged', () => {
    assert.deepEqual(planAccept(task, TEXT), { kind: 'apply', range: { start, end } });
  });

  it('reports a conflict with the moved, unchanged target when other code changed', () => {
    const changed = `# header\n${TEXT}`;
    const plan = planAccept(task, changed);
    assert.equal(plan.kind, 'conflict');
    assert.equal(plan.kind === 'conflict' && plan.how, 'unchanged-target');
    assert.deepEqual(plan.kind === 'conflict' && plan.relocated, { start: start + 9, end: end + 9 });
  });

  it('relocates an edited target by name only through the locator, and says the tests saw the old one', () => {
    const changed = TEXT.replace('return 0', 'return 1');
    const calls: string[] = [];
    const plan = planAccept(task, changed, (text, name) => {
      calls.push(name);
      const s = text.indexOf(`def ${name}`);
      return { start: s, end: text.indexOf('\ndef g') };
    });
    assert.deepEqual(calls, ['f']);
    assert.equal(plan.kind, 'conflict');
    assert.equal(plan.kind === 'conflict' && plan.how, 'by-name');
    assert.match(plan.kind === 'conflict' ? plan.reason : '', /tested against the old version/);
  });

  it('gives no range when the target is gone, and never guesses among duplicates', () => {
    const gone = planAccept(task, 'def g():\n    pass\n', () => undefined);
    assert.deepEqual(gone.kind === 'conflict' && gone.relocated, undefined);
    const twice = `${TEXT}\n${TEXT.slice(start, end)}`.replace('import os', 'import sys');
    const ambiguous = planAccept(task, twice);
    assert.equal(ambiguous.kind, 'conflict');
    assert.equal(ambiguous.kind === 'conflict' && ambiguous.relocated, undefined);
  });

  it('replaces a range', () => {
    assert.equal(replaceRange('abcdef', { start: 1, end: 3 }, 'XY'), 'aXYdef');
  });
});
