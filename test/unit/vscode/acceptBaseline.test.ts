import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/engine/task';
import type { RunView } from '../../../src/protocol';
import { planAccept, replaceRange } from '../../../src/vscode/acceptPlan';
import { acceptedTask, rebaseRun } from '../../../src/vscode/runView';
import { finishedRunView } from './runViewFixture';

const TEXT = 'import math\n\ndef f(x):\n    raise NotImplementedError\n\ndef g():\n    return 1\n';
const START = TEXT.indexOf('def f');
const END = TEXT.indexOf('\ndef g') - 1;
const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: TEXT, range: { start: START, end: END }, targetKind: 'function', functionName: 'f', spec: 'f', testCommand: 'pytest', language: 'python' };
const ACCEPTED = 'def f(x):\n    return math.floor(x)\n';
const OTHER = 'def f(x):\n    return int(x // 1)\n';

function runView(overrides: Partial<RunView> = {}): RunView {
  return finishedRunView(TEXT.slice(START, END), overrides);
}

describe('Accept moves the run baseline to the accepted text', () => {
  it('an accepted candidate is not a conflict; the next Accept replaces it in place', () => {
    const after = replaceRange(TEXT, task.range, ACCEPTED);
    assert.equal(planAccept(task, after).kind, 'conflict', 'without a new baseline the run sees its own edit as a change');
    const next = acceptedTask(task, TEXT, after, task.range);
    assert.deepEqual(planAccept(next, after), { kind: 'apply', range: { start: START, end: START + ACCEPTED.length } });
    assert.equal(after.slice(next.range.start, next.range.end), ACCEPTED);
    // A second candidate of the same run goes where the first went; the rest of the file stays.
    assert.equal(replaceRange(after, next.range, OTHER), replaceRange(TEXT, task.range, OTHER));
  });

  it('measures the edit in the document when the editor rewrote line endings', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const crlfTask: Task = { ...task, fileText: crlf, range: { start: crlf.indexOf('def f'), end: crlf.indexOf('\r\ndef g') - 2 } };
    // The candidate came with LF; the CRLF document holds it with CRLF.
    const after = replaceRange(crlf, crlfTask.range, ACCEPTED.replace(/\n/g, '\r\n'));
    const next = acceptedTask(crlfTask, crlf, after, crlfTask.range);
    assert.equal(after.slice(next.range.start, next.range.end), ACCEPTED.replace(/\n/g, '\r\n'));
    assert.equal(planAccept(next, after).kind, 'apply');
  });

  it('refuses an edit that cannot be the one described', () => {
    assert.throws(() => acceptedTask(task, TEXT, 'x', task.range), RangeError);
  });

  it('the run view drops the stale conflict and diffs against the accepted text', () => {
    const after = replaceRange(TEXT, task.range, ACCEPTED);
    const view = rebaseRun(runView({ currentTargetText: ACCEPTED }), acceptedTask(task, TEXT, after, task.range));
    assert.equal(view.targetText, ACCEPTED);
    assert.equal('currentTargetText' in view, false);
  });
});
