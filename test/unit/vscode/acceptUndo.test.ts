import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/engine/task';
import type { CandidateView } from '../../../src/protocol';
import { replaceRange } from '../../../src/vscode/acceptPlan';
import { RunBaselines } from '../../../src/vscode/runBaselines';
import { fake, FakeTextDocument, installFakeVscode, Position, Range, Uri } from '../../doubles/fakeVscodeApi';
import { finishedRunView } from './runViewFixture';

installFakeVscode();
// Loaded after the fake is installed: acceptFlow imports `vscode`.
const { acceptCandidate } = require('../../../src/vscode/acceptFlow') as typeof import('../../../src/vscode/acceptFlow');
const { acceptedTask } = require('../../../src/vscode/runView') as typeof import('../../../src/vscode/runView');

const TEXT = 'import math\n\ndef f(x):\n    raise NotImplementedError\n\ndef g():\n    return 1\n';
const START = TEXT.indexOf('def f');
const END = TEXT.indexOf('\ndef g') - 1;
const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: TEXT, range: { start: START, end: END }, targetKind: 'function', functionName: 'f', spec: 'f', testCommand: 'pytest', language: 'python' };
const FIRST = 'def f(x):\n    return math.floor(x)\n';
const SECOND = 'def f(x):\n    return int(x // 1)\n';

function candidate(id: number, code: string): CandidateView {
  return {
    id,
    state: 'passed',
    wave: 1,
    votes: 1,
    code,
    content: code,
    reasoningText: '',
    usage: { prompt: 1, completion: 1, reasoning: 0, estimated: false },
    costUsd: 0,
    reasoning: {},
    verification: { status: 'passed', tests: [], passed: 2, failed: 0, total: 2, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap' },
  };
}

/** Puts `text` into the document as an edit would (undo, typing): a new version, maybe the old text. */
function setText(document: FakeTextDocument, text: string): void {
  const all = document.getText();
  document.replace(new Range(new Position(0, 0, 0), document.positionAt(all.length)), text);
}

describe('RunBaselines: the document compared by text, not by version', () => {
  it('follows the document back to the run start after an Accept, and forward to the accepted text', () => {
    const baselines = new RunBaselines(task);
    const after = replaceRange(TEXT, task.range, FIRST);
    baselines.accepted(acceptedTask(task, TEXT, after, task.range), 3);
    assert.equal(baselines.current.acceptedCandidateId, 3);
    assert.equal(baselines.follow(after), undefined, 'already there: nothing changes');
    const back = baselines.follow(TEXT);
    assert.equal(back?.acceptedCandidateId, undefined);
    assert.equal(back?.task, task);
    assert.equal(baselines.follow(after)?.acceptedCandidateId, 3);
  });

  it('an unknown text moves nothing; typing the known text again does', () => {
    const baselines = new RunBaselines(task);
    baselines.accepted(acceptedTask(task, TEXT, replaceRange(TEXT, task.range, FIRST), task.range), 3);
    assert.equal(baselines.follow(`${TEXT}# note\n`), undefined);
    assert.equal(baselines.current.acceptedCandidateId, 3);
    assert.equal(baselines.follow(TEXT.slice(0)), baselines.start);
  });

  it('an Accept of a candidate identical to the start text keeps one baseline for that text', () => {
    const baselines = new RunBaselines(task);
    baselines.accepted({ ...task }, 5);
    assert.equal(baselines.current, baselines.start);
  });
});

describe('Accept after undo: no conflict, no "was edited" warning', () => {
  beforeEach(() => fake.reset());

  it('Accept, Ctrl+Z, Accept another candidate: it goes in where the run saw the target', async () => {
    const uri = Uri.file('/ws/a.py');
    const document = new FakeTextDocument(uri, TEXT);
    fake.documents.set(uri.fsPath, document);
    const baselines = new RunBaselines(task);
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(`WARN ${l}`), error: (l: string) => lines.push(`ERROR ${l}`) };
    const accept = (c: CandidateView): Promise<boolean> =>
      acceptCandidate({
        ctx: { run: finishedRunView(TEXT.slice(START, END)), task: baselines.current.task, documentUri: uri as never },
        candidate: c,
        docs: { put: () => uri } as never,
        log,
        rerun: () => Promise.reject(new Error('no re-run expected')),
        baselineFor: (text) => {
          baselines.follow(text);
          return baselines.current.task;
        },
        onApplied: (edit) => baselines.accepted(acceptedTask(baselines.current.task, edit.before, edit.after, edit.range), c.id),
      });

    assert.equal(await accept(candidate(3, FIRST)), true);
    assert.equal(document.getText(), replaceRange(TEXT, task.range, FIRST));
    const versionAfterAccept = document.version;
    setText(document, TEXT); // Ctrl+Z: byte-identical to the original, a newer version
    assert.ok(document.version > versionAfterAccept);

    assert.equal(await accept(candidate(4, SECOND)), true);
    assert.deepEqual(fake.shown, [], 'no prompt: the document holds the text the run saw');
    assert.equal(document.getText(), replaceRange(TEXT, task.range, SECOND));
    assert.ok(!lines.some((l) => l.startsWith('WARN')), lines.join('\n'));
  });

  it('without the baselines the same undo would be taken for an edit of f', async () => {
    const uri = Uri.file('/ws/a.py');
    const after = replaceRange(TEXT, task.range, FIRST);
    const document = new FakeTextDocument(uri, TEXT);
    fake.documents.set(uri.fsPath, document);
    fake.answers.push(undefined);
    const result = await acceptCandidate({
      ctx: { run: finishedRunView(FIRST), task: acceptedTask(task, TEXT, after, task.range), documentUri: uri as never },
      candidate: candidate(4, SECOND),
      docs: { put: () => uri } as never,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      relocate: (text, name) => ({ start: text.indexOf(`def ${name}`), end: text.indexOf('\ndef g') - 1 }),
      rerun: () => Promise.resolve(),
    });
    assert.equal(result, false);
    assert.match(fake.shown[0]?.message ?? '', /itself was edited/);
  });
});
