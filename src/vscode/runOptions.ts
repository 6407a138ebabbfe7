import * as vscode from 'vscode';
import type { ModelClient } from '../engine/model/types';
import type { SolveOptions } from '../engine/options';
import type { Task } from '../engine/task';
import type { ApiKeyStore } from './apiKeyStore';
import { isLoopback } from './apiKeyStore';
import type { EnginePort } from './enginePort';
import { parseLanguageModelRef } from './languageModels/languageModelApi';
import { LanguageModelClient } from './languageModels/languageModelClient';
import type { ExtensionLog } from './log';
import { poolMembers, type ClientRefusal, type PoolTarget } from './poolMembers';
import type { BestOfNSettings, SettingsOptions } from './settings';
import { toSolveOptions } from './settings';

/** A client for one model, or why there is none and what the user can do about it. */
type ClientOutcome = { client: ModelClient; source: string } | ClientRefusal;

/**
 * Engine options for one run from settings and the secret store: the model client (with the
 * key for this server's origin only; VS Code's own models need none), the pool's clients when
 * `bestOfN.pool` is set, a fresh verifier for the task (the warm Python runner for plain-assert
 * pytest, else the general one; the caller disposes it after the run), and the settings' knobs.
 * Undefined when a model cannot be reached (no key for a remote server, a `vscode-lm` model
 * that is not `vendor/id`): the user is told why and offered the fix.
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
  const engineLog = (line: string): void => log.info(line);
  const clientFor = async (target: PoolTarget): Promise<ClientOutcome> => {
    if (target.profile.id === 'vscode-lm') {
      // VS Code's own models need no key: the providing extension signs in, VS Code asks for consent.
      try {
        const client = new LanguageModelClient({ api: vscode, model: parseLanguageModelRef(target.model), profile: target.profile, logger: engineLog });
        return { client, source: `VS Code language model ${client.model}` };
      } catch (err) {
        return { refused: err instanceof Error ? err.message : String(err), fix: 'Choose Model' };
      }
    }
    const apiKey = await deps.keys.get(target.baseUrl);
    if (!apiKey && !isLoopback(target.baseUrl)) {
      return { refused: `no API key stored for ${new URL(target.baseUrl).origin}. Keys are kept in the OS secret store, one per server: run "Best-of-N: Set API Key", or point the setting at a local server.`, fix: 'Set API Key' };
    }
    log.addSecret(apiKey);
    // Local servers take any key; the SDK insists on one, and this one is no secret.
    const client = engine.createModel({ baseURL: target.baseUrl, apiKey: apiKey ?? 'no-key', model: target.model, profile: target.profile, logger: engineLog });
    return { client, source: `Provider ${target.profile.label} at ${target.baseUrl}, model ${target.model}${apiKey ? ', key from the secret store' : ', no key (local server)'}` };
  };
  const refuse = async (outcome: ClientRefusal): Promise<undefined> => {
    log.warn(`Refused to run: ${outcome.refused}`);
    const choice = await vscode.window.showErrorMessage(`Best-of-N: ${outcome.refused}`, ...(outcome.fix ? [outcome.fix] : []));
    if (choice === 'Set API Key') await vscode.commands.executeCommand('bestOfN.setApiKey');
    if (choice === 'Choose Model') await vscode.commands.executeCommand('bestOfN.chooseModel');
    return undefined;
  };

  const profile = engine.profile(settings.provider.profile, settings.provider.custom);
  const main = await clientFor({ profile, baseUrl: settings.provider.baseUrl, model: settings.provider.model });
  if ('refused' in main) return refuse(main);
  const pool = await poolMembers(settings, (id) => engine.profile(id, settings.provider.custom), async (target) => {
    const outcome = await clientFor(target);
    return 'client' in outcome ? outcome.client : outcome;
  });
  if (pool && 'refused' in pool) return refuse(pool);
  const { verifier, kind, why } = await engine.verifierFor(deps.task, {
    sandbox: settings.verify.sandbox,
    timeoutMs: settings.verify.timeoutMs,
    concurrency: settings.verify.concurrency,
    limits: settings.verify.limits,
    includeSecretFiles: settings.verify.includeFiles,
    logger: engineLog,
  });
  log.info(`${main.source}; tests under ${verifier.description} (${kind} verifier: ${why}).`);
  const options = toSolveOptions(settings, profile);
  log.info(`Sampling: ${samplingSummary(options)}.`);
  if (pool) log.info(`Pool: ${pool.map((m) => `${m.label ?? m.model.model} (${m.model.profile.label}) × ${m.share}`).join(', ')}.`);
  return { ...options, ...deps.extra, model: main.client, verifier, ...(pool ? { pool } : {}) };
}

/** One line for the log: how the run will sample and climb the reasoning ladder. */
function samplingSummary(options: SettingsOptions): string {
  const n = options.sampling.n;
  if (!options.waves) return `all ${n} at once`;
  const size = options.waves.size !== undefined ? `waves of ${options.waves.size}` : 'growing waves';
  const ladder = options.reasoningLadder ? `, reasoning escalates over ${options.reasoningLadder.map((step) => JSON.stringify(step)).join(' → ')}` : '';
  return `adaptive, ${size} up to ${n}, repair ${options.waves.repair ? 'on' : 'off'}${ladder}`;
}
