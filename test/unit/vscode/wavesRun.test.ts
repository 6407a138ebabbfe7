import * as assert from 'node:assert/strict';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import type { HostToWebviewMessage } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { PanelStore } from '../../../src/vscode/panelStore';
import { runSession } from '../../../src/vscode/runSession';
import { planView } from '../../../src/vscode/runView';
import { readSettings, toSolveOptions } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';
import { FakeModelClient } from '../../doubles/fakeModelClient';
import { emptyPanelState } from '../../doubles/panelState';
import { RecordingLog } from '../../doubles/recordingLog';
import { addTask, addVerifier, RIGHT, RIGHT_OTHER, WRONG } from '../engine/solveHelpers';

const NEAR_MISS = '```python\ndef add(a, b):\n    return a - b - 0\n```';

describe('a run in waves, from settings to the panel', () => {
  it('shows each candidate\'s wave, reasoning step and repair origin, and the plan it ran with', async () => {
    const values: Record<string, unknown> = {
      [SettingKey.count]: 8,
      [SettingKey.waveSize]: 2,
      [SettingKey.repair]: true,
      [SettingKey.effort]: 'low',
      // Escalation is off by default; this run climbs the ladder.
      [SettingKey.escalate]: true,
      [SettingKey.earlyStopAgreeing]: 2,
      [SettingKey.generatedTests]: false,
    };
    const { settings, problems } = readSettings({ get: <T>(key: string) => values[key] as T | undefined });
    assert.deepEqual(problems, []);
    const profile = getProviderProfile('ollama');
    // Wave 1 fails (a near miss and its duplicate), the repair fails too, wave 2 one step up passes and agrees.
    const model = new FakeModelClient([{ content: WRONG }, { content: WRONG }, { content: NEAR_MISS }, { content: RIGHT }, { content: RIGHT_OTHER }], profile);
    const options = { ...toSolveOptions(settings, profile), model, verifier: addVerifier(2) };

    const store = new PanelStore(emptyPanelState());
    const messages: HostToWebviewMessage[] = [];
    store.onMessage((m) => messages.push(m));
    const run = await runSession({ solve, store, log: new RecordingLog(), now: Date.now }, addTask(), options, new AbortController().signal);

    assert.deepEqual(run.plan, { mode: 'adaptive', waveSize: 2, repair: true, ladder: [{ effort: 'none' }, { effort: 'low' }] });
    assert.deepEqual(
      run.candidates.map((c) => [c.id, c.wave, c.reasoning.effort, c.origin ?? 'sample', c.repairOf ?? null, c.state]),
      [
        [1, 1, 'none', 'sample', null, 'failed'],
        [2, 1, 'none', 'sample', null, 'duplicate'],
        [3, 1, 'none', 'repair', 1, 'failed'],
        [4, 2, 'low', 'sample', null, 'passed'],
        [5, 2, 'low', 'sample', null, 'passed'],
      ],
    );
    assert.deepEqual(model.requests.map((r) => r.reasoning), [{ effort: 'none' }, { effort: 'none' }, { effort: 'none' }, { effort: 'low' }, { effort: 'low' }], 'each request went out with the step its card shows');
    assert.equal(run.stoppedBy, 'early-stop');
    assert.equal(run.totals.samples, 5, 'stopped after 5 of N = 8');
    for (const m of messages) assert.ok(parseHostMessage(structuredClone(m)), `invalid ${m.type}: ${JSON.stringify(m).slice(0, 300)}`);
  });

  it('describes a run without waves as all at once, with its one reasoning setting', () => {
    assert.deepEqual(planView({ reasoning: { effort: 'high' } }), { mode: 'all', repair: false, ladder: [{ effort: 'high' }] });
    // A ladder without waves is not climbed by the extension's runs: the plan says so.
    assert.deepEqual(planView({ reasoning: { effort: 'high' }, reasoningLadder: [{ effort: 'low' }, { effort: 'high' }] }).ladder, [{ effort: 'high' }]);
    assert.deepEqual(planView({ reasoning: {}, waves: { repair: false } }), { mode: 'adaptive', repair: false, ladder: [{}] });
  });
});
