import type { ProviderProfile } from '../../engine/model/types';
import { isLoopback, validateApiKey } from '../apiKeyStore';
import type { ProbeResult, ProbeTarget } from '../modelProbe';
import type { LanguageModelApi } from './languageModelApi';

/** One row of a pick list; a `separator` row only heads a group. */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  separator?: boolean;
  value?: T;
}

/** Where the walk reads from and writes to; production uses VS Code, tests pass doubles. */
export interface ModelWalkPorts {
  pick<T>(title: string, items: readonly PickItem<T>[], placeholder: string): Promise<T | undefined>;
  input(options: { title: string; prompt: string; value?: string; password?: boolean; validate(value: string): string | undefined }): Promise<string | undefined>;
  /** Runs a slow step with a cancellable progress notice; undefined when the user cancelled it. */
  busy<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T | undefined>;
  keys: { get(baseUrl: string): Promise<string | undefined>; set(baseUrl: string, key: string): Promise<void> };
  languageModels: Pick<LanguageModelApi, 'lm'>;
  /** Model ids from `GET /v1/models`. */
  listModels(target: { baseUrl: string; apiKey: string | undefined; profile: ProviderProfile }, signal: AbortSignal): Promise<string[]>;
  probe(target: ProbeTarget, signal: AbortSignal): Promise<ProbeResult>;
  update(key: string, value: unknown, target: 'workspace' | 'global'): Promise<void>;
  hasWorkspaceFolder: boolean;
  /** The settings in effect now, to prefill and to decide whether `replay` is offered. */
  current: { profile: string; baseUrl: string; model: string };
  /** The known profiles (`PROVIDER_PROFILES`) and the custom one. */
  profiles: readonly ProviderProfile[];
}

/** What the walk wrote (setting keys relative to `bestOfN`), and what the probe found. */
export interface ModelChoice {
  target: 'workspace' | 'global';
  written: Record<string, unknown>;
  probe?: ProbeResult;
  /** An API key was stored for the server's origin (the key itself is never returned). */
  keyStored: boolean;
}

/**
 * Public endpoints of the providers, to prefill the base URL. Keyed by profile id as a
 * string: profiles added later simply start from an empty box until they are listed here.
 */
const KNOWN_BASE_URLS: Readonly<Record<string, string>> = {
  openai: 'https://api.openai.com/v1',
  azure: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  deepseek: 'https://api.deepseek.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta/openai',
  vllm: 'http://127.0.0.1:8000/v1',
  ollama: 'http://127.0.0.1:11434/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
  replay: 'http://127.0.0.1:8000/v1',
  custom: 'http://127.0.0.1:8000/v1',
};

const TITLE = 'Best-of-N: Choose Model';

/**
 * The Choose Model walk: provider → base URL → API key → model → one probe → settings. Returns
 * undefined when the user backs out at any step; throws an Error with a clear message when a
 * step fails. Nothing is written (settings or key) until every step has succeeded.
 */
export async function chooseModel(ports: ModelWalkPorts): Promise<ModelChoice | undefined> {
  const profile = await ports.pick(`${TITLE} (1/4): provider`, providerItems(ports), 'Where the candidates come from');
  if (profile === undefined) return undefined;
  if (profile.id === 'vscode-lm') return chooseLanguageModel(ports, profile);

  const baseUrl = await ports.input({
    title: `${TITLE} (2/4): ${profile.label} base URL`,
    prompt: 'The OpenAI-compatible endpoint, ending in /v1 for most servers.',
    value: ports.current.profile === profile.id ? ports.current.baseUrl : (KNOWN_BASE_URLS[profile.id] ?? ''),
    validate: validateBaseUrl,
  });
  if (baseUrl === undefined) return undefined;
  const url = baseUrl.trim().replace(/\/+$/, '');

  let apiKey = isLoopback(url) ? undefined : await ports.keys.get(url);
  let newKey: string | undefined;
  if (apiKey === undefined && !isLoopback(url)) {
    newKey = await ports.input({
      title: `${TITLE} (3/4): API key for ${new URL(url).origin}`,
      prompt: 'Stored in the OS secret store for this server only, once the model answers; never written to settings or logs.',
      password: true,
      validate: validateApiKey,
    });
    if (newKey === undefined) return undefined;
    apiKey = newKey.trim();
  }

  const ids = await ports.busy(`Listing the models of ${url}…`, (signal) => ports.listModels({ baseUrl: url, apiKey, profile }, signal));
  if (ids === undefined) return undefined;
  if (ids.length === 0) throw new Error(`${url} lists no models (GET /models returned none); check the base URL, or that a model is loaded.`);
  const ordered = [...ids].sort((a, b) => (a === ports.current.model ? -1 : b === ports.current.model ? 1 : a.localeCompare(b)));
  const model = await ports.pick(
    `${TITLE} (4/4): model at ${url}`,
    ordered.map((id) => ({ label: id, value: id, ...(id === ports.current.model ? { description: 'current' } : {}) })),
    'The model every sample is drawn from',
  );
  if (model === undefined) return undefined;

  const written: Record<string, unknown> = { 'provider.profile': profile.id, 'provider.baseUrl': url, 'provider.model': model };
  // The replay server answers only its recorded prompts, so a probe would be refused; its profile already says what it takes.
  let probe: ProbeResult | undefined;
  if (profile.id !== 'replay') {
    probe = await ports.busy(`Asking ${model} one tiny question to see what it supports…`, (signal) => ports.probe({ baseUrl: url, apiKey, model, profile }, signal));
    if (probe === undefined) return undefined;
    if (profile.id === 'custom') Object.assign(written, customCapabilities(probe));
  }
  const target = await write(ports, written);
  if (newKey !== undefined) await ports.keys.set(url, newKey);
  return { target, written, ...(probe ? { probe } : {}), keyStored: newKey !== undefined };
}

