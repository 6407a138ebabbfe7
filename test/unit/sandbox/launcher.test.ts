import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { sandboxedCommand } from '../../../src/engine/verify/sandbox/launcher';
import { toolchainRoots } from '../../../src/engine/verify/sandbox/toolchains';

describe('sandbox launcher arguments', () => {
  const ws = '/tmp/bon-test-launcher/project';
  const command = sandboxedCommand({
    bwrap: '/usr/bin/bwrap',
    argv: ['/bin/sh', '-c', 'true'],
    layout: {
      workspace: { copy: '/tmp/best-of-n-x/ws', at: ws, dependencies: [{ source: `${ws}/.venv`, at: `${ws}/.venv` }] },
      writable: ['/tmp/best-of-n-x/report'],
      readOnly: ['/tmp/best-of-n-x/support'],
      tmpBytes: 64 << 20,
      chdir: ws,
    },
  });
  const args = command.argv.slice(1, command.argv.indexOf('--'));
  const pairs = (flag: string): string[][] =>
    args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 3)] : []));

  it('never binds the host root, and drops every capability as an unprivileged uid', () => {
    assert.ok(!pairs('--ro-bind').some(([src]) => src === '/'), 'host root bound');
    assert.ok(!pairs('--bind').some(([src]) => src === '/'), 'host root bound');
    assert.deepEqual(args.slice(0, 2), ['--tmpfs', '/']);
    for (const flag of ['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session']) assert.ok(args.includes(flag), flag);
    assert.equal(args[args.indexOf('--cap-drop') + 1], 'ALL');
    assert.equal(args[args.indexOf('--uid') + 1], '65534');
    assert.equal(args[args.indexOf('--gid') + 1], '65534');
  });

  it('shows the copy at the workspace\'s own path after the capped /tmp, and dependencies read-only in it', () => {
    const tmp = args.indexOf('/tmp');
    assert.equal(args[tmp - 1], '--tmpfs');
    assert.equal(args[tmp - 2], String(64 << 20));
    const copy = args.indexOf('/tmp/best-of-n-x/ws');
    assert.ok(copy > tmp, 'the copy is bound after the /tmp tmpfs');
    assert.deepEqual(args.slice(copy - 1, copy + 2), ['--bind', '/tmp/best-of-n-x/ws', ws]);
    assert.deepEqual(pairs('--ro-bind').find(([src]) => src === `${ws}/.venv`), [`${ws}/.venv`, `${ws}/.venv`]);
    assert.deepEqual(pairs('--bind').find(([src]) => src.endsWith('report')), ['/tmp/best-of-n-x/report', '/tmp/best-of-n-x/report']);
    assert.deepEqual(pairs('--ro-bind').find(([src]) => src.endsWith('support')), ['/tmp/best-of-n-x/support', '/tmp/best-of-n-x/support']);
    assert.equal(args[args.indexOf('--chdir') + 1], ws);
  });

  it('shows a curated /etc: no shadow, sudoers or ssh', () => {
    const etc = args.filter((a) => a.startsWith('/etc/'));
    assert.ok(etc.includes('/etc/ld.so.cache') && etc.includes('/etc/passwd'));
    for (const secret of ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh']) assert.ok(!etc.includes(secret), secret);
    assert.ok(!args.includes('/run') && !args.includes('/home'));
  });

  it('puts HOME and TMPDIR inside the sandbox and passes no secret', () => {
    assert.equal(command.env.HOME, '/tmp/.home');
    assert.equal(command.env.TMPDIR, '/tmp');
    assert.equal(command.env.OPENAI_API_KEY, undefined);
  });
});

describe('toolchain roots', () => {
  const home = '/home/alice';
  const roots = (env: Record<string, string>, extra: string[] = [], workspace?: string): string[] =>
    toolchainRoots({ env, interpreterRoots: extra, realHome: home, ...(workspace ? { workspace } : {}) }).filter((d) => !d.startsWith(path.dirname(process.execPath)));

  it('shows toolchain folders of a home, never the home or a project in it', () => {
    const found = toolchainRoots({
      env: { PATH: `/root/.pyenv/shims:/root/.cargo/bin:/root/projects/app/node_modules/.bin:/root:/usr/bin` },
      realHome: '/root',
    });
    assert.ok(found.includes('/root/.pyenv'), found.join(' '));
    assert.ok(!found.includes('/root'), found.join(' '));
    assert.ok(!found.some((d) => d.startsWith('/root/projects')), found.join(' '));
  });

  it('never shows a folder at or above the workspace, nor another checkout\'s dependencies', () => {
    const found = roots({ PATH: '/opt/tools/bin:/srv/other/node_modules/.bin:/work/bin' }, ['/opt'], '/opt/project');
    assert.ok(!found.includes('/opt'), found.join(' '));
    assert.ok(!found.some((d) => d.startsWith('/srv/other')), found.join(' '));
    // A top-level folder is too broad to show whole.
    assert.ok(!found.includes('/work'), found.join(' '));
  });
});
