// `npm run vsix`, after the production build: packages the extension with vsce into the path
// given by --out. vsce does not create that folder, and out/ is absent from a fresh clone, so
// it is made here first. What ships is decided by .vscodeignore.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const at = process.argv.indexOf('--out');
const out = at >= 0 ? process.argv[at + 1] : undefined;
if (!out) {
  console.error('usage: node scripts/packageVsix.mjs --out <file.vsix>');
  process.exit(2);
}
const target = resolve(root, out);
mkdirSync(dirname(target), { recursive: true });
const vsce = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const result = spawnSync(vsce, ['package', '--skip-license', '--allow-missing-repository', '--out', target], { cwd: root, stdio: 'inherit' });
if (result.error) console.error(`could not run vsce: ${result.error.message}`);
process.exit(result.status ?? 1);
