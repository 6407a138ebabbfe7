import * as assert from 'node:assert/strict';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { parseHostMessage } from '../../../src/protocol';
import { controlsView, settingForControl } from '../../../src/vscode/controls';
import { readSettings } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';

describe('panel controls', () => {
  it('reflect settings and what the provider profile allows', () => {
    const { settings } = readSettings({ get: <T>(k: string) => ({ [SettingKey.effort]: 'low', [SettingKey.count]: 5 })[k] as T | undefined });
    const vllm = controlsView(settings, getProviderProfile('vllm'));
    assert.equal(vllm.values.reasoningEffort, 'low');
    assert.equal(vllm.values.n, 5);
    assert.equal(vllm.supportsFastMode, true, 'vLLM switches thinking off with enable_thinking');
    assert.equal(vllm.providerLabel, getProviderProfile('vllm').label);
    const openai = controlsView(settings, getProviderProfile('openai'));
    assert.deepEqual(openai.allowedEfforts, getProviderProfile('openai').reasoningEfforts);
    assert.ok(parseHostMessage({ type: 'controls/changed', controls: openai }), 'valid per the protocol');
  });

  it('map each control to its setting, checking bounds', () => {
    assert.deepEqual(settingForControl({ key: 'n', value: 16 }), { key: 'sampling.count', value: 16 });
    assert.deepEqual(settingForControl({ key: 'reasoningEffort', value: 'default' }), { key: 'reasoning.effort', value: 'default' });
    assert.deepEqual(settingForControl({ key: 'fastMode', value: true }), { key: 'reasoning.fastMode', value: true });
    assert.deepEqual(settingForControl({ key: 'earlyStop', value: 0 }), { key: 'earlyStop.agreeing', value: 0 });
    assert.deepEqual(settingForControl({ key: 'temperature', value: 1.25 }), { key: 'sampling.temperature', value: 1.25 });
    assert.deepEqual(settingForControl({ key: 'reasoningBudget', value: 2048 }), { key: 'reasoning.budgetTokens', value: 2048 });
    assert.throws(() => settingForControl({ key: 'n', value: 101 }), /N must be a whole number from 1 to 100/);
    assert.throws(() => settingForControl({ key: 'n', value: 2.5 }), /whole number/);
    assert.throws(() => settingForControl({ key: 'reasoningBudget', value: -1 }), /from 0/);
  });
});
