import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../driver/tools';

/** One file of a VSIX (a zip), as text. */
function vsixEntry(vsix: string, entry: string): string {
  return execFileSync('unzip', ['-p', vsix, entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('Packaging from a fresh clone: npm run vsix', function () {
  let root: string;
  let clone: string;
  let vsix: string;

  before(function () {
    root = mkdtempSync(join(tmpdir(), 'best-of-n-fresh-clone-'));
    clone = join(root, 'best-of-n');
    // The committed HEAD, not the working tree: what a newcomer gets from `git clone`.
    const head = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', REPO_ROOT, clone]);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', '--detach', head]);
    // The installed dependencies, linked file by file instead of `npm ci` (no network): a real
    // node_modules folder, which `npm list` inside vsce needs (a symlinked folder fails it).
    execFileSync('cp', ['-al', realpathSync(join(REPO_ROOT, 'node_modules')), join(clone, 'node_modules')]);
    vsix = join(clone, 'out', 'best-of-n.vsix');
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('has no out/ folder before, and a VSIX after', () => {
    assert.equal(existsSync(join(clone, 'out')), false, 'a fresh clone carries out/');
    execFileSync('npm', ['run', '--silent', 'vsix'], { cwd: clone, stdio: ['ignore', 'ignore', 'pipe'] });
    assert.equal(existsSync(vsix), true, `npm run vsix did not write ${vsix}`);
  });

  it('ships the bundle, the panel and the manifest, and no test hook', () => {
    const files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n');
    for (const needed of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview/panel.js', 'extension/node_modules/tiktoken/tiktoken_bg.wasm']) {
      assert.ok(files.includes(needed), `${needed} is missing from the VSIX`);
    }
    assert.deepEqual(files.filter((f) => /(^|\/)(src|test)\//.test(f)), [], 'sources or tests shipped');
    const manifest = vsixEntry(vsix, 'extension/package.json');
    assert.doesNotMatch(manifest, /bestOfN\._/, 'a test-only command in the shipped manifest');
    const bundle = vsixEntry(vsix, 'extension/dist/extension.js');
    assert.doesNotMatch(bundle, /bestOfN\._getState/, 'the state hook is in the shipped bundle');
    // A relative require left in the bundle names a file the VSIX does not carry.
    assert.deepEqual(bundle.match(/require\(["']\.\.?\/[^"']*["']\)/g) ?? [], [], 'the bundle requires files it does not ship');
  });
});
