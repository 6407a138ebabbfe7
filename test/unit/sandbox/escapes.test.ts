import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { Verifier, VerifierResult } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';
import { makeJob, makeTask, requireSandbox, snapshot } from '../verify/helpers';
import { canRunAsNobody, runAsUser, sharedTempDir, writeFiles } from './helpers';

const REPO = path.resolve(__dirname, '../../..');
const TESTS = 'import stats\n\n\ndef test_median():\n    assert stats.median([3, 1, 2]) == 2\n';
/** Runs without pytest (the unprivileged user has only the system Python). */
const PLAIN_COMMAND = 'python3 -c "import stats; assert stats.median([3, 1, 2]) == 2"';

/** What the attacking candidate reports, then raises with, so every runner shows it. */
interface Attack {
  [name: string]: string | string[];
}

/**
 * A candidate that, at import, tries every escape the issue lists: unmount and remount via
 * libc, a nested user namespace, reading the parent folder, a file beside the workspace,
 * another checkout, /etc/shadow and /proc/1/environ, and writing the real workspace, its
 * parent, the host's /tmp, /root, /var/tmp and the dependency folder.
 */
function attacker(paths: { parent: string; sibling: string; checkout: string; writes: string[] }): string {
  return `import ctypes, errno, json, os
R = {}
libc = ctypes.CDLL(None, use_errno=True)
def sys_call(name, fn):
    try:
        rc = fn()
        R[name] = 'ok' if rc == 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))
    except Exception as e:
        R[name] = type(e).__name__
MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096
sys_call('umount_tmp', lambda: libc.umount2(b'/tmp', 2))
sys_call('umount_root', lambda: libc.umount2(b'/', 2))
sys_call('remount_rw', lambda: libc.mount(None, b'/', None, MS_REMOUNT | MS_BIND, None))
sys_call('remount_usr_rw', lambda: libc.mount(None, b'/usr', None, MS_REMOUNT | MS_BIND, None))
sys_call('mount_tmpfs', lambda: libc.mount(b'none', b'/usr', b'tmpfs', 0, None))
sys_call('unshare_user', lambda: libc.unshare(0x10000000))
def attempt(name, fn):
    try:
        R[name] = fn()
    except Exception as e:
        R[name] = type(e).__name__
attempt('list_parent', lambda: sorted(os.listdir(${JSON.stringify(paths.parent)})))
attempt('read_sibling', lambda: open(${JSON.stringify(paths.sibling)}).read())
attempt('read_checkout', lambda: open(${JSON.stringify(paths.checkout)}).read()[:40])
attempt('read_shadow', lambda: open('/etc/shadow').read()[:40])
attempt('read_proc1_environ', lambda: open('/proc/1/environ', 'rb').read().decode('latin-1'))
for target in ${JSON.stringify(paths.writes)}:
    attempt('write ' + target, lambda: (open(target, 'w').write('pwned'), 'wrote')[1])
raise RuntimeError('ATTACK ' + json.dumps(R))

def median(values):
    return 0
`;
}

function attackOf(result: VerifierResult): Attack {
  const match = /ATTACK (\{.*\})/.exec(result.output);
  assert.ok(match, `no attack report in the output:\n${result.output.slice(0, 2000)}`);
  if (process.env.BON_SHOW_ATTACK) console.log(match[1]);
  return JSON.parse(match[1]) as Attack;
}

interface Scene {
  parent: string;
  ws: string;
  sibling: string;
  checkout: string;
  dependency: string;
  writes: string[];
  hostSecret: string;
  cleanup: () => Promise<void>;
}

/** A workspace beside a secret file, another checkout with a secret, and write targets on the host. */
async function scene(): Promise<Scene> {
  const tag = randomBytes(6).toString('hex');
  const parent = await sharedTempDir('bon-test-parent-');
  const ws = path.join(parent, 'project');
  const other = await sharedTempDir('bon-test-checkout-');
  await writeFiles(ws, { 'stats.py': 'def median(values):\n    raise NotImplementedError\n', 'test_stats.py': TESTS, '.venv/lib/dep.py': 'ORIGINAL = 1\n' });
  await writeFiles(parent, { 'sibling-secret.txt': `sibling-${tag}\n` });
  await writeFiles(other, { 'secret.txt': `checkout-${tag}\n` });
  const writes = [
    path.join(ws, `pwned-${tag}`),
    path.join(parent, `pwned-${tag}`),
    path.join(os.tmpdir(), `bon-pwned-${tag}`),
    `/root/.bon-pwned-${tag}`,
    `/var/tmp/bon-pwned-${tag}`,
    path.join(ws, '.venv', 'lib', 'dep.py'),
    path.join(REPO, `pwned-${tag}`),
  ];
  const hostSecret = `host-secret-${tag}`;
  return {
    parent,
    ws,
    sibling: path.join(parent, 'sibling-secret.txt'),
    checkout: path.join(other, 'secret.txt'),
    dependency: path.join(ws, '.venv', 'lib', 'dep.py'),
    writes,
    hostSecret,
    cleanup: async () => {
      for (const dir of [parent, other]) await fs.rm(dir, { recursive: true, force: true });
      for (const target of writes) if (!target.startsWith(ws)) await fs.rm(target, { force: true });
    },
  };
}

