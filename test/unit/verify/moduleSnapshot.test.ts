import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SNAPSHOT_LIMITS, probeTarget, readModuleSnapshot, SnapshotError } from '../../../src/engine/verify/probes/moduleSnapshot';

describe('probe targets: the module name a nested project file imports as', () => {
  const has = (files: string[]) => (rel: string) => files.includes(rel);

  it('imports a root file by its name, with the workspace root on sys.path', () => {
    assert.deepEqual(probeTarget('solution.py', has([])), { module: 'solution', pythonPath: [''] });
  });

  it('climbs out of packages: the dotted name from the first folder without __init__.py', () => {
    const files = ['pkg/__init__.py', 'pkg/sub/__init__.py'];
    assert.deepEqual(probeTarget('pkg/sub/mod.py', has(files)), { module: 'pkg.sub.mod', pythonPath: [''] });
    assert.deepEqual(probeTarget('src/pkg/sub/mod.py', has(files.map((f) => `src/${f}`))), { module: 'pkg.sub.mod', pythonPath: ['src', ''] });
    assert.deepEqual(probeTarget('lib/util.py', has([])), { module: 'util', pythonPath: ['lib', ''] });
  });

  it("imports a package's __init__.py as the package", () => {
    assert.deepEqual(probeTarget('src/pkg/__init__.py', has(['src/pkg/__init__.py'])), { module: 'pkg', pythonPath: ['src', ''] });
  });

  it('refuses paths that cannot be a module or leave the workspace', () => {
    for (const bad of ['notes.txt', '../outside.py', '.hidden/mod.py', 'a/../b.py', 'my.module.py', '__init__.py', '/abs/mod.py']) {
      assert.equal(probeTarget(bad, has([])), undefined, bad);
    }
  });
});

describe('module snapshot of a workspace', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snapshot-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };

  it("keeps the project's .py files and leaves out virtual environments, caches, hidden folders, symlinks and other files", () => {
    write('pkg/__init__.py', '');
    write('pkg/mod.py', 'X = 1\n');
    write('tests/test_mod.py', 'from pkg.mod import X\n');
    write('README.md', 'docs');
    write('.venv/pyvenv.cfg', 'home = /usr/bin\n');
    write('.venv/lib/site.py', 'venv\n');
    write('env/pyvenv.cfg', 'home = /usr/bin\n');
    write('env/lib/dep.py', 'venv under another name\n');
    write('.git/hooks/x.py', 'git\n');
    write('node_modules/a/b.py', 'deps\n');
    write('pkg/__pycache__/mod.py', 'cache\n');
    symlinkSync('/etc/hostname', path.join(dir, 'pkg', 'linked.py'));
    return readModuleSnapshot(dir).then((snapshot) => {
      assert.deepEqual(Object.keys(snapshot.files).sort(), ['pkg/__init__.py', 'pkg/mod.py', 'tests/test_mod.py']);
      assert.equal(snapshot.files['pkg/mod.py'], 'X = 1\n');
      assert.equal(snapshot.bytes, 'X = 1\n'.length + 'from pkg.mod import X\n'.length);
    });
  });

  it('refuses a project over its limits with a clear error, and skips single oversized modules', async () => {
    for (let i = 0; i < 5; i++) write(`m${i}.py`, 'x = 1\n');
    write('table.py', 'x = 1\n'.repeat(400));
    await assert.rejects(readModuleSnapshot(dir, { ...DEFAULT_SNAPSHOT_LIMITS, maxFiles: 3 }), (e: unknown) => e instanceof SnapshotError && /more than 3 Python files/.test(e.message));
    await assert.rejects(readModuleSnapshot(dir, { ...DEFAULT_SNAPSHOT_LIMITS, maxBytes: 20, maxFileBytes: 10 }), /add up to more than 20 bytes/);
    const small = await readModuleSnapshot(dir, { ...DEFAULT_SNAPSHOT_LIMITS, maxFileBytes: 100 });
    assert.deepEqual(Object.keys(small.files).sort(), ['m0.py', 'm1.py', 'm2.py', 'm3.py', 'm4.py']);
  });

  it('says why when the workspace cannot be read', async () => {
    await assert.rejects(readModuleSnapshot(path.join(dir, 'missing')), (e: unknown) => e instanceof SnapshotError && /cannot read the workspace/.test(e.message));
  });
});
