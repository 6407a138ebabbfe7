import * as vscode from 'vscode';
import type { SettingsRead } from './settings';
import { readSettings } from './settings';
import type { SettingKey } from './settingKeys';
import { SETTINGS_SECTION } from './settingKeys';

/** Settings for `resource` (a document or folder), validated. */
export function currentSettings(resource?: vscode.Uri): SettingsRead {
  return readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, resource));
}

/**
 * Writes a setting where the user keeps it: the most specific scope that already has a
 * value, else the user settings — so the panel never shadows a workspace setting silently.
 */
export async function writeSetting(key: SettingKey, value: unknown, resource?: vscode.Uri): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource);
  const seen = config.inspect(key);
  const target =
    seen?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : seen?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

/** True when a change event touches any `bestOfN.*` setting. */
export function affectsBestOfN(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
