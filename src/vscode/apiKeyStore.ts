/** The part of `vscode.SecretStorage` the key store uses. */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const PREFIX = 'bestOfN.apiKey:';

/**
 * The origin (`scheme://host:port`) a key belongs to. Keys are stored per origin so that a
 * base URL changed by a workspace's settings never receives a key entered for another server.
 */
export function serverOrigin(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The base URL must be http or https, not ${url.protocol}`);
  }
  return url.origin;
}

/** True for servers on this machine, which commonly need no key (vLLM, Ollama, LM Studio, test servers). */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** API keys in the OS secret store (`context.secrets`), one per server origin; never in settings. */
export class ApiKeyStore {
  constructor(private readonly secrets: SecretStorageLike) {}

  async get(baseUrl: string): Promise<string | undefined> {
    const value = await this.secrets.get(PREFIX + serverOrigin(baseUrl));
    return value === undefined || value === '' ? undefined : value;
  }

  async set(baseUrl: string, key: string): Promise<void> {
    const trimmed = key.trim();
    const problem = validateApiKey(trimmed);
    if (problem) throw new Error(problem);
    await this.secrets.store(PREFIX + serverOrigin(baseUrl), trimmed);
  }

  async clear(baseUrl: string): Promise<void> {
    await this.secrets.delete(PREFIX + serverOrigin(baseUrl));
  }
}

/** Why `key` cannot be an API key, or undefined when it can. Used by the input box too. */
export function validateApiKey(key: string): string | undefined {
  const trimmed = key.trim();
  if (trimmed.length === 0) return 'The key is empty.';
  // A header value with whitespace or control characters would be rejected by the server or split the header.
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) return 'The key must not contain spaces or control characters.';
  if (trimmed.length > 4096) return 'The key is longer than 4096 characters.';
  return undefined;
}
