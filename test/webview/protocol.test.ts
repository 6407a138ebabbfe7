import assert from 'assert';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../src/protocol';
import { assertNever } from '../../src/protocolGuards';
import { parseHostMessage } from '../../src/protocolHostMessages';
import { parseWebviewMessage } from '../../src/protocolWebviewMessages';
import { candidate, finishedRun, panelState } from './fixtures';

// One valid example per webview message type; the Record type makes a missing type a compile error.
const validFromWebview: Record<WebviewToHostMessage['type'], WebviewToHostMessage> = {
  ready: { type: 'ready' },
  'run/start': { type: 'run/start' },
  'run/cancel': { type: 'run/cancel', runId: 'run-1' },
  'run/rerun': { type: 'run/rerun', runId: 'run-1' },
  'candidate/accept': { type: 'candidate/accept', runId: 'run-1', candidateId: 3 },
  'candidate/openDiff': { type: 'candidate/openDiff', runId: 'run-1', candidateId: 3 },
  'controls/update': { type: 'controls/update', key: 'temperature', value: 0.7 },
  'memory/edit': { type: 'memory/edit', id: 'm1', text: 'Sort first, then compare neighbours.' },
  'memory/pin': { type: 'memory/pin', id: 'm1', pinned: true },
  'memory/delete': { type: 'memory/delete', id: 'm1' },
  'memory/clear': { type: 'memory/clear' },
  'command/execute': { type: 'command/execute', command: 'manageTrust' },
};

const validFromHost: Record<HostToWebviewMessage['type'], HostToWebviewMessage> = {
  'state/snapshot': { type: 'state/snapshot', state: panelState({ run: finishedRun() }) },
  'run/updated': { type: 'run/updated', run: finishedRun() },
  'candidate/updated': { type: 'candidate/updated', runId: 'run-1', candidate: finishedRun().candidates[0] },
  'candidate/delta': { type: 'candidate/delta', runId: 'run-1', candidateId: 1, content: 'def f', reasoning: 'think' },
  'controls/changed': { type: 'controls/changed', controls: panelState().controls },
  'memory/changed': { type: 'memory/changed', items: [{ id: 'm1', kind: 'pitfall', text: 'x', timesUsed: 1, timesHelped: 0, pinned: false, tokens: 3 }] },
  'environment/changed': { type: 'environment/changed', workspaceTrusted: false, apiKeySet: true, bubblewrapStatus: { available: false, detail: 'not installed' } },
  'notice/show': { type: 'notice/show', level: 'warning', message: 'The document changed.' },
  'panel/reveal': { type: 'panel/reveal', section: 'memory' },
};

describe('protocol: parseWebviewMessage', () => {
  for (const [type, message] of Object.entries(validFromWebview)) {
    it(`accepts a valid ${type}`, () => {
      assert.deepStrictEqual(parseWebviewMessage(structuredClone(message)), message);
    });
  }

  it('rejects non-objects, unknown types and inherited property names as types', () => {
    for (const data of [null, undefined, 42, 'ready', [], [{ type: 'ready' }], {}, { type: 'run/explode' }, { type: 'toString' }, { type: '__proto__' }, { type: 'constructor' }, { type: 7 }]) {
      assert.strictEqual(parseWebviewMessage(data), undefined, JSON.stringify(data));
    }
  });

  it('rejects missing or mistyped fields', () => {
    const bad: unknown[] = [
      { type: 'run/cancel' },
      { type: 'run/cancel', runId: '' },
      { type: 'run/cancel', runId: 5 },
      { type: 'candidate/accept', runId: 'r', candidateId: '3' },
      { type: 'candidate/accept', runId: 'r', candidateId: 1.5 },
      { type: 'candidate/accept', runId: 'r', candidateId: 0 },
      { type: 'candidate/openDiff', runId: 'r' },
      { type: 'memory/pin', id: 'm1', pinned: 'yes' },
      { type: 'memory/edit', id: 'm1' },
      { type: 'command/execute', command: 'rm -rf' },
    ];
    for (const data of bad) assert.strictEqual(parseWebviewMessage(data), undefined, JSON.stringify(data));
  });

  it('checks each control key against its own value type and range', () => {
    const ok = (key: string, value: unknown): boolean => parseWebviewMessage({ type: 'controls/update', key, value }) !== undefined;
    assert.ok(ok('reasoningEffort', 'high') && ok('reasoningEffort', 'default') && ok('reasoningEffort', 'none'));
    assert.ok(!ok('reasoningEffort', 'extreme'));
    assert.ok(ok('reasoningBudget', 0) && ok('reasoningBudget', 4096) && !ok('reasoningBudget', -1) && !ok('reasoningBudget', 10.5));
    assert.ok(ok('fastMode', true) && !ok('fastMode', 'true'));
    assert.ok(ok('n', 1) && !ok('n', 0) && !ok('n', Number.NaN));
    assert.ok(ok('earlyStop', 0) && !ok('earlyStop', -2));
    assert.ok(ok('temperature', 0) && ok('temperature', 2) && !ok('temperature', 2.5) && !ok('temperature', Number.POSITIVE_INFINITY));
    assert.ok(!ok('apiKey', 'sk-123') && !ok('toString', 1));
    assert.ok(ok('waves', 'adaptive') && ok('waves', 'all') && !ok('waves', 'some') && !ok('waves', true));
    assert.ok(ok('waveSize', 0) && ok('waveSize', 5) && !ok('waveSize', -1) && !ok('waveSize', 2.5) && !ok('waveSize', '5'));
    assert.ok(ok('repair', false) && !ok('repair', 'on') && !ok('repair', 1));
    assert.ok(ok('escalate', true) && !ok('escalate', null));
  });
});