/** Every escape failed, nothing on the host changed, and the candidate did not pass. */
async function assertContained(s: Scene, result: VerifierResult, before: Record<string, string>, attack: Attack): Promise<void> {
  assert.notEqual(result.status, 'passed');
  for (const call of ['umount_tmp', 'umount_root', 'remount_rw', 'remount_usr_rw', 'mount_tmpfs', 'unshare_user']) {
    assert.notEqual(attack[call], 'ok', `${call} succeeded`);
  }
  const listing = attack.list_parent;
  assert.ok(!Array.isArray(listing) || listing.every((n) => n === 'project' || n.startsWith('pwned-')), `parent listing ${JSON.stringify(listing)}`);
  for (const read of ['read_sibling', 'read_checkout', 'read_shadow']) {
    assert.ok(['FileNotFoundError', 'PermissionError'].includes(attack[read] as string), `${read}: ${JSON.stringify(attack[read])}`);
  }
  assert.ok(!String(attack.read_proc1_environ).includes(s.hostSecret), '/proc/1/environ showed the host environment');
  for (const target of s.writes) {
    if (target.startsWith(s.ws)) continue;
    assert.equal(existsSync(target), false, `${target} was written (candidate saw ${JSON.stringify(attack[`write ${target}`])})`);
  }
  assert.deepEqual(await snapshot(s.ws), before, 'the real workspace changed');
  assert.equal(await fs.readFile(s.dependency, 'utf8'), 'ORIGINAL = 1\n');
}

describe('escapes from the sandbox (bubblewrap)', function () {
  this.timeout(120_000);
  let s: Scene;
  let original: Record<string, string>;
  const signal = new AbortController().signal;
  const saved = process.env.BON_HOST_SECRET;

  before(async function () {
    await requireSandbox(this);
    s = await scene();
    original = await snapshot(s.ws);
    process.env.BON_HOST_SECRET = s.hostSecret;
  });
  after(async () => {
    if (saved === undefined) delete process.env.BON_HOST_SECRET;
    else process.env.BON_HOST_SECRET = saved;
    await s?.cleanup();
  });

  const text = (): string => attacker({ parent: s.parent, sibling: s.sibling, checkout: s.checkout, writes: s.writes });

  it(`general verifier, as this user (uid ${process.getuid?.()}): every escape fails and the candidate is not passed`, async () => {
    const verifier: Verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 30_000 });
    try {
      const result = await verifier.verify(makeJob(makeTask(s.ws, 'stats.py', 'python3 -m pytest -q', 'python'), text()), signal);
      assert.equal(result.sandbox, 'bubblewrap');
      await assertContained(s, result, original, attackOf(result));
    } finally {
      await verifier.dispose();
    }
  });

  it('general verifier, as a normal user (uid 65534): the same', async function () {
    if (!canRunAsNobody()) this.skip(); // already a normal user: the test above is that case
    const { uid, result } = await runAsUser<{ uid: number; result: VerifierResult }>({ kind: 'general', workspace: s.ws, filePath: 'stats.py', command: PLAIN_COMMAND, text: text() });
    assert.equal(uid, 65534);
    assert.equal(result.sandbox, 'bubblewrap');
    await assertContained(s, result, original, attackOf(result));
  });

  it(`warm runner, as this user (uid ${process.getuid?.()}): the same`, async () => {
    const verifier = new WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 10_000, workers: 1 });
    try {
      const result = await verifier.verify(makeJob(makeTask(s.ws, 'stats.py', 'python3 -m pytest -q', 'python'), text()), signal);
      assert.equal(result.sandbox, 'bubblewrap');
      await assertContained(s, result, original, attackOf(result));
    } finally {
      await verifier.dispose();
    }
  });

  it('warm runner, as a normal user (uid 65534): the same', async function () {
    if (!canRunAsNobody()) this.skip();
    const { uid, result } = await runAsUser<{ uid: number; result: VerifierResult }>({ kind: 'warm', workspace: s.ws, filePath: 'stats.py', command: 'python3 -m pytest -q', text: text() });
    assert.equal(uid, 65534);
    assert.equal(result.sandbox, 'bubblewrap');
    await assertContained(s, result, original, attackOf(result));
  });
});

for (const mode of ['bubblewrap', 'none'] as const) {
  describe(`dependency folders stay the user's (sandbox: ${mode})`, function () {
    this.timeout(60_000);
    let ws: string;

    before(async function () {
      if (mode === 'bubblewrap') await requireSandbox(this);
      ws = await sharedTempDir('bon-test-deps-');
      await writeFiles(ws, { 'stats.py': 'x = 1\n', 'node_modules/dep/index.js': "module.exports = 'original';\n", '.venv/lib/site.py': 'ORIGINAL = 1\n' });
    });
    after(async () => {
      if (ws) await fs.rm(ws, { recursive: true, force: true });
    });

    it('cannot change the user\'s .venv or node_modules through its copy, and is not passed for trying', async () => {
      // Explicit "none" is the user's choice to run unsandboxed; even then the copy links to a snapshot.
      const verifier = createVerifier({ sandbox: mode, timeoutMs: 20_000 });
      const script = "require('fs').writeFileSync('node_modules/dep/index.js', 'pwned'); require('fs').writeFileSync('.venv/lib/site.py', 'pwned'); require('fs').writeFileSync('node_modules/new.js', 'x')";
      try {
        const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', `node -e "${script}"`, 'javascript'), 'x = 2\n'), new AbortController().signal);
        // Read-only mounts (bubblewrap) or modes (a normal user) stop the write; root ignores modes,
        // so without a sandbox its write lands in the snapshot, never in the user's folder (below).
        if (mode === 'bubblewrap' || process.getuid?.() !== 0) {
          assert.notEqual(result.status, 'passed', result.output);
          assert.match(result.output, /EROFS|EACCES/);
        }
      } finally {
        await verifier.dispose();
      }
      assert.equal(await fs.readFile(path.join(ws, 'node_modules/dep/index.js'), 'utf8'), "module.exports = 'original';\n");
      assert.equal(await fs.readFile(path.join(ws, '.venv/lib/site.py'), 'utf8'), 'ORIGINAL = 1\n');
      assert.equal(existsSync(path.join(ws, 'node_modules/new.js')), false);
    });
  });
}
