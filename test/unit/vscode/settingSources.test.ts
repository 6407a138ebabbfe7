import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { installFakeVscode } from '../../doubles/fakeVscodeApi';

installFakeVscode();
// Loaded after the fake is installed: settingSources imports `vscode`.
const { bestOfNValues, describeSources, machineSettingsPath, settingLayer } = require('../../../src/vscode/settingSources') as typeof import('../../../src/vscode/settingSources');

interface Setting {
  scope?: string;
  default?: unknown;
}
const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Setting> }[] } };
const properties = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<string, Setting>;

describe('provider settings work the same locally, in code-server and in remote windows', () => {
  it('scopes the server and model as window settings: never machine, whose User value a remote window ignores', () => {
    for (const key of ['bestOfN.provider.baseUrl', 'bestOfN.provider.model']) assert.equal(properties[key]?.scope, 'window', key);
    // The sandbox settings stay machine-scoped on purpose: they describe the machine the tests run on.
    const machine = Object.entries(properties).filter(([k, s]) => k.startsWith('bestOfN.provider.') && (s.scope === 'machine' || s.scope === 'machine-overridable'));
    assert.deepEqual(machine.map(([k]) => k), [], 'a machine-scoped setting is invisible in the User tab of a remote window');
  });

  it('names the layer a value comes from, most specific first', () => {
    assert.equal(settingLayer({ globalValue: 'a', workspaceValue: 'b', workspaceFolderValue: 'c' }, 'r'), 'Workspace Folder');
    assert.equal(settingLayer({ globalValue: 'a', workspaceValue: 'b' }, 'r'), 'Workspace');
    assert.equal(settingLayer({ globalValue: 'r' }, 'r'), 'Remote', 'in a remote window the merged global value hides which file set it');
    assert.equal(settingLayer({ globalValue: 'a' }, undefined), 'User');
    assert.equal(settingLayer({}, undefined), 'Default');
    assert.equal(settingLayer(undefined, undefined), 'Default');
  });

  it('reads the remote machine settings beside the user data folder, comments and trailing commas allowed', () => {
    assert.equal(machineSettingsPath('/srv/data/User/globalStorage/best-of-n.best-of-n'), path.join('/srv/data', 'Machine', 'settings.json'));
    const values = bestOfNValues('{\n  // remote\n  "bestOfN.provider.baseUrl": "https://api.openai.com/v1",\n  "editor.fontSize": 14,\n}\n');
    assert.deepEqual([...values], [['bestOfN.provider.baseUrl', 'https://api.openai.com/v1']]);
    assert.deepEqual([...bestOfNValues('not json')], []);
    assert.deepEqual([...bestOfNValues('[1]')], []);
  });

  it('logs every source and warns only when a Remote value overrides the user', () => {
    const local = describeSources([
      { key: 'bestOfN.provider.baseUrl', value: 'http://127.0.0.1:8000/v1', layer: 'User' },
      { key: 'bestOfN.provider.model', value: 'gpt-4o-mini', layer: 'Default' },
    ]);
    assert.equal(local.warning, undefined);
    assert.match(local.line, /bestOfN\.provider\.baseUrl = "http:\/\/127\.0\.0\.1:8000\/v1" \(User settings\), bestOfN\.provider\.model = "gpt-4o-mini" \(default\)/);
    const remote = describeSources([{ key: 'bestOfN.provider.baseUrl', value: 'https://api.openai.com/v1', layer: 'Remote' }]);
    assert.match(remote.warning ?? '', /bestOfN\.provider\.baseUrl = "https:\/\/api\.openai\.com\/v1" comes from this remote machine's settings, which override your User settings/);
  });
});
