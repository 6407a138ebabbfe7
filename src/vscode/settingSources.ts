import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
// The ESM build: the UMD one (package main) loads its parts with a require() the bundle cannot follow.
import { parse } from 'jsonc-parser/lib/esm/main';
import * as vscode from 'vscode';
import type { ExtensionLog } from './log';
import { SettingKey, SETTINGS_SECTION } from './settingKeys';

/*
 * Why `bestOfN.provider.baseUrl` and `.model` are `window`-scoped. A `machine` or
 * `machine-overridable` setting is read, in a remote window (Remote-SSH, containers, WSL,
 * code-server), only from the remote machine's settings: the value in the user's User
 * settings is ignored there, and the Settings editor's User tab does not even list it. That
 * is how a code-server user got https://api.openai.com while their User settings named a
 * local server. `window` settings are read from User, Remote and Workspace settings alike, the
 * same locally and remotely. Sending a key to a URL the workspace chose is safe because keys
 * are stored per server origin (apiKeyStore.ts); a URL never receives another server's key.
 * What `window` allows is a Remote value shadowing the User value: that is reported below.
 */

/** The settings layer a value comes from, most specific first. */
export type SettingLayer = 'Workspace Folder' | 'Workspace' | 'Remote' | 'User' | 'Default';

/** What `WorkspaceConfiguration.inspect` says about a key (the parts used here). */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * Which layer supplies a value. In a remote window `globalValue` is User and Remote settings
 * merged, Remote winning; `remoteValue` (read from the remote machine's settings file) tells
 * the two apart.
 */
export function settingLayer(inspected: InspectedSetting | undefined, remoteValue: unknown): SettingLayer {
  if (inspected?.workspaceFolderValue !== undefined) return 'Workspace Folder';
  if (inspected?.workspaceValue !== undefined) return 'Workspace';
  if (remoteValue !== undefined) return 'Remote';
  return inspected?.globalValue !== undefined ? 'User' : 'Default';
}

/** The remote machine's settings file, next to the user data folder the extension's global storage is in. */
export function machineSettingsPath(globalStorageFsPath: string): string {
  // <user-data>/User/globalStorage/<extension id> → <user-data>/Machine/settings.json, the layout
  // of both VS Code Server and code-server.
  return path.join(globalStorageFsPath, '..', '..', '..', 'Machine', 'settings.json');
}

/** `bestOfN.*` values in a settings file's JSONC text (comments and trailing commas allowed). */
export function bestOfNValues(text: string): Map<string, unknown> {
  const parsed: unknown = parse(text, [], { allowTrailingComma: true });
  const values = new Map<string, unknown>();
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return values;
  for (const [key, value] of Object.entries(parsed)) if (key.startsWith(`${SETTINGS_SECTION}.`)) values.set(key, value);
  return values;
}

/** Where one setting's value comes from in this window, for the log and the override warning. */
export interface SettingSource {
  key: string;
  value: unknown;
  layer: SettingLayer;
}

/** Reads where `keys` come from; the remote layer only in a remote window. */
export async function settingSources(keys: readonly string[], resource: vscode.Uri | undefined, globalStorage: vscode.Uri): Promise<SettingSource[]> {
  let remote = new Map<string, unknown>();
  if (vscode.env.remoteName !== undefined) {
    remote = await readFile(machineSettingsPath(globalStorage.fsPath), 'utf8').then(bestOfNValues, () => new Map<string, unknown>());
  }
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource);
  return keys.map((key) => {
    const full = `${SETTINGS_SECTION}.${key}`;
    return { key: full, value: config.get(key), layer: settingLayer(config.inspect(key), remote.get(full)) };
  });
}

/** One log line saying where each value came from, and a warning when a Remote value overrides the user's. */
export function describeSources(sources: readonly SettingSource[]): { line: string; warning?: string } {
  const line = `Settings for this run: ${sources.map((s) => `${s.key} = ${JSON.stringify(s.value)} (${s.layer === 'Default' ? 'default' : `${s.layer} settings`})`).join(', ')}.`;
  const remote = sources.filter((s) => s.layer === 'Remote');
  if (remote.length === 0) return { line };
  const names = remote.map((s) => `${s.key} = ${JSON.stringify(s.value)}`).join(', ');
  return {
    line,
    warning: `${names} comes from this remote machine's settings, which override your User settings in this window. Change or remove it in the Settings editor's Remote tab to use your User value.`,
  };
}

/** Logs where the server and model come from; warns (a toast once per value) when a Remote setting overrides the user's. */
export async function reportProviderSources(deps: { log: ExtensionLog; resource: vscode.Uri; globalStorage: vscode.Uri; warned: Set<string> }): Promise<void> {
  const { line, warning } = describeSources(await settingSources([SettingKey.baseUrl, SettingKey.model], deps.resource, deps.globalStorage));
  deps.log.info(line);
  if (!warning) return;
  deps.log.warn(warning);
  if (deps.warned.has(warning)) return;
  deps.warned.add(warning);
  void vscode.window.showWarningMessage(`Best-of-N: ${warning}`);
}
