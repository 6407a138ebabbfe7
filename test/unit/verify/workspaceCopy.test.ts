import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  copyWorkspace,
  createSandboxDirs,
  removeSandboxDir,
  WorkspaceError,
  writeCandidateFile,
} from '../../../src/engine/verify/workspaceCopy';
import type { SandboxDirs } from '../../../src/engine/verify/workspaceCopy';
import { DependencySnapshots } from '../../../src/engine/verify/sandbox/dependencySnapshots';

/** Without bubblewrap: dependency dirs link to a snapshot; here a fixed stand-in path. */
const linkTo = (source: string): Promise<string> => Promise.resolve(`/snapshot-of${source}`);

describe('workspace copy', () => {
  let src: string;
  let dirs: SandboxDirs;

  beforeEach(async () => {
    src = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-test-'));
    const files: Record<string, string> = {
      'pkg/mod.py': 'x = 1\n',
      'pkg/__pycache__/mod.cpython-312.pyc': 'bytecode',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'node_modules/dep/index.js': 'module.exports = 1;\n',
      'web/node_modules/other/index.js': 'module.exports = 2;\n',
      'rust/Cargo.toml': '[package]\n',
      'rust/target/debug/big': 'artifact',
      'notrust/target/keep.txt': 'kept: no Cargo.toml beside it',
    };
    for (const [rel, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(src, rel)), { recursive: true });
      await fs.writeFile(path.join(src, rel), text);
    }
    await fs.symlink(path.join(src, 'pkg/mod.py'), path.join(src, 'abs-link.py'));
    await fs.symlink('/etc/hostname', path.join(src, 'outside-link'));
    dirs = await createSandboxDirs();
  });
  afterEach(async () => {
    await fs.rm(src, { recursive: true, force: true });
    await removeSandboxDir(dirs.root);
  });

  it('copies sources, skips VCS, caches and Rust target, and links dependency dirs where it is told', async () => {
    const result = await copyWorkspace(src, dirs.workspace, { maxBytes: 1 << 20, linkShared: linkTo });
    const ws = dirs.workspace;
    assert.equal(await fs.readFile(path.join(ws, 'pkg/mod.py'), 'utf8'), 'x = 1\n');
    assert.equal(existsSync(path.join(ws, '.git')), false);
    assert.equal(existsSync(path.join(ws, 'pkg/__pycache__')), false);
    assert.equal(existsSync(path.join(ws, 'rust/target')), false);
    assert.equal(existsSync(path.join(ws, 'notrust/target/keep.txt')), true);
    const realSrc = await fs.realpath(src);
    assert.deepEqual(
      result.shared.map((s) => path.relative(realSrc, s.source)).sort(),
      ['node_modules', path.join('web', 'node_modules')],
    );
    assert.equal(await fs.readlink(path.join(ws, 'node_modules')), `/snapshot-of${path.join(realSrc, 'node_modules')}`);
    // A link into the workspace now points into the copy; one outside keeps its target.
    assert.equal(await fs.realpath(path.join(ws, 'abs-link.py')), path.join(ws, 'pkg/mod.py'));
    assert.equal(await fs.readlink(path.join(ws, 'outside-link')), '/etc/hostname');
  });

  it('makes empty mount points for dependency dirs when they will be bind-mounted', async () => {
    await copyWorkspace(src, dirs.workspace, { maxBytes: 1 << 20 });
    const stat = await fs.lstat(path.join(dirs.workspace, 'node_modules'));
    assert.equal(stat.isDirectory(), true);
    assert.deepEqual(await fs.readdir(path.join(dirs.workspace, 'node_modules')), []);
  });

  it('refuses a workspace over the size limit before copying anything', async () => {
    await assert.rejects(copyWorkspace(src, dirs.workspace, { maxBytes: 10, linkShared: linkTo }), (err: unknown) => {
      assert.ok(err instanceof WorkspaceError);
      assert.match(err.message, /more than 10 bytes of files to copy/);
      return true;
    });
    assert.deepEqual(await fs.readdir(dirs.workspace), []);
  });

  it('reports a missing workspace clearly', async () => {
    await assert.rejects(
      copyWorkspace(path.join(src, 'nope'), dirs.workspace, { maxBytes: 1 << 20, linkShared: linkTo }),
      /cannot be read: ENOENT/,
    );
  });

  it('writes the candidate file, never through a symlink or outside the copy', async () => {
    await copyWorkspace(src, dirs.workspace, { maxBytes: 1 << 20, linkShared: linkTo });
    await writeCandidateFile(dirs.workspace, 'pkg/new/deep.py', 'y = 2\n');
    assert.equal(await fs.readFile(path.join(dirs.workspace, 'pkg/new/deep.py'), 'utf8'), 'y = 2\n');
    // Replaces the link itself; the file it pointed to is untouched.
    await writeCandidateFile(dirs.workspace, 'outside-link', 'z\n');
    assert.equal((await fs.lstat(path.join(dirs.workspace, 'outside-link'))).isFile(), true);
    await assert.rejects(writeCandidateFile(dirs.workspace, '../x.py', ''), /not a path inside the workspace/);
    await assert.rejects(writeCandidateFile(dirs.workspace, '/etc/x.py', ''), /not a path inside the workspace/);
    await assert.rejects(writeCandidateFile(dirs.workspace, 'node_modules/dep/index.js', ''), /dependency or cache folder/);
    await fs.symlink(os.tmpdir(), path.join(dirs.workspace, 'escape'));
    await assert.rejects(writeCandidateFile(dirs.workspace, 'escape/x.py', ''), /resolves outside the workspace copy/);
  });

  it('leaves secret-shaped files out unless named as test inputs', async () => {
    const secrets = ['.env', '.env.local', 'config/.env.test', 'certs/server.pem', 'deploy/id_rsa', 'deploy/id_ed25519.pub', '.npmrc', '.pypirc', '.netrc', 'gcp/credentials.json', '.ssh/config', 'tls/site.key'];
    for (const rel of secrets) {
      await fs.mkdir(path.dirname(path.join(src, rel)), { recursive: true });
      await fs.writeFile(path.join(src, rel), 'SECRET=1\n');
    }
    await fs.writeFile(path.join(src, 'environment.py'), 'ok\n');
    const result = await copyWorkspace(src, dirs.workspace, { maxBytes: 1 << 20, includeSecretFiles: ['config/.env.test', '.npmrc'] });
    for (const rel of secrets) {
      const kept = rel === 'config/.env.test' || rel === '.npmrc';
      assert.equal(existsSync(path.join(dirs.workspace, rel)), kept, rel);
    }
    assert.equal(existsSync(path.join(dirs.workspace, 'environment.py')), true);
    assert.ok(result.leftOut.includes('.env') && result.leftOut.includes('.ssh'), result.leftOut.join(', '));
  });

  it('links dependency dirs to a read-only snapshot, never to the user\'s folder', async () => {
    const snapshots = new DependencySnapshots();
    try {
      await copyWorkspace(src, dirs.workspace, { maxBytes: 1 << 20, linkShared: (s) => snapshots.pathFor(s) });
      const link = await fs.readlink(path.join(dirs.workspace, 'node_modules'));
      assert.ok(!link.startsWith(await fs.realpath(src)), link);
      assert.equal(await fs.readFile(path.join(dirs.workspace, 'node_modules/dep/index.js'), 'utf8'), 'module.exports = 1;\n');
      // Writing through the copy's link never reaches the user's folder (as root the snapshot's modes do not stop it).
      await fs.writeFile(path.join(dirs.workspace, 'node_modules/dep/index.js'), 'changed').catch(() => undefined);
      assert.equal(await fs.readFile(path.join(src, 'node_modules/dep/index.js'), 'utf8'), 'module.exports = 1;\n');
      const snapshotRoot = path.dirname(path.dirname(link));
      await snapshots.dispose();
      assert.equal(existsSync(snapshotRoot), false);
    } finally {
      await snapshots.dispose();
    }
  });

  it('removes only sandbox dirs', async () => {
    await assert.rejects(removeSandboxDir(src), /not a sandbox dir/);
    assert.equal(existsSync(src), true);
  });
});
