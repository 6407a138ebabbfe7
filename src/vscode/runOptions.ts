import * as vscode from 'vscode';
import type { ModelClient } from '../engine/model/types';
import type { SolveOptions } from '../engine/options';
import type { Task } from '../engine/task';
import type { ApiKeyStore } from './apiKeyStore';
import { isLoopback } from './apiKeyStore';
import type { EnginePort } from './enginePort';
import type { LanguageModelRef } from './languageModels/languageModelApi';
import { parseLanguageModelRef } from './languageModels/languageModelApi';
import { LanguageModelClient } from './languageModels/languageModelClient';
import type { ExtensionLog } from './log';
import type { BestOfNSettings, SettingsOptions } from './settings';
import { toSolveOptions } from './settings';

/**
 * Engine options for one run from settings and the secret store: the model client (with the
 * key for this server's origin only), a fresh verifier for the task (the warm Python runner
 * for plain-assert pytest, else the general one; the caller disposes it after the run), and
 * the settings' knobs. Undefined when there is no key for a remote server (the user is
 * offered Set API Key) or the `vscode-lm` model setting is not `vendor/id`.
 */
export async function prepareOptions(deps: {
  task: Task;
  settings: BestOfNSettings;
  keys: ApiKeyStore;
  engine: EnginePort;
  log: Pick<ExtensionLog, 'info' | 'warn' | 'addSecret'>;
  extra?: Partial<Pick<SolveOptions, 'cheatsheet' | 'cheatsheetTokenBudget'>>;
}): Promise<SolveOptions | undefined> {
  const { settings, engine, log } = deps;
  const baseUrl = settings.provider.baseUrl;
  const engineLog = (line: string): void => log.info(line);
  const profile = engine.profile(settings.provider.profile, settings.provider.custom);
  let model: ModelClient;
  let source: string;
  if (profile.id === 'vscode-lm') {
    // VS Code's own models need no key: the providing extension signs in, VS Code asks for consent.
    let ref: LanguageModelRef;
    try {
      ref = parseLanguageModelRef(settings.provider.model);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn(`Refused to run: ${message}`);
      const choice = await vscode.window.showErrorMessage(`Best-of-N: ${message}`, 'Choose Model');
      if (choice === 'Choose Model') await vscode.commands.executeCommand('bestOfN.chooseModel');
      return undefined;
    }
    model = new LanguageModelClient({ api: vscode, model: ref, profile, logger: engineLog });
    source = `VS Code language model ${model.model}`;
  } else {
    const apiKey = await deps.keys.get(baseUrl);
    if (!apiKey && !isLoopback(baseUrl)) {
      log.warn(`Refused to run: no API key stored for ${new URL(baseUrl).origin} (bestOfN.provider.baseUrl). Run "Best-of-N: Set API Key", or point the setting at a local server.`);
      const choice = await vscode.window.showErrorMessage(`Best-of-N: no API key for ${new URL(baseUrl).origin}. Keys are kept in the OS secret store, one per server.`, 'Set API Key');
      if (choice === 'Set API Key') await vscode.commands.executeCommand('bestOfN.setApiKey');
      return undefined;
    }
    log.addSecret(apiKey);
    model = engine.createModel({
      baseURL: baseUrl,
      // Local servers take any key; the SDK insists on one, and this one is no secret.
      apiKey: apiKey ?? 'no-key',
      model: settings.provider.model,
      profile,
      logger: engineLog,
    });
    source = `Provider ${profile.label} at ${baseUrl}, model ${settings.provider.model}${apiKey ? ', key from the secret store' : ', no key (local server)'}`;
  }
  const { verifier, kind, why } = await engine.verifierFor(deps.task, {
    sandbox: settings.verify.sandbox,
    timeoutMs: settings.verify.timeoutMs,
    concurrency: settings.verify.concurrency,
    limits: settings.verify.limits,
    includeSecretFiles: settings.verify.includeFiles,
    logger: engineLog,
  });
  log.info(`${source}; tests under ${verifier.description} (${kind} verifier: ${why}).`);
  const options = toSolveOptions(settings, profile);
  log.info(`Sampling: ${samplingSummary(options)}.`);
  return { ...options, ...deps.extra, model, verifier };
}

/** One line for the log: how the run will sample and climb the reasoning ladder. */
function samplingSummary(options: SettingsOptions): string {
  const n = options.sampling.n;
  if (!options.waves) return `all ${n} at once`;
  const size = options.waves.size !== undefined ? `waves of ${options.waves.size}` : 'growing waves';
  const ladder = options.reasoningLadder ? `, reasoning escalates over ${options.reasoningLadder.map((step) => JSON.stringify(step)).join(' → ')}` : '';
  return `adaptive, ${size} up to ${n}, repair ${options.waves.repair ? 'on' : 'off'}${ladder}`;
}
