import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}
interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean; description?: string }; virtualWorkspaces: boolean | { supported: boolean } };
  contributes: {
    commands: Command[];
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings: { command: string; key: string; mac?: string }[];
    views: Record<string, { id: string; type?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
  };
}

const root = path.join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const source = readFileSync(path.join(root, 'src/vscode/commands.ts'), 'utf8');

describe('extension manifest', () => {
  it('declares every registered command with the Best-of-N category, and ships no test hook', () => {
    const registered = [...source.matchAll(/register\('(bestOfN\.[\w.]+)'/g)].map((m) => m[1]);
    const declared = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual(registered.sort(), [...declared].sort());
    assert.ok(!JSON.stringify(manifest).includes('bestOfN._'), 'a test hook in the shipped manifest');
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Best-of-N', c.command);
    assert.ok(declared.includes('bestOfN.solve') && manifest.contributes.commands.find((c) => c.command === 'bestOfN.solve')?.title === 'Solve with Best-of-N');
  });

  it('gives every menu command an icon and refers only to declared commands', () => {
    const byId = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        assert.ok(byId.has(item.command), `${menu} refers to undeclared ${item.command}`);
        if (menu !== 'commandPalette') assert.ok(byId.get(item.command)?.icon, `${item.command} in ${menu} needs an icon`);
      }
    }
    assert.ok(manifest.contributes.menus['editor/context']?.some((m) => m.command === 'bestOfN.solve'));
    // Not ctrl+alt+b: VS Code binds that to Toggle Secondary Side Bar.
    assert.ok(manifest.contributes.keybindings.some((k) => k.command === 'bestOfN.solve' && k.key === 'ctrl+alt+shift+b' && k.mac === 'cmd+alt+shift+b'));
  });

  it('contributes the panel as a webview view with an existing icon', () => {
    const views = manifest.contributes.views[manifest.contributes.viewsContainers.activitybar[0]?.id ?? ''];
    assert.deepEqual(views?.map((v) => [v.id, v.type]), [['bestOfN.panel', 'webview']]);
    for (const c of manifest.contributes.viewsContainers.activitybar) assert.ok(readFileSync(path.join(root, c.icon), 'utf8').includes('<svg'));
  });

  it('runs in untrusted workspaces only in a limited way, and not in virtual ones', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description ?? '', /trusted/);
    const virtual = manifest.capabilities.virtualWorkspaces;
    assert.equal(typeof virtual === 'boolean' ? virtual : virtual.supported, false);
  });

  it('targets VS Code 1.95 through 1.100', () => {
    assert.match(manifest.engines.vscode, /^\^1\.(9[5-9]|100)\.0$/);
  });
});
