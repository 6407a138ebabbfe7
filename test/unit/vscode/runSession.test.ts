import * as assert from 'node:assert/strict';
import type { SolveEvent } from '../../../src/engine/events';
import type { ModelClient } from '../../../src/engine/model/types';
import type { SolveOptions } from '../../../src/engine/options';
import type { Task } from '../../../src/engine/task';
import type { Verifier } from '../../../src/engine/verify/types';
import type { HostToWebviewMessage } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { PanelStore } from '../../../src/vscode/panelStore';
import { runSession } from '../../../src/vscode/runSession';
import { emptyPanelState as emptyState } from '../../doubles/panelState';
import { RecordingLog } from '../../doubles/recordingLog';
import { makeCandidate, makeResult, scriptedSolve } from '../../doubles/scriptedSolve';

const TEXT = 'def f(x):\n    return 0\n';
const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: TEXT, range: { start: 0, end: TEXT.length }, targetKind: 'function', functionName: 'f', spec: 'f', testCommand: 'pytest', language: 'python' };

const model: ModelClient = {
  model: 'm',
  profile: { id: 'vllm', label: 'vLLM', supportsN: true, reasoningEfforts: [], usesMaxCompletionTokens: false, supportsEnableThinking: true, supportsThinkingBudget: true, supportsSamplingParams: true, supportsStreaming: true, reasoningSources: ['reasoning_content'] },
  complete: () => Promise.reject(new Error('not used')),
};
const verifier: Verifier = { description: 'test', verify: () => Promise.reject(new Error('not used')), dispose: async () => undefined };
const options: SolveOptions = {
  model,
  verifier,
  sampling: { n: 2, concurrency: 2 },
  reasoning: { effort: 'low' },
  budgets: {},
  earlyStopAgreeing: 0,
  abstainPolicy: 'abstain',
  verifyConcurrency: 1,
  promptTokenBudget: 1000,
  cheatsheetTokenBudget: 0,
};

const R = 'run-1';
const started: SolveEvent = { type: 'run/started', runId: R, task: { filePath: 'a.py', functionName: 'f', language: 'python', testCommand: 'pytest', targetKind: 'function' }, n: 2, promptTokens: 120, cheatsheetItems: [], verifier: 'bubblewrap sandbox', startedAt: 1000 };
const passed = makeCandidate(1, {
  state: 'passed',
  rawContent: '```python\ndef f(x):\n    return x\n```',
  code: 'def f(x):\n    return x\n',
  applied: { sent: { temperature: 0.8, chat_template_kwargs: { enable_thinking: true } }, notApplied: ['reasoning_effort: not supported by vLLM'] },
  verification: { status: 'passed', tests: [{ name: 'test_f', status: 'passed' }], passed: 1, failed: 0, total: 1, reportFormat: 'junit', exitCode: 0, durationMs: 40, output: 'PYTEST-OUTPUT-1 passed', outputTruncated: false, sandbox: 'bubblewrap' },
});
const failed = makeCandidate(2, {
  state: 'failed',
  code: '<img src=x onerror=alert(1)>',
  verification: { status: 'failed', tests: [{ name: 'test_f', status: 'failed', message: 'x'.repeat(5000) }], passed: 0, failed: 1, total: 1, reportFormat: 'junit', exitCode: 1, durationMs: 30, output: 'PYTEST-OUTPUT-2 failed', outputTruncated: true, sandbox: 'none', sandboxNote: 'no bwrap' },
});

