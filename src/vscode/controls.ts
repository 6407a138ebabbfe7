import { canTurnThinkingOff } from '../engine/model/reasoningKnobs';
import { reasoningLadder } from '../engine/model/reasoningLadder';
import type { ProviderProfile } from '../engine/model/types';
import type { ControlUpdate, ControlsView, RangeView } from '../protocol';
import type { BestOfNSettings } from './settings';
import { MAX_WAVE_SIZE, reasoningControls, WAVES_MODES } from './settings';
import { SettingKey } from './settingKeys';

type NumericKey = Extract<ControlUpdate, { value: number }>['key'];

/**
 * Bounds of every numeric control: the same as package.json, so the panel cannot write what
 * Settings would reject. Budgets have no upper bound in the manifest; these caps only keep a
 * typo (an extra zero or three) out of the settings file.
 */
const LIMITS: Record<NumericKey, RangeView & { integer: boolean; name: string }> = {
  n: { min: 1, max: 100, step: 1, integer: true, name: 'N' },
  earlyStop: { min: 0, max: 100, step: 1, integer: true, name: 'Early stop' },
  temperature: { min: 0, max: 2, step: 0.05, integer: false, name: 'Temperature' },
  reasoningBudget: { min: 0, max: 200000, step: 256, integer: true, name: 'The reasoning budget' },
  waveSize: { min: 0, max: MAX_WAVE_SIZE, step: 1, integer: true, name: 'The wave size' },
  concurrency: { min: 1, max: 32, step: 1, integer: true, name: 'Concurrency' },
  topP: { min: 0, max: 1, step: 0.05, integer: false, name: 'Top-p' },
  maxTokens: { min: 0, max: 100_000_000, step: 1000, integer: true, name: 'The token budget' },
  maxCostUsd: { min: 0, max: 10_000, step: 0.01, integer: false, name: 'The cost budget' },
  maxWallSeconds: { min: 0, max: 86_400, step: 10, integer: true, name: 'The time budget' },
};

function range(key: NumericKey): RangeView {
  const { min, max, step } = LIMITS[key];
  return { min, max, step };
}

/**
 * Where a panel edit goes: the folder or workspace settings when the user already keeps the
 * value there, else the workspace settings when a folder is open (a run's knobs belong to the
 * project), else the user settings. Pure, so the rule is tested without VS Code.
 */
export function settingsTargetFor(input: {
  folderOpen: boolean;
  workspaceFolderValue?: unknown;
  workspaceValue?: unknown;
}): 'workspaceFolder' | 'workspace' | 'user' {
  if (input.workspaceFolderValue !== undefined) return 'workspaceFolder';
  if (input.workspaceValue !== undefined || input.folderOpen) return 'workspace';
  return 'user';
}

/** The panel's controls: current setting values plus what the provider profile allows. */
export function controlsView(settings: BestOfNSettings, profile: ProviderProfile, writesTo: ControlsView['writesTo'] = 'user'): ControlsView {
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
      concurrency: settings.sampling.concurrency,
      topP: settings.sampling.topP,
      maxTokens: settings.budgets.maxTokens,
      maxCostUsd: settings.budgets.maxCostUsd,
      maxWallSeconds: Math.round(settings.budgets.maxWallMs / 1000),
    },
    writesTo,
    allowedEfforts: [...profile.reasoningEfforts],
    supportsReasoningBudget: profile.supportsThinkingBudget,
    // Fast mode is either `enable_thinking: false` or the lowest effort the server takes.
    supportsFastMode: canTurnThinkingOff(profile),
    supportsSamplingParams: profile.supportsSamplingParams,
    limits: {
      n: range('n'),
      earlyStop: range('earlyStop'),
      temperature: range('temperature'),
      reasoningBudget: range('reasoningBudget'),
      waveSize: range('waveSize'),
      concurrency: range('concurrency'),
      topP: range('topP'),
      maxTokens: range('maxTokens'),
      maxCostUsd: range('maxCostUsd'),
      maxWallSeconds: range('maxWallSeconds'),
    },
    // What the ladder would be with escalation on, so the panel can say what the toggle does.
    escalationSteps: reasoningLadder(profile, reasoningControls(settings.reasoning)),
    providerLabel: profile.label,
    model: settings.provider.model,
  };
}

const NUMERIC_SETTING: Record<NumericKey, SettingKey> = {
  n: SettingKey.count,
  earlyStop: SettingKey.earlyStopAgreeing,
  temperature: SettingKey.temperature,
  reasoningBudget: SettingKey.budgetTokens,
  waveSize: SettingKey.waveSize,
  concurrency: SettingKey.concurrency,
  topP: SettingKey.topP,
  maxTokens: SettingKey.budgetMaxTokens,
  maxCostUsd: SettingKey.budgetMaxCostUsd,
  maxWallSeconds: SettingKey.maxWallSeconds,
};

function bounded(key: NumericKey, value: number): number {
  const { min, max, integer, name } = LIMITS[key];
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
  }
  return value;
}

/** The setting a panel control writes, with the value checked against the setting's bounds. */
export function settingForControl(update: ControlUpdate): { key: SettingKey; value: string | number | boolean } {
  switch (update.key) {
    case 'reasoningEffort':
      return { key: SettingKey.effort, value: update.value };
    case 'fastMode':
      return { key: SettingKey.fastMode, value: update.value };
    case 'waves':
      if (!WAVES_MODES.includes(update.value)) throw new Error(`Waves must be one of ${WAVES_MODES.join(', ')}.`);
      return { key: SettingKey.waves, value: update.value };
    case 'repair':
      return { key: SettingKey.repair, value: update.value };
    case 'escalate':
      return { key: SettingKey.escalate, value: update.value };
    default:
      return { key: NUMERIC_SETTING[update.key], value: bounded(update.key, update.value) };
  }
}
