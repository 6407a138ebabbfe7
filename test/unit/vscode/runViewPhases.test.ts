import * as assert from 'node:assert/strict';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { rankCandidates } from '../../../src/engine/select/rank';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import type { HostToWebviewMessage } from '../../../src/protocol';
import { PanelStore } from '../../../src/vscode/panelStore';
import { runSession } from '../../../src/vscode/runSession';
import { endRun, openRun, pendingRun, reduceRun } from '../../../src/vscode/runView';
import { readSettings, toSolveOptions } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { emptyPanelState } from '../../doubles/panelState';
import { RecordingLog } from '../../doubles/recordingLog';
import { makeCandidate, makeResult, startedEvent, stubTask } from '../../doubles/scriptedSolve';
import { addTask, addVerifier, RIGHT, WRONG } from '../engine/solveHelpers';

const task = stubTask();
const started = startedEvent(4);
const options = { reasoning: {}, sampling: { n: 4 } } as const;

function verdict(outcomes: Record<string, 'passed' | 'failed'>): VerifierResult {
  const tests = Object.entries(outcomes).map(([name, status]) => ({ name, status }));
  const passed = tests.filter((t) => t.status === 'passed').length;
  return { status: passed === tests.length ? 'passed' : 'failed', tests, passed, failed: tests.length - passed, total: tests.length, reportFormat: 'junit', exitCode: passed === tests.length ? 0 : 1, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap' };
}

describe('run view: phases, pending runs and behaviour groups', () => {
  before(() => ensureLanguageLayer());

  it('shows a pending run from the moment one is asked for, valid for the panel, then the engine phases in order', () => {
    const pending = pendingRun(task, { ...options, sampling: { ...options.sampling } } as Parameters<typeof pendingRun>[1], 5);
    assert.deepEqual([pending.pending, pending.status, pending.phase, pending.candidates, pending.choice], [true, 'running', { name: 'starting' }, [], null]);
    assert.equal(pending.targetText, 'def f(x):\n    raise NotImplementedError');
    assert.ok(parseHostMessage({ type: 'run/updated', run: pending }));
    let run = openRun(started, task, { reasoning: {} });
    assert.equal(run.pending, undefined);
    const seen: string[] = [];
    for (const [phase, wave] of [['baseline'], ['generating-tests'], ['sampling', 1], ['verifying', 1], ['sampling', 2]] as const) {
      run = reduceRun(run, { type: 'run/phase', runId: 'r', phase, ...(wave !== undefined ? { wave } : {}) }, 1);
      seen.push(`${run.phase?.name}${run.phase?.wave ?? ''}`);
      assert.ok(parseHostMessage({ type: 'run/updated', run }));
    }
    assert.deepEqual(seen, ['baseline', 'generating-tests', 'sampling1', 'verifying1', 'sampling2']);
    run = reduceRun(run, { type: 'run/finished', runId: 'r', result: makeResult('r', []) }, 2);
    assert.equal(run.phase, undefined, 'a finished run has no phase');
  });

  it('keeps no pick on a cancelled run, whether it ended with a result or without one', () => {
    const c = makeCandidate(1, { state: 'passed', code: 'def f(x):\n    return x\n', verification: verdict({ a: 'passed' }) });
    const result = { ...makeResult('r', [c]), stoppedBy: 'cancelled' as const, choice: { candidateId: 1, reason: 'passes every test' } };
    const cancelled = reduceRun(openRun(started, task, { reasoning: {} }), { type: 'run/finished', runId: 'r', result }, 3);
    assert.deepEqual([cancelled.status, cancelled.choice], ['cancelled', null]);
    const running = { ...openRun(started, task, { reasoning: {} }), choice: { candidateId: 1, reason: 'stale' } };
    assert.equal(endRun(running, 'cancelled', 4).choice, null);
  });

  it('numbers behaviour groups from the ranking, best group first, and carries them to the panel', () => {
    const code = (n: number): string => `def f(x):\n    return x + ${n}\n`;
    const right = { a: 'passed', b: 'passed' } as const;
    const nearMiss = { a: 'passed', b: 'failed' } as const;
    const candidates = [
      makeCandidate(1, { state: 'failed', code: code(1), verification: verdict(nearMiss) }),
      makeCandidate(2, { state: 'passed', code: code(2), verification: verdict(right) }),
      makeCandidate(3, { state: 'failed', code: code(3), verification: verdict(nearMiss) }),
      makeCandidate(4, { state: 'passed', code: code(4), verification: verdict(right) }),
      makeCandidate(5, { state: 'passed', code: code(5), verification: verdict(right) }),
    ];
    const { ranking, scores } = rankCandidates(candidates);
    let run = openRun(started, task, { reasoning: {} });
    for (const c of candidates) run = reduceRun(run, { type: 'candidate/updated', runId: 'r', candidate: c }, 1);
    run = reduceRun(run, { type: 'ranking/updated', runId: 'r', ranking, scores }, 2);
    const groupOf = Object.fromEntries(run.candidates.map((c) => [c.id, [c.score?.group, c.score?.groupSize]]));
    assert.deepEqual(groupOf, { 1: [2, 2], 2: [1, 3], 3: [2, 2], 4: [1, 3], 5: [1, 3] });
    assert.equal(run.candidates.find((c) => c.id === ranking[0])?.score?.group, 1, 'the top-ranked candidate is in group 1');
    assert.ok(parseHostMessage({ type: 'run/updated', run }));
  });

  it('shows the pending run before the engine starts, then the phases the real engine reports, wave by wave', async () => {
    const values: Record<string, unknown> = { [SettingKey.count]: 4, [SettingKey.waveSize]: 2, [SettingKey.earlyStopAgreeing]: 2, [SettingKey.generatedTests]: false };
    const { settings } = readSettings({ get: <T>(key: string) => values[key] as T | undefined });
    const profile = getProviderProfile('ollama');
    const model = new FakeModelClient([{ content: WRONG }, { content: WRONG }, { content: RIGHT }, { content: RIGHT }], profile);
    const store = new PanelStore(emptyPanelState());
    const messages: HostToWebviewMessage[] = [];
    store.onMessage((m) => messages.push(m));
    await runSession({ solve, store, log: new RecordingLog(), now: Date.now }, addTask(), { ...toSolveOptions(settings, profile), model, verifier: addVerifier(2) }, new AbortController().signal);
    const runs = messages.flatMap((m) => (m.type === 'run/updated' ? [m.run] : []));
    assert.equal(runs[0].pending, true, 'the first message is the pending run');
    assert.deepEqual(runs[0].phase, { name: 'starting' });
    const phases: string[] = [];
    for (const r of runs) {
      const label = r.phase ? `${r.phase.name}${r.phase.wave ?? ''}` : r.status;
      if (phases[phases.length - 1] !== label) phases.push(label);
    }
    assert.deepEqual(phases, ['starting', 'baseline', 'sampling1', 'verifying1', 'sampling2', 'verifying2', 'finished']);
  });
});