describe('runSession', () => {
  it('turns the engine stream into valid panel messages and logs every test run', async () => {
    const events: SolveEvent[] = [
      started,
      { type: 'candidate/updated', runId: R, candidate: makeCandidate(1) },
      { type: 'candidate/delta', runId: R, candidateId: 1, reasoning: 'think ' },
      { type: 'candidate/delta', runId: R, candidateId: 1, content: '```python' },
      { type: 'candidate/updated', runId: R, candidate: passed },
      { type: 'candidate/updated', runId: R, candidate: failed },
      { type: 'ranking/updated', runId: R, ranking: [1, 2], scores: { 1: { testsPassed: 1, testsTotal: 1, agreement: 1, tokens: -150, rank: 1, explanation: 'passes all' } } },
      { type: 'candidate/delta', runId: 'other-run', candidateId: 1, content: 'IGNORED' },
      { type: 'budget/notice', runId: R, budget: 'time', message: 'wall time budget spent' },
      { type: 'run/finished', runId: R, result: makeResult(R, [passed, failed]) },
    ];
    const store = new PanelStore(emptyState());
    const messages: HostToWebviewMessage[] = [];
    store.onMessage((m) => messages.push(m));
    const log = new RecordingLog();
    const updates: number[] = [];
    const { solve, calls } = scriptedSolve(events);
    const run = await runSession({ solve, store, log, now: () => 2000, onUpdate: (r) => updates.push(r.totals.samples) }, task, options, new AbortController().signal);

    assert.equal(calls.length, 1);
    assert.equal(run.status, 'finished');
    assert.deepEqual(run.choice, { candidateId: 1, reason: 'passed every test' });
    assert.equal(run.targetText, TEXT);
    assert.deepEqual(run.reasoning, { effort: 'low' });
    assert.deepEqual(run.notices, ['wall time budget spent']);
    assert.equal(run.totals.wallMs, 1234, 'final totals come from the result');
    const engineTotals = makeResult(R, [passed, failed]).totals;
    assert.deepEqual([engineTotals.verified, engineTotals.passing], [2, 1], 'the engine: 2 tested, 1 passing');
    assert.equal(run.totals.verified, 1, "the panel's verified is the engine's passing, not every tested one");
    assert.deepEqual(run.progress, [{ samples: 0, verified: 0 }, { samples: 1, verified: 1 }, { samples: 2, verified: 1 }]);
    // Every message must pass the webview's own validator.
    for (const m of messages) assert.ok(parseHostMessage(structuredClone(m)), `invalid ${m.type}: ${JSON.stringify(m).slice(0, 200)}`);
    assert.deepEqual(messages.filter((m) => m.type === 'candidate/delta').map((m) => m.type === 'candidate/delta' && (m.content ?? m.reasoning)), ['think ', '```python']);
    assert.ok(!JSON.stringify(messages).includes('IGNORED'), 'events of another run are dropped');
    const failedView = run.candidates.find((c) => c.id === 2);
    assert.equal(failedView?.code, '<img src=x onerror=alert(1)>', 'code is carried as data, unchanged');
    assert.ok((failedView?.verification?.tests[0]?.message?.length ?? 0) <= 4001, 'long test messages are capped');
    assert.deepEqual(run.candidates.find((c) => c.id === 1)?.applied?.sent, [{ name: 'temperature', value: '0.8' }, { name: 'chat_template_kwargs', value: '{"enable_thinking":true}' }]);
    const text = log.lines.join('\n');
    assert.match(text, /PYTEST-OUTPUT-1 passed/);
    assert.match(text, /PYTEST-OUTPUT-2 failed\n\[output truncated\]/);
    assert.match(text, /not applied: reasoning_effort/);
    assert.match(text, /Pick #1/);
    assert.equal(text.match(/PYTEST-OUTPUT-1/g)?.length, 1, 'each test run is logged once');
    assert.ok(updates.length >= 5);
  });

  it('ends as cancelled when the signal aborts before run/finished', async () => {
    const store = new PanelStore(emptyState());
    const controller = new AbortController();
    const { solve } = scriptedSolve([started, { type: 'candidate/updated', runId: R, candidate: makeCandidate(1, { state: 'verifying' }) }, { type: 'run/finished', runId: R, result: makeResult(R, []) }], { holdAfter: 2 });
    const done = runSession({ solve, store, log: new RecordingLog(), now: () => 5000 }, task, options, controller.signal);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(store.run?.status, 'running');
    controller.abort();
    const run = await done;
    assert.equal(run.status, 'cancelled');
    assert.equal(run.stoppedBy, 'cancelled');
    assert.equal(run.candidates[0]?.state, 'cancelled', 'in-flight candidates are marked cancelled');
    assert.equal(store.run?.status, 'cancelled');
  });

  it('marks the run as error when the engine throws mid-run, and rejects when it throws before starting', async () => {
    const store = new PanelStore(emptyState());
    const log = new RecordingLog();
    const mid = scriptedSolve([started, { type: 'candidate/updated', runId: R, candidate: makeCandidate(1) }, started], { throwAfter: 2 });
    const run = await runSession({ solve: mid.solve, store, log, now: () => 5000 }, task, options, new AbortController().signal);
    assert.equal(run.status, 'error');
    assert.deepEqual(run.error, { message: 'engine exploded', kind: 'internal' });
    assert.match(log.lines.join('\n'), /error Run run-1 failed: engine exploded/);

    const early = scriptedSolve([started], { throwAfter: 0 });
    await assert.rejects(runSession({ solve: early.solve, store: new PanelStore(emptyState()), log, now: () => 0 }, task, options, new AbortController().signal), /engine exploded/);
  });

  it('keeps a run/error from the engine', async () => {
    const store = new PanelStore(emptyState());
    const { solve } = scriptedSolve([started, { type: 'run/error', runId: R, message: '401 Unauthorized: check the API key', kind: 'auth' }]);
    const run = await runSession({ solve, store, log: new RecordingLog(), now: () => 0 }, task, options, new AbortController().signal);
    assert.equal(run.status, 'error');
    assert.deepEqual(run.error, { message: '401 Unauthorized: check the API key', kind: 'auth' });
  });
});
