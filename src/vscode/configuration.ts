import * as vscode from 'vscode';
import { settingsTargetFor } from './controls';
import type { SettingsRead } from './settings';
import { readSettings } from './settings';
import type { SettingKey } from './settingKeys';
import { SETTINGS_SECTION } from './settingKeys';

/** Settings for `resource` (a document or folder), validated. */
export function currentSettings(resource?: vscode.Uri): SettingsRead {
  return readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, resource));
}

/**
 * Writes a setting where {@link settingsTargetFor} says: where the user already keeps it, else
 * the workspace when a folder is open, else the user settings. Returns where it went.
 */
export async function writeSetting(key: SettingKey, value: unknown, resource?: vscode.Uri): Promise<'workspaceFolder' | 'workspace' | 'user'> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource);
  const seen = config.inspect(key);
  const where = settingsTargetFor({ folderOpen: (vscode.workspace.workspaceFolders?.length ?? 0) > 0, workspaceFolderValue: seen?.workspaceFolderValue, workspaceValue: seen?.workspaceValue });
  const target = { workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder, workspace: vscode.ConfigurationTarget.Workspace, user: vscode.ConfigurationTarget.Global }[where];
  await config.update(key, value, target);
  return where;
}

/** True when a change event touches any `bestOfN.*` setting. */
export function affectsBestOfN(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