describe('protocol: parseHostMessage', () => {
  for (const [type, message] of Object.entries(validFromHost)) {
    it(`accepts a valid ${type}`, () => {
      assert.deepStrictEqual(parseHostMessage(structuredClone(message)), message);
    });
  }

  it('rejects a snapshot with any malformed nested field', () => {
    const mutations: ((s: ReturnType<typeof panelState>) => void)[] = [
      (s) => ((s.run!.candidates[0] as { state: string }).state = 'exploded'),
      (s) => ((s.run!.candidates[0].usage as { prompt: unknown }).prompt = -1),
      (s) => ((s.run!.candidates[0] as { code: unknown }).code = 42),
      (s) => (s.run!.candidates[0].costUsd = Number.NaN),
      (s) => ((s.run!.candidates[0].verification!.tests[0] as { status: string }).status = 'flaky'),
      (s) => ((s.run! as { ranking: unknown }).ranking = ['1']),
      (s) => ((s.run! as { stoppedBy: unknown }).stoppedBy = 'bored'),
      (s) => ((s.controls.values as { reasoningEffort: unknown }).reasoningEffort = 'max'),
      (s) => ((s as { workspaceTrusted: unknown }).workspaceTrusted = 'yes'),
      (s) => ((s as { memory: unknown }).memory = {}),
      (s) => ((s.run!.plan as { mode: unknown }).mode = 'bursts'),
      (s) => ((s.run!.plan as { ladder: unknown }).ladder = []),
      (s) => ((s.run!.plan.ladder[0] as { effort: unknown }).effort = 'maximal'),
      (s) => ((s.run!.plan as { waveSize: unknown }).waveSize = 0),
      (s) => ((s.run!.plan as { repair: unknown }).repair = 'yes'),
      (s) => delete (s.run! as { plan?: unknown }).plan,
      (s) => ((s.controls.values as { waves: unknown }).waves = 'some'),
      (s) => ((s.controls.values as { waveSize: unknown }).waveSize = -3),
      (s) => ((s.controls.values as { escalate: unknown }).escalate = 'true'),
      (s) => ((s.controls as { escalationSteps: unknown }).escalationSteps = []),
      (s) => delete (s.controls.limits as { waveSize?: unknown }).waveSize,
    ];
    for (const [i, mutate] of mutations.entries()) {
      const state = panelState({ run: finishedRun() });
      mutate(state);
      assert.strictEqual(parseHostMessage({ type: 'state/snapshot', state }), undefined, `mutation ${i}`);
    }
  });

  it('rejects deltas for impossible candidates and candidates without required fields', () => {
    assert.strictEqual(parseHostMessage({ type: 'candidate/delta', runId: 'r', candidateId: -1, content: 'x' }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'candidate/delta', runId: 'r', candidateId: 1, content: 5 }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'candidate/delta', runId: 'r', candidateId: 1, reset: 'yes' }), undefined);
    const { reasoningText: _dropped, ...partial } = candidate(1);
    assert.strictEqual(parseHostMessage({ type: 'candidate/updated', runId: 'r', candidate: partial }), undefined);
  });
});

describe('protocol: where a candidate came from', () => {
  const updated = (fields: Record<string, unknown>): unknown => ({ type: 'candidate/updated', runId: 'r', candidate: { ...candidate(4, { wave: 2 }), ...fields } });

  it('accepts a plain sample and a repair that names an earlier candidate', () => {
    assert.ok(parseHostMessage(updated({})));
    assert.ok(parseHostMessage(updated({ origin: 'sample' })));
    assert.ok(parseHostMessage(updated({ origin: 'repair', repairOf: 3 })));
  });

  it('rejects an unknown origin, a repair without its original, and a sample that claims one', () => {
    const bad: Record<string, unknown>[] = [
      { origin: 'mutation' },
      { origin: 'repair' },
      { origin: 'repair', repairOf: 0 },
      { origin: 'repair', repairOf: '3' },
      { origin: 'repair', repairOf: 4 },
      { origin: 'repair', repairOf: 9 },
      { repairOf: 3 },
      { origin: 'sample', repairOf: 3 },
      { wave: -1 },
      { wave: 1.5 },
      { reasoning: { effort: 'low', budgetTokens: -5 } },
      { reasoning: { fastMode: 'yes' } },
    ];
    for (const fields of bad) assert.strictEqual(parseHostMessage(updated(fields)), undefined, JSON.stringify(fields));
  });
});

describe('protocol: assertNever', () => {
  it('throws with the unexpected value', () => {
    assert.throws(() => assertNever({ type: 'nope' } as never, 'message'), /Unexpected message: \{"type":"nope"\}/);
  });
});
