import * as vscode from 'vscode';
import { getProviderProfile } from './engine/model/providerProfiles';
import type { PanelState } from './protocol';
import { ApiKeyStore } from './vscode/apiKeyStore';
import { CandidateReview } from './vscode/candidateReview';
import { registerCommands } from './vscode/commands';
import { affectsBestOfN, currentSettings } from './vscode/configuration';
import { controlsView } from './vscode/controls';
import { loadEngine } from './vscode/engineLoader';
import { installExitCleanup, removeSandboxDirsOnDeactivate } from './vscode/exitCleanup';
import { MemoryService } from './vscode/memoryService';
import { ExtensionLog } from './vscode/log';
import { PanelProvider } from './vscode/panelProvider';
import { PanelStore } from './vscode/panelStore';
import { RunController } from './vscode/runController';

/** What `activate` returns to other extensions (and integration tests). */
export interface BestOfNApi {
  /** The panel's state as the host holds it (never contains secrets). */
  getState(): PanelState;
}

function controlsNow(): PanelState['controls'] {
  const { settings } = currentSettings();
  let profile;
  try {
    profile = getProviderProfile(settings.provider.profile, settings.provider.profile === 'custom' ? settings.provider.custom : {});
  } catch {
    profile = getProviderProfile('custom', settings.provider.custom);
  }
  // Panel edits go to the workspace settings when a folder is open; the panel says so.
  return controlsView(settings, profile, (vscode.workspace.workspaceFolders?.length ?? 0) > 0 ? 'workspace' : 'user');
}

/** Wiring only: everything heavy (SDK, tokenizer, verifier) loads on the first run. */
export function activate(context: vscode.ExtensionContext): BestOfNApi {
  // Not a subscription: it must still hold while the host ends after deactivate.
  installExitCleanup();
  const log = new ExtensionLog();
  context.subscriptions.push(log);
  const keys = new ApiKeyStore(context.secrets);
  const store = new PanelStore({
    run: null,
    controls: controlsNow(),
    workspaceTrusted: vscode.workspace.isTrusted,
    apiKeySet: false,
    bubblewrapStatus: { available: false, detail: 'Not checked yet.' },
    memory: [],
  });

  const refreshKey = (): void => {
    const { provider } = currentSettings().settings;
    // VS Code's own models take no key: the panel must not ask for one.
    if (provider.profile === 'vscode-lm') return store.setEnvironment({ apiKeySet: true });
    void keys
      .get(provider.baseUrl)
      .then((key) => store.setEnvironment({ apiKeySet: key !== undefined }))
      .then(undefined, (e: unknown) => log.warn(`Reading the API key failed: ${String(e)}`));
  };
  let bubblewrapChecked = false;
  const checkBubblewrap = (): void => {
    if (bubblewrapChecked) return;
    bubblewrapChecked = true;
    void loadEngine()
      .then((engine) => engine.detectBubblewrap())
      .then((status) => {
        const detail = status.available ? `bubblewrap at ${status.path ?? 'bwrap'}` : `bubblewrap unavailable: ${status.reason ?? 'not installed'}`;
        log.info(`Sandbox: ${detail}.`);
        store.setEnvironment({ bubblewrapStatus: { available: status.available, detail } });
      })
      .then(undefined, (e: unknown) => log.warn(`Checking bubblewrap failed: ${String(e)}`));
  };

  const memory = new MemoryService(
    { ...(context.storageUri ? { workspaceDir: context.storageUri.fsPath } : {}), globalDir: context.globalStorageUri.fsPath },
    async (options) => (await import('./engine/cheatsheet/openCheatsheet')).openCheatsheet(options),
    log,
    (items) => store.setMemory(items),
    () => store.reveal('memory'),
  );
  const refreshMemory = (): void => {
    void memory.refresh(currentSettings().settings).then(undefined, (e: unknown) => log.warn(`Memory: could not load (${String(e)})`));
  };
  const onPanelResolved = (): void => {
    checkBubblewrap();
    refreshMemory();
  };
  const controller = new RunController(context, store, log, loadEngine, memory);
  const panel = new PanelProvider(context.extensionUri, store, controller, log, onPanelResolved);
  const review = new CandidateReview({ extensionUri: context.extensionUri, store, actions: controller, log, source: controller });
  context.subscriptions.push(
    controller,
    panel,
    review,
    controller.onDidAccept(() => void review.closeDiffs().then(undefined, (e: unknown) => log.warn(`Closing the stale diffs failed: ${String(e)}`))),
    ...registerCommands({ context, controller, panel, review, log, memory, onKeyChanged: refreshKey }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsBestOfN(e)) return;
      store.setControls(controlsNow());
      refreshKey();
      if (e.affectsConfiguration('bestOfN.cheatsheet')) refreshMemory();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => store.setEnvironment({ workspaceTrusted: true })),
    context.secrets.onDidChange((e) => e.key.startsWith('bestOfN.') && refreshKey()),
  );
  void vscode.commands.executeCommand('setContext', 'bestOfN.running', false);
  refreshKey();
  return { getState: () => store.snapshot };
}

/** Leaves no workspace copy behind: runs abort as VS Code disposes the subscriptions; what they leave is removed. */
export function deactivate(): Promise<void> {
  return removeSandboxDirsOnDeactivate();
}
