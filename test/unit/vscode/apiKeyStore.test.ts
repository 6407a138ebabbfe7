import * as assert from 'node:assert/strict';
import { ApiKeyStore, isLoopback, serverOrigin, validateApiKey } from '../../../src/vscode/apiKeyStore';
import { InMemorySecretStorage } from '../../doubles/inMemorySecretStorage';

describe('ApiKeyStore', () => {
  it('stores a key per server origin, so another base URL never gets it', async () => {
    const secrets = new InMemorySecretStorage();
    const store = new ApiKeyStore(secrets);
    await store.set('https://api.openai.com/v1', '  sk-test-1234567890  ');
    assert.equal(await store.get('https://api.openai.com/v1/'), 'sk-test-1234567890');
    assert.equal(await store.get('https://api.openai.com/other/path'), 'sk-test-1234567890', 'same origin, other path');
    assert.equal(await store.get('https://evil.example.com/v1'), undefined);
    assert.equal(await store.get('http://api.openai.com/v1'), undefined, 'http is another origin');
    assert.deepEqual([...secrets.values.keys()], ['bestOfN.apiKey:https://api.openai.com']);
  });

  it('fires the secret change event and clears', async () => {
    const secrets = new InMemorySecretStorage();
    const seen: string[] = [];
    secrets.onDidChange((e) => seen.push(e.key));
    const store = new ApiKeyStore(secrets);
    await store.set('http://127.0.0.1:8000/v1', 'local-key-123');
    await store.clear('http://127.0.0.1:8000/v1');
    assert.equal(await store.get('http://127.0.0.1:8000/v1'), undefined);
    assert.deepEqual(seen, ['bestOfN.apiKey:http://127.0.0.1:8000', 'bestOfN.apiKey:http://127.0.0.1:8000']);
  });

  it('refuses bad keys and bad URLs with clear errors, storing nothing', async () => {
    const secrets = new InMemorySecretStorage();
    const store = new ApiKeyStore(secrets);
    await assert.rejects(store.set('https://api.openai.com/v1', '   '), /empty/);
    await assert.rejects(store.set('https://api.openai.com/v1', 'sk-abc\r\nX-Evil: 1'), /spaces or control/);
    await assert.rejects(store.set('file:///tmp/x', 'sk-abcdef'), /http or https/);
    assert.equal(secrets.values.size, 0);
    assert.equal(validateApiKey('sk-good-key'), undefined);
  });

  it('knows loopback servers', () => {
    assert.ok(isLoopback('http://127.0.0.1:8000/v1'));
    assert.ok(isLoopback('http://localhost:11434/v1'));
    assert.ok(isLoopback('http://[::1]:1234/v1'));
    assert.ok(!isLoopback('http://127.0.0.1.evil.com/v1'));
    assert.ok(!isLoopback('https://api.openai.com/v1'));
    assert.equal(serverOrigin('https://x.openai.azure.com/openai/deployments/d'), 'https://x.openai.azure.com');
  });
});
