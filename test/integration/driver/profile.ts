import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Settings that keep the workbench quiet and deterministic for a driven test. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'git.enabled': false,
  'python.experiments.enabled': false,
  'files.autoSave': 'off',
};

/** Copies `source` to `dest` (fresh for every run) and writes its .vscode/settings.json. */
export function copyWorkspace(source: string, dest: string, workspaceSettings?: Readonly<Record<string, unknown>>): void {
  cpSync(source, dest, { recursive: true });
  if (workspaceSettings !== undefined) {
    mkdirSync(join(dest, '.vscode'), { recursive: true });
    writeFileSync(join(dest, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
  }
}

/**
 * Writes <userDataDir>/User/settings.json: quiet defaults, `extra`, and for an untrusted run
 * workspace trust switched on (the folder then opens in Restricted Mode, without a prompt).
 */
export function writeUserSettings(userDataDir: string, trusted: boolean, extra?: Readonly<Record<string, unknown>>): void {
  const settings: Record<string, unknown> = { ...QUIET_SETTINGS, ...extra };
  if (!trusted) settings['security.workspace.trust.enabled'] = true;
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}
