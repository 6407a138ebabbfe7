import { reasoningLadder } from '../engine/model/reasoningLadder';
import type { ProviderProfile } from '../engine/model/types';
import type { ControlUpdate, ControlsView } from '../protocol';
import type { BestOfNSettings } from './settings';
import { MAX_WAVE_SIZE, reasoningControls, WAVES_MODES } from './settings';
import { SettingKey } from './settingKeys';

/** The panel's controls: current setting values plus what the provider profile allows. */
export function controlsView(settings: BestOfNSettings, profile: ProviderProfile): ControlsView {
  return {
    values: {
      reasoningEffort: settings.reasoning.effort,
      reasoningBudget: settings.reasoning.budgetTokens,
      fastMode: settings.reasoning.fastMode,
      n: settings.sampling.n,
      earlyStop: settings.earlyStopAgreeing,
      temperature: settings.sampling.temperature,
      waves: settings.sampling.waves,
      waveSize: settings.sampling.waveSize,
      repair: settings.sampling.repair,
      escalate: settings.reasoning.escalate,
    },
    allowedEfforts: [...profile.reasoningEfforts],
    supportsReasoningBudget: profile.supportsThinkingBudget,
    // Fast mode is either `enable_thinking: false` or the lowest effort the server takes.
    supportsFastMode: profile.supportsEnableThinking || profile.reasoningEfforts.includes('none') || profile.reasoningEfforts.includes('minimal'),
    supportsSamplingParams: profile.supportsSamplingParams,
    // The same bounds as package.json, so the panel cannot write what Settings would reject.
    limits: {
      n: { min: 1, max: 100, step: 1 },
      earlyStop: { min: 0, max: 100, step: 1 },
      temperature: { min: 0, max: 2, step: 0.05 },
      reasoningBudget: { min: 0, max: 200000, step: 256 },
      waveSize: { min: 0, max: MAX_WAVE_SIZE, step: 1 },
    },
    // What the ladder would be with escalation on, so the panel can say what the toggle does.
    escalationSteps: reasoningLadder(profile, reasoningControls(settings.reasoning)),
    providerLabel: profile.label,
    model: settings.provider.model,
  };
}

/** The setting a panel control writes, with the value checked against the setting's bounds. */
export function settingForControl(update: ControlUpdate): { key: SettingKey; value: string | number | boolean } {
  const bounded = (value: number, min: number, max: number, integer: boolean, name: string): number => {
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
    }
    return value;
  };
  switch (update.key) {
    case 'reasoningEffort':
      return { key: SettingKey.effort, value: update.value };
    case 'reasoningBudget':
      return { key: SettingKey.budgetTokens, value: bounded(update.value, 0, 200000, true, 'The reasoning budget') };
    case 'fastMode':
      return { key: SettingKey.fastMode, value: update.value };
    case 'n':
      return { key: SettingKey.count, value: bounded(update.value, 1, 100, true, 'N') };
    case 'earlyStop':
      return { key: SettingKey.earlyStopAgreeing, value: bounded(update.value, 0, 100, true, 'Early stop') };
    case 'temperature':
      return { key: SettingKey.temperature, value: bounded(update.value, 0, 2, false, 'Temperature') };
    case 'waves':
      if (!WAVES_MODES.includes(update.value)) throw new Error(`Waves must be one of ${WAVES_MODES.join(', ')}.`);
      return { key: SettingKey.waves, value: update.value };
    case 'waveSize':
      return { key: SettingKey.waveSize, value: bounded(update.value, 0, MAX_WAVE_SIZE, true, 'The wave size') };
    case 'repair':
      return { key: SettingKey.repair, value: update.value };
    case 'escalate':
      return { key: SettingKey.escalate, value: update.value };
  }
}
