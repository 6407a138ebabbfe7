import * as assert from 'node:assert/strict';
import { customProfile, getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { controlsView, settingForControl, settingsTargetFor } from '../../../src/vscode/controls';
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
    assert.deepEqual(settingForControl({ key: 'waves', value: 'all' }), { key: 'sampling.waves', value: 'all' });
    assert.deepEqual(settingForControl({ key: 'waveSize', value: 0 }), { key: 'sampling.waveSize', value: 0 });
    assert.deepEqual(settingForControl({ key: 'repair', value: true }), { key: 'sampling.repair', value: true });
    assert.deepEqual(settingForControl({ key: 'escalate', value: false }), { key: 'reasoning.escalate', value: false });
    assert.throws(() => settingForControl({ key: 'waveSize', value: 101 }), /wave size must be a whole number from 0 to 100/);
    assert.throws(() => settingForControl({ key: 'waveSize', value: 1.5 }), /whole number/);
  });

  it('show the waves controls and the ladder escalation would climb, whatever the toggle says', () => {
    const values: Record<string, unknown> = { [SettingKey.effort]: 'medium', [SettingKey.escalate]: false, [SettingKey.waves]: 'all', [SettingKey.waveSize]: 3, [SettingKey.repair]: true };
    const { settings } = readSettings({ get: <T>(k: string) => values[k] as T | undefined });
    const view = controlsView(settings, getProviderProfile('vllm'));
    assert.deepEqual([view.values.waves, view.values.waveSize, view.values.repair, view.values.escalate], ['all', 3, true, false]);
    assert.deepEqual(view.escalationSteps, [{ effort: 'low' }, { effort: 'medium' }], 'the panel can say what turning escalation on would do');
    assert.deepEqual(view.limits.waveSize, { min: 0, max: 100, step: 1 });
    assert.deepEqual(controlsView(settings, customProfile()).escalationSteps, [{ effort: 'medium' }], 'nothing to climb without reasoning controls');
    assert.ok(parseHostMessage({ type: 'controls/changed', controls: view }), 'valid per the protocol');
  });

  it('map concurrency, top-p and the budgets to their settings, checking bounds', () => {
    assert.deepEqual(settingForControl({ key: 'concurrency', value: 8 }), { key: 'sampling.concurrency', value: 8 });
    assert.deepEqual(settingForControl({ key: 'topP', value: 0.9 }), { key: 'sampling.topP', value: 0.9 });
    assert.deepEqual(settingForControl({ key: 'maxTokens', value: 200000 }), { key: 'budget.maxTokens', value: 200000 });
    assert.deepEqual(settingForControl({ key: 'maxCostUsd', value: 0.5 }), { key: 'budget.maxCostUsd', value: 0.5 });
    assert.deepEqual(settingForControl({ key: 'maxWallSeconds', value: 0 }), { key: 'budget.maxWallSeconds', value: 0 });
    assert.throws(() => settingForControl({ key: 'concurrency', value: 0 }), /Concurrency must be a whole number from 1 to 32/);
    assert.throws(() => settingForControl({ key: 'topP', value: 1.5 }), /Top-p must be a number from 0 to 1/);
    assert.throws(() => settingForControl({ key: 'maxWallSeconds', value: 1.5 }), /whole number/);
    const { settings } = readSettings({ get: <T>(k: string) => ({ [SettingKey.maxWallSeconds]: 120, [SettingKey.topP]: 0.9 })[k] as T | undefined });
    const view = controlsView(settings, getProviderProfile('vllm'), 'workspace');
    assert.deepEqual([view.values.maxWallSeconds, view.values.topP, view.values.concurrency, view.writesTo], [120, 0.9, 4, 'workspace']);
    assert.ok(parseHostMessage({ type: 'controls/changed', controls: view }), 'valid per the protocol');
  });

  it('write panel edits to the workspace when a folder is open, else to the user settings, never shadowing a folder value', () => {
    assert.equal(settingsTargetFor({ folderOpen: true }), 'workspace');
    assert.equal(settingsTargetFor({ folderOpen: false }), 'user');
    assert.equal(settingsTargetFor({ folderOpen: true, workspaceFolderValue: 4 }), 'workspaceFolder');
    assert.equal(settingsTargetFor({ folderOpen: false, workspaceValue: 4 }), 'workspace');
  });
});
