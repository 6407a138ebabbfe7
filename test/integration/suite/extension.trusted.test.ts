import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BestOfNApi } from '../../../src/extension';
import { EXTENSION_ID, manifest } from './manifest';

describe('Best-of-N in a trusted workspace: activation and contributions', () => {
  it('activates and returns its API with the panel state', async () => {
    const extension = vscode.extensions.getExtension<BestOfNApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    const state = api.getState();
    assert.equal(state.workspaceTrusted, true);
    assert.equal(state.run, null, 'no run before the first solve');
    assert.equal(typeof state.controls, 'object');
  });

  it('registers every command its manifest contributes, and no test hook', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = manifest().contributes.commands.map((c) => c.command);
    assert.ok(declared.includes('bestOfN.solve'));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    assert.deepEqual([...registered].filter((id) => id.startsWith('bestOfN._')), [], 'a test hook ships in the extension');
  });

  it('gives every setting a default that VS Code reports as such', () => {
    const config = vscode.workspace.getConfiguration();
    const properties = manifest().contributes.configuration.flatMap((section) => Object.entries(section.properties));
    assert.ok(properties.length >= 20, `only ${properties.length} settings declared`);
    for (const [key, schema] of properties) {
      assert.ok(key.startsWith('bestOfN.'), `${key} is outside the bestOfN. prefix`);
      assert.ok(!/apikey|api_key|secret/i.test(key), `${key}: the API key is never a setting`);
      assert.ok(typeof schema.markdownDescription === 'string' && schema.markdownDescription.length > 0, `${key} has no markdownDescription`);
      assert.deepEqual(config.inspect(key)?.defaultValue, schema.default, `${key}: default as VS Code reads it`);
    }
  });

  it('reads the workspace settings the runner wrote (provider pointed at the local server)', () => {
    const config = vscode.workspace.getConfiguration('bestOfN');
    const baseUrl = config.get<string>('provider.baseUrl') ?? '';
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.equal(config.inspect('provider.baseUrl')?.workspaceValue, baseUrl);
  });

  it('declares limited support for untrusted workspaces and none for virtual ones', () => {
    const { capabilities } = manifest();
    assert.equal(capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(capabilities.virtualWorkspaces.supported, false);
  });
});
