import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { proposeTests } from '../../../src/engine/tests/proposeTests';
import type { Task } from '../../../src/engine/task';
import type { RunView } from '../../../src/protocol';
import type { TestsFirstDeps } from '../../../src/vscode/writeTestsFirst';
import type { Uri as VscodeUri } from 'vscode';
import { CannedModelClient } from '../../doubles/cannedModelClient';
import { fake, FakeTextDocument, installFakeVscode, Uri } from '../../doubles/fakeVscodeApi';
import { RecordingLog } from '../../doubles/recordingLog';
import { TempProject } from '../tests/workspaceFixture';

installFakeVscode();
// Loaded after the fake is installed: the flow imports `vscode`.
const { needsTestsFirst, writeTestsFirst } = require('../../../src/vscode/writeTestsFirst') as typeof import('../../../src/vscode/writeTestsFirst');

const MODULE = `def has_close_pair(numbers, threshold):
    """True when two numbers are closer to each other than threshold."""
    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
`;
// What a model answers to CodeT's open `assert` (one answer per choice; duplicates are merged).
const ANSWER = '```python\nassert has_close_pair([1.0, 2.0, 3.0], 0.5) == False\nassert has_close_pair([1.0, 2.8, 3.0, 4.0], 0.3) == True\nassert not has_close_pair([], 1.0)\n```';

describe('Write Tests First (through the VS Code API double)', () => {
  let project: TempProject;
  let task: Task;
  let log: RecordingLog;
  let documents: { label: string; text: string }[];

  beforeEach(() => {
    fake.reset();
    project = new TempProject().write({ 'closeness.py': MODULE });
    task = {
      workspaceRoot: project.root,
      filePath: 'closeness.py',
      fileText: MODULE,
      range: { start: MODULE.indexOf('    return'), end: MODULE.length },
      targetKind: 'body',
      functionName: 'has_close_pair',
      spec: 'True when two numbers are closer to each other than threshold.',
      testCommand: 'python3 -m pytest -q',
      language: 'python',
    };
    log = new RecordingLog();
    documents = [];
  });
  afterEach(() => project.dispose());

  function deps(model = new CannedModelClient([ANSWER])): TestsFirstDeps {
    return {
      propose: (readText, signal) => proposeTests(task, { model, python: 'python3', count: 3, readText }, signal),
      putDocument: (label, fileName, text) => {
        documents.push({ label, text });
        // The double's Uri stands in for VS Code's: the flow only passes it on to `vscode.diff`.
        return Uri.file(`/virtual/${label}/${fileName}`) as unknown as VscodeUri;
      },
      log,
    };
  }

  it('shows the proposed test file as a diff, writes it as one edit on Accept, saves it, and the tests pass', async () => {
    fake.answers.push('Write Tests and Solve');
    assert.equal(await writeTestsFirst(task, deps()), true);
    const file = path.join(project.root, 'test_closeness.py');
    // The diff: the file as it is (new: empty) against the proposal, before anything is written.
    const diff = fake.commands.find((c) => c[0] === 'vscode.diff');
    assert.ok(diff, 'a diff was opened');
    assert.deepEqual([String(diff[1]), String(diff[2])], ['file:///virtual/current/test_closeness.py', 'file:///virtual/proposed/test_closeness.py']);
    assert.deepEqual(documents.map((d) => [d.label, d.text === '']), [['current', true], ['proposed', false]]);
    assert.match(fake.shown[0].message, /3 tests for has_close_pair from 3 model answers, in a new test_closeness\.py \(pytest\)\. Check the expected values/);
    assert.deepEqual(fake.shown[0].items, ['Write Tests and Solve', 'Discard']);
    assert.equal(fake.appliedEdits, 1, 'one WorkspaceEdit: one undo step');
    assert.deepEqual(fake.saved, [file]);
    assert.equal(readFileSync(file, 'utf8'), documents[1].text);
    const run = project.run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);
    assert.match(run.output, /3 passed/, run.output);
  });

  it('writes nothing when the user discards the proposal (or dismisses the prompt)', async () => {
    fake.answers.push('Discard');
    assert.equal(await writeTestsFirst(task, deps()), false);
    fake.answers.push(undefined);
    assert.equal(await writeTestsFirst(task, deps(new CannedModelClient([ANSWER]))), false);
    assert.equal(fake.appliedEdits, 0);
    assert.equal(existsSync(path.join(project.root, 'test_closeness.py')), false);
    assert.match(log.lines.join('\n'), /discarded; nothing was written/);
  });

  it('adds to the open test file as the editor holds it, and refuses a plan the user has since outdated', async () => {
    const file = path.join(project.root, 'test_closeness.py');
    const unsaved = 'from closeness import has_close_pair\n\n\ndef test_typed_but_not_saved():\n    assert has_close_pair([1.0, 1.05], 0.1)\n';
    const open = new FakeTextDocument(Uri.file(file), unsaved);
    fake.documents.set(file, open);
    fake.answers.push('Write Tests and Solve');
    assert.equal(await writeTestsFirst(task, deps()), true);
    assert.equal(documents[0].text, unsaved, 'the diff starts from the editor text');
    assert.ok(open.getText().startsWith(unsaved.trimEnd()) && open.getText().includes('def test_has_close_pair_proposed_3'));
    assert.match(project.run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']).output, /4 passed/);

    // The user edits the file while reading the diff: the proposal is stale and nothing is written.
    const before = open.getText();
    const stale = deps(new CannedModelClient([ANSWER]));
    const put = stale.putDocument;
    stale.putDocument = (label, fileName, text) => {
      if (label === 'proposed') open.replace({ start: open.positionAt(0), end: open.positionAt(0) } as never, '# edited meanwhile\n');
      return put(label, fileName, text);
    };
    fake.answers.push('Write Tests and Solve');
    const edits = fake.appliedEdits;
    assert.equal(await writeTestsFirst(task, stale), false);
    assert.equal(fake.appliedEdits, edits);
    assert.equal(open.getText(), `# edited meanwhile\n${before}`);
    assert.match(fake.shown.at(-1)?.message ?? '', /changed since the tests were proposed; nothing was written/);
  });

  it('says why when the model proposes nothing usable, and writes nothing', async () => {
    assert.equal(await writeTestsFirst(task, deps(new CannedModelClient(['I cannot write tests for this.']))), false);
    assert.match(fake.shown[0].message, /no tests to propose\. The model proposed no usable test for has_close_pair in 3 answers \(\d+ unusable\)/);
    assert.equal(fake.commands.length, 0);
  });

  it('is offered after a run whose tests never reach the target, or that ran no test and picked nothing', () => {
    const run = (fields: Partial<RunView>): Pick<RunView, 'status' | 'error' | 'baseline' | 'choice'> => ({ status: 'finished', choice: null, ...fields });
    const baseline = { testCount: 0, failingBefore: [], reachingCount: 0, witness: 'unknown' as const, explanation: '', durationMs: 1 };
    assert.equal(needsTestsFirst(run({ status: 'error', error: { message: 'The tests never ran has_close_pair', kind: 'tests-do-not-reach' } })), true);
    assert.equal(needsTestsFirst(run({ baseline })), true);
    assert.equal(needsTestsFirst(run({ baseline, choice: { candidateId: 1, reason: 'exit code 0' } })), false, 'a runner without per-test ids that picked is fine');
    assert.equal(needsTestsFirst(run({ status: 'error', error: { message: 'bad key', kind: 'auth' } })), false);
    assert.equal(needsTestsFirst(run({ baseline: { ...baseline, testCount: 4, witness: 'reached' } })), false);
  });
});
