import * as vscode from 'vscode';
import { customProfile, PROVIDER_PROFILES } from '../engine/model/providerProfiles';
import type { ApiKeyStore } from './apiKeyStore';
import { linkTokenToController } from './cancellation';
import { currentSettings } from './configuration';
import { chooseModel } from './languageModels/modelWalk';
import type { ModelChoice, ModelWalkPorts, PickItem } from './languageModels/modelWalk';
import type { ExtensionLog } from './log';
import { probeModel } from './modelProbe';
import { SETTINGS_SECTION } from './settingKeys';

/**
 * "Best-of-N: Choose Model": the walk of {@link chooseModel} over VS Code's quick input,
 * secret store and settings. Returns what it wrote (undefined when the user backed out).
 */
export async function runChooseModel(keys: ApiKeyStore, log: ExtensionLog): Promise<ModelChoice | undefined> {
  const choice = await chooseModel(vscodeWalkPorts(keys));
  if (choice === undefined) return undefined;
  const where = choice.target === 'workspace' ? 'the workspace settings' : 'your user settings';
  const model = String(choice.written['provider.model']);
  log.info(`Choose Model: wrote ${Object.keys(choice.written).map((k) => `bestOfN.${k}`).join(', ')} to ${where}${choice.probe ? `; probe: ${choice.probe.notes.join('; ')}` : ''}.`);
  void vscode.window.showInformationMessage(`Best-of-N: runs now use ${model} (saved in ${where}).${choice.probe ? ` ${capitalise(choice.probe.notes.join('; '))}.` : ''}`);
  return choice;
}

function vscodeWalkPorts(keys: ApiKeyStore): ModelWalkPorts {
  const { settings } = currentSettings();
  return {
    pick: async <T>(title: string, items: readonly PickItem<T>[], placeholder: string): Promise<T | undefined> => {
      const rows = items.map((item) =>
        item.separator === true
          ? { label: item.label, kind: vscode.QuickPickItemKind.Separator, value: undefined }
          : { label: item.label, description: item.description, detail: item.detail, value: item.value },
      );
      const picked = await vscode.window.showQuickPick(rows, { title, placeHolder: placeholder, ignoreFocusOut: true, matchOnDescription: true });
      return picked?.value;
    },
    input: (options) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: options.title,
          prompt: options.prompt,
          value: options.value,
          password: options.password,
          ignoreFocusOut: true,
          validateInput: options.validate,
        }),
      ),
    busy: <T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
          const controller = new AbortController();
          const link = linkTokenToController(token, controller);
          try {
            return await task(controller.signal);
          } catch (err) {
            if (controller.signal.aborted) return undefined;
            throw err;
          } finally {
            link.dispose();
          }
        }),
      ),
    keys,
    languageModels: vscode,
    listModels: async ({ baseUrl, apiKey, profile }, signal) => {
      const { OpenAIModelClient } = await import('../engine/model/openaiModelClient');
      // The model name is not used by GET /models; the client insists on one.
      return new OpenAIModelClient({ baseURL: baseUrl, apiKey: apiKey ?? '', model: 'listing', profile }).listModels(signal);
    },
    probe: probeModel,
    update: async (key, value, target) => {
      const scope = target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, scope);
    },
    hasWorkspaceFolder: (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
    current: { profile: settings.provider.profile, baseUrl: settings.provider.baseUrl, model: settings.provider.model },
    profiles: [...Object.values(PROVIDER_PROFILES), customProfile()],
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