/** The vscode-lm branch: no URL, no key, no probe; models grouped by vendor. */
async function chooseLanguageModel(ports: ModelWalkPorts, profile: ProviderProfile): Promise<ModelChoice | undefined> {
  const models = [...(await ports.languageModels.lm.selectChatModels())];
  if (models.length === 0) {
    throw new Error('VS Code offers no chat models: install or sign in to an extension that provides them (e.g. a chat or model provider extension), then choose again.');
  }
  models.sort((a, b) => a.vendor.localeCompare(b.vendor) || a.name.localeCompare(b.name));
  const items: PickItem<string>[] = [];
  for (const model of models) {
    if (items.length === 0 || items[items.length - 1]?.value?.split('/')[0] !== model.vendor) items.push({ label: model.vendor, separator: true });
    const ref = `${model.vendor}/${model.id}`;
    items.push({
      label: model.name,
      description: ref === ports.current.model && ports.current.profile === profile.id ? `${ref} · current` : ref,
      detail: `family ${model.family} · ${model.maxInputTokens.toLocaleString('en-US')} input tokens`,
      value: ref,
    });
  }
  const ref = await ports.pick(`${TITLE} (2/2): VS Code language model`, items, 'Models that installed extensions provide, by vendor');
  if (ref === undefined) return undefined;
  const written: Record<string, unknown> = { 'provider.profile': profile.id, 'provider.model': ref };
  return { target: await write(ports, written), written, keyStored: false };
}

function providerItems(ports: ModelWalkPorts): PickItem<ProviderProfile>[] {
  const offered = ports.profiles.filter((p) => p.id !== 'replay' || ports.current.profile === 'replay');
  // The models the user already has come first: nothing to set up.
  const ordered = [...offered.filter((p) => p.id === 'vscode-lm'), ...offered.filter((p) => p.id !== 'vscode-lm' && p.id !== 'custom'), ...offered.filter((p) => p.id === 'custom')];
  return ordered.map((p) => ({
    label: p.id === 'vscode-lm' ? 'VS Code language models' : p.id === 'custom' ? 'Custom OpenAI-compatible server' : p.label,
    description: [p.id === 'vscode-lm' ? 'chat models of installed extensions, no key' : (KNOWN_BASE_URLS[p.id] ?? ''), p.id === ports.current.profile ? 'current' : '']
      .filter((s) => s !== '')
      .join(' · '),
    value: p,
  }));
}

/** The `provider.custom.*` settings the probe can vouch for. */
function customCapabilities(probe: ProbeResult): Record<string, unknown> {
  const found: Record<string, unknown> = {
    'provider.custom.supportsN': probe.supportsN ? 'yes' : 'no',
    'provider.custom.supportsStreaming': probe.streamed,
  };
  // A server that takes `low` takes OpenAI's classic three; escalation climbs them.
  if (probe.effortAccepted !== undefined) found['provider.custom.reasoningEfforts'] = probe.effortAccepted ? ['low', 'medium', 'high'] : [];
  // A short answer may carry no reasoning: keep the default search order unless a field showed up.
  if (probe.reasoningSources.length > 0) found['provider.custom.reasoningSources'] = probe.reasoningSources;
  return found;
}

async function write(ports: ModelWalkPorts, written: Record<string, unknown>): Promise<'workspace' | 'global'> {
  // Per workspace when a folder is open: each project remembers its own model.
  const target = ports.hasWorkspaceFolder ? 'workspace' : 'global';
  for (const [key, value] of Object.entries(written)) await ports.update(key, value, target);
  return target;
}

function validateBaseUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Not a URL; it looks like https://api.example.com/v1 or http://127.0.0.1:8000/v1.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The URL must start with http:// or https://.';
  if (url.hostname.startsWith('your-resource')) return 'Put your Azure resource name in place of YOUR-RESOURCE.';
  return undefined;
}
