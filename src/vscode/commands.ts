import * as vscode from 'vscode';
import { ApiKeyStore, serverOrigin, validateApiKey } from './apiKeyStore';
import { runChooseModel } from './chooseModel';
import { currentSettings } from './configuration';
import type { ExtensionLog } from './log';
import type { CandidateReview } from './candidateReview';
import type { MemoryService } from './memoryService';
import { confirmClearMemory } from './runNotices';
import type { PanelProvider } from './panelProvider';
import type { RunController } from './runController';
import { parseCandidateArgs, parseSolveArgs } from './solveArgs';

/** Runs a command body, turning a thrown error into a message instead of a silent failure. */
function guarded<A extends unknown[], R>(log: ExtensionLog, name: string, body: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(`Best-of-N: ${message}`);
      return undefined;
    }
  };
}

/** Registers every `bestOfN.*` command; the returned disposables are owned by the caller. */
export function registerCommands(deps: {
  context: vscode.ExtensionContext;
  controller: RunController;
  panel: PanelProvider;
  review: CandidateReview;
  log: ExtensionLog;
  memory: MemoryService;
  onKeyChanged: () => void;
}): vscode.Disposable[] {
  const { controller, panel, log } = deps;
  const keys = new ApiKeyStore(deps.context.secrets);
  const register = (id: string, body: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, guarded(log, id, body));
  return [
    register('bestOfN.solve', async (arg) => {
      const args = parseSolveArgs(arg);
      void panel.show();
      return controller.solve(args);
    }),
    register('bestOfN.writeTestsFirst', async (arg) => {
      const args = parseSolveArgs(arg);
      void panel.show();
      return controller.writeTestsFirst(args);
    }),
    register('bestOfN.cancel', async () => controller.cancel()),
    register('bestOfN.rerun', async () => controller.rerun()),
    register('bestOfN.accept', async (arg) => {
      const args = parseCandidateArgs(arg);
      return controller.acceptCandidate(undefined, args.candidateId, args.applyToNewText);
    }),
    register('bestOfN.openDiff', async (arg) => controller.openDiff(undefined, parseCandidateArgs(arg).candidateId)),
    register('bestOfN.reviewCandidates', async () => (await deps.review.open()).map((group) => group.representative.id)),
    // From a diff's title bar VS Code passes the diff's URI, which names the candidate.
    register('bestOfN.acceptFromDiff', async (resource) => deps.review.acceptFromDiff(resource)),
    register('bestOfN.discardReview', async () => deps.review.discard()),
    register('bestOfN.setApiKey', async () => {
      const baseUrl = currentSettings().settings.provider.baseUrl;
      const origin = serverOrigin(baseUrl);
      const key = await vscode.window.showInputBox({
        title: `Best-of-N: API key for ${origin}`,
        prompt: 'Stored in the OS secret store for this server only; never written to settings, logs or test processes.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => validateApiKey(value),
      });
      if (key === undefined) return false;
      await keys.set(baseUrl, key);
      log.info(`API key stored for ${origin}.`);
      deps.onKeyChanged();
      void vscode.window.showInformationMessage(`Best-of-N: API key stored for ${origin}.`);
      return true;
    }),
    register('bestOfN.clearApiKey', async () => {
      const baseUrl = currentSettings().settings.provider.baseUrl;
      await keys.clear(baseUrl);
      log.info(`API key removed for ${serverOrigin(baseUrl)}.`);
      deps.onKeyChanged();
      void vscode.window.showInformationMessage(`Best-of-N: API key removed for ${serverOrigin(baseUrl)}.`);
    }),
    register('bestOfN.chooseModel', async () => {
      const choice = await runChooseModel(keys, log);
      if (choice?.keyStored === true) deps.onKeyChanged();
      return choice;
    }),
    register('bestOfN.showLog', async () => log.channel.show(true)),
    register('bestOfN.showPanel', async () => panel.show()),
    register('bestOfN.showCheatsheet', async () => deps.memory.show(currentSettings().settings, () => panel.show())),
    register('bestOfN.clearCheatsheet', async () => {
      if (!(await confirmClearMemory())) return false;
      await deps.memory.apply(currentSettings().settings, { type: 'memory/clear' });
      return true;
    }),
    register('bestOfN.exportCheatsheet', async () => {
      const text = await deps.memory.exportJson(currentSettings().settings);
      const target = await vscode.window.showSaveDialog({ title: 'Export the Best-of-N memory', filters: { JSON: ['json'] }, saveLabel: 'Export' });
      if (!target) return undefined;
      // Written only because the user picked this file in the save dialog.
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(`Best-of-N: memory exported to ${target.fsPath}.`);
      return target.toString();
    }),
    register('bestOfN.importCheatsheet', async () => {
      const picked = await vscode.window.showOpenDialog({ title: 'Import a Best-of-N memory export', filters: { JSON: ['json'] }, canSelectMany: false, openLabel: 'Import' });
      const source = picked?.[0];
      if (!source) return undefined;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
      const { imported, skipped } = await deps.memory.importJson(currentSettings().settings, text);
      void vscode.window.showInformationMessage(`Best-of-N: imported ${imported} memory item(s)${skipped ? `, skipped ${skipped} already known or invalid` : ''}.`);
      return { imported, skipped };
    }),
  ];
}
