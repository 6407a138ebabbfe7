import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { SANDBOX_HOME } from '../../../src/engine/verify/sandbox/mounts';
import type { Verifier } from '../../../src/engine/verify/types';
import { copyFixture, makeJob, makeTask, markerSeconds, processesWith, requireSandbox, sandboxDirsWith, snapshot, waitFor } from './helpers';

const PYTEST = 'python3 -m pytest -q';
// Long enough for pytest to start on a loaded 2-CPU machine, short enough to keep the kill tests quick.
const TIMEOUT_MS = 3500;
const MAX_OUTPUT = 64 * 1024;

/** Python module text: `body` runs at import, then a trivial `median` so the tests are collected. */
function candidate(body: string): string {
  return `import os, subprocess, sys, json, shutil, socket, time\n${body}\n\ndef median(values):\n    return 0\n`;
}

for (const mode of ['bubblewrap', 'none'] as const) {
  describe(`hostile candidates (sandbox: ${mode})`, function () {
    this.timeout(45_000);
    /** Short limit, for candidates that must be killed. */
    let verifier: Verifier;
    /** Generous limit, for candidates that must finish: a loaded machine must not turn them into timeouts. */
    let patient: Verifier;
    let ws: string;
    const signal = new AbortController().signal;
    const run = (text: string, command = PYTEST, using?: Verifier) =>
      (using ?? verifier).verify(makeJob(makeTask(ws, 'stats.py', command, 'python'), text), signal);

    before(async function () {
      if (mode === 'bubblewrap') await requireSandbox(this);
      verifier = createVerifier({ sandbox: mode, timeoutMs: TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT });
      patient = createVerifier({ sandbox: mode, timeoutMs: 15_000 });
      ws = await copyFixture('python-sample');
    });
    after(async () => {
      await verifier?.dispose();
      await patient?.dispose();
      if (ws) await fs.rm(ws, { recursive: true, force: true });
    });

    it('kills an infinite loop at the time limit with every process it started', async () => {
      const mark = markerSeconds();
      const text = candidate(
        `subprocess.Popen(['sleep', '${mark}'])\n` +
          `subprocess.Popen(['sleep', '${mark}'], start_new_session=True)\n` +
          // A daemon: own session, parent gone. Only the run marker (or the pid namespace) finds it.
          `subprocess.Popen(['sh', '-c', 'setsid sleep ${mark} >/dev/null 2>&1 &'])\n` +
          'while True:\n    pass',
      );
      const result = await run(text);
      assert.equal(result.status, 'timeout');
      assert.match(result.reason ?? '', /time limit/);
      assert.deepEqual(await processesWith(mark), []);
      assert.deepEqual(await sandboxDirsWith(mark, 'stats.py'), []);
    });

    it('kills a burst of 200 spawned processes on timeout', async () => {
      const mark = markerSeconds();
      const text = candidate(`procs = [subprocess.Popen(['sleep', '${mark}']) for _ in range(200)]\ntime.sleep(60)`);
      const result = await run(text);
      assert.equal(result.status, 'timeout');
      assert.deepEqual(await processesWith(mark), []);
    });

    it('caps endless output, keeping head and tail', async () => {
      const text = candidate(
        "os.write(1, b'HEAD-OF-OUTPUT\\n')\nchunk = b'x' * 65536\nwhile True:\n    os.write(1, chunk)",
      );
      const result = await run(text, 'python3 -c "import stats"');
      assert.equal(result.status, 'timeout');
      assert.equal(result.outputTruncated, true);
      assert.ok(result.output.length <= MAX_OUTPUT + 100, `kept ${result.output.length} chars`);
      assert.ok(result.output.startsWith('HEAD-OF-OUTPUT'));
      assert.match(result.output, /bytes of output omitted/);
      assert.ok(result.output.endsWith('xxxx'));
    });

    it('stops a candidate allocating without bound when a memory cap is set', async () => {
      const capped = createVerifier({ sandbox: mode, timeoutMs: 60_000, maxMemoryBytes: 512 * 1024 * 1024 });
      try {
        const text = candidate('hog = []\nwhile True:\n    hog.append(bytearray(64 * 1024 * 1024))');
        const result = await run(text, PYTEST, capped);
        assert.equal(result.status, 'error', result.output);
        assert.match(result.output, /MemoryError/);
      } finally {
        await capped.dispose();
      }
    });

    it('reports a candidate that deletes its workspace copy and leaves the original alone', async () => {
      const before = await snapshot(ws);
      const result = await run(candidate('shutil.rmtree(os.getcwd())'), PYTEST, patient);
      assert.ok(result.status === 'failed' || result.status === 'error', `status ${result.status}`);
      assert.deepEqual(await snapshot(ws), before);
    });

    it('keeps API keys and other secrets out of the candidate environment', async () => {
      const secrets = {
        OPENAI_API_KEY: `sk-test-${randomBytes(8).toString('hex')}`,
        BEST_OF_N_API_KEY: `bon-${randomBytes(8).toString('hex')}`,
        GITHUB_TOKEN: `ghp_${randomBytes(8).toString('hex')}`,
      };
      const saved = Object.fromEntries(Object.keys(secrets).map((k) => [k, process.env[k]]));
      Object.assign(process.env, secrets);
      try {
        const result = await run(candidate('print(json.dumps(dict(os.environ)))'), 'python3 -c "import stats"', patient);
        assert.equal(result.status, 'passed', result.output);
        const seen = JSON.parse(result.output.trim().split('\n')[0]) as Record<string, string>;
        for (const [name, value] of Object.entries(secrets)) {
          assert.equal(seen[name], undefined, `${name} reached the candidate`);
          assert.ok(!result.output.includes(value), `the value of ${name} reached the candidate`);
        }
        // Under bubblewrap HOME is an empty folder on the sandbox's private /tmp; without it, in the run's own dir.
        if (mode === 'bubblewrap') assert.equal(seen.HOME, SANDBOX_HOME);
        else assert.ok(seen.HOME?.startsWith(path.join(os.tmpdir(), 'best-of-n-')), `HOME is ${seen.HOME}`);
        assert.equal(seen.PYTHONDONTWRITEBYTECODE, '1');
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    });

    it('cancels mid-run leaving no processes and no temp dir', async () => {
      const mark = markerSeconds();
      const controller = new AbortController();
      const slow = createVerifier({ sandbox: mode, timeoutMs: 15_000 });
      const text = candidate(`subprocess.Popen(['sleep', '${mark}'], start_new_session=True)\nwhile True:\n    pass`);
      const pending = slow.verify(makeJob(makeTask(ws, 'stats.py', PYTEST, 'python'), text), controller.signal);
      assert.ok(await waitFor(async () => (await processesWith(mark)).length > 0, 10_000), 'candidate never started');
      assert.equal((await sandboxDirsWith(mark, 'stats.py')).length, 1);
      controller.abort();
      const result = await pending;
      await slow.dispose();
      assert.equal(result.status, 'cancelled');
      assert.deepEqual(await processesWith(mark), []);
      assert.deepEqual(await sandboxDirsWith(mark, 'stats.py'), []);
    });
  });
}

describe('hostile candidates contained by bubblewrap only', function () {
  this.timeout(45_000);
  let verifier: Verifier;
  let ws: string;
  let outsideDir: string;
  const signal = new AbortController().signal;

  before(async function () {
    await requireSandbox(this);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 15_000 });
    ws = await copyFixture('python-sample');
    outsideDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-outside-'));
  });
  after(async () => {
    await verifier?.dispose();
    for (const dir of [ws, outsideDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('cannot write outside its sandbox dir', async () => {
    const tag = randomBytes(6).toString('hex');
    const targets = [
      path.join(outsideDir, `pwned-${tag}`),
      path.join(os.tmpdir(), `bon-pwned-${tag}`),
      path.join(ws, `pwned-${tag}`),
      path.join(os.homedir(), `.bon-pwned-${tag}`),
      `/var/tmp/bon-pwned-${tag}`,
    ];
    const body = `for target in ${JSON.stringify(targets)}:\n    try:\n        open(target, 'w').write('x')\n        print('wrote', target)\n    except OSError as e:\n        print('blocked', target, e)`;
    const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', 'python3 -c "import stats"', 'python'), candidate(body)), signal);
    assert.equal(result.status, 'passed', result.output);
    for (const target of targets) assert.equal(existsSync(target), false, `${target} was created`);
  });

  it('has no network, not even to a listener on 127.0.0.1', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const body = `try:\n    socket.create_connection(('127.0.0.1', ${port}), timeout=2)\n    print('CONNECTED')\nexcept OSError as e:\n    print('NO-NETWORK', e)`;
      const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', 'python3 -c "import stats"', 'python'), candidate(body)), signal);
      assert.match(result.output, /NO-NETWORK/);
      assert.equal(connections, 0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sees no credentials in the real home dir, only toolchains', async () => {
    const body = `print(json.dumps(sorted(os.listdir(${JSON.stringify(os.homedir())})) if os.path.isdir(${JSON.stringify(os.homedir())}) else []))`;
    const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', 'python3 -c "import stats"', 'python'), candidate(body)), signal);
    assert.equal(result.status, 'passed', result.output);
    const visible = JSON.parse(result.output.trim()) as string[];
    const toolchains = ['.pyenv', '.nvm', '.volta', '.cargo', '.rustup', 'go', '.local', '.deno', '.bun', '.fnm', '.asdf', '.sdkman'];
    for (const name of visible) assert.ok(toolchains.includes(name), `${name} of the real home is visible`);
  });

  it('shares dependency dirs read-only', async () => {
    await fs.mkdir(path.join(ws, 'node_modules', 'dep'), { recursive: true });
    await fs.writeFile(path.join(ws, 'node_modules', 'dep', 'index.js'), "module.exports = 'dep loaded';\n");
    try {
      // The copy sits at the workspace's own path, so the original path names the same read-only folder.
      const original = path.join(ws, 'node_modules', 'dep');
      const script = `console.log(require('dep'), require('${original}')); require('fs').writeFileSync('node_modules/dep/index.js', 'pwned')`;
      const result = await verifier.verify(makeJob(makeTask(ws, 'stats.py', `node -e "${script}"`, 'javascript'), 'x = 1\n'), signal);
      assert.equal(result.status, 'failed');
      assert.match(result.output, /dep loaded dep loaded/);
      assert.match(result.output, /EROFS/);
      assert.equal(await fs.readFile(path.join(ws, 'node_modules', 'dep', 'index.js'), 'utf8'), "module.exports = 'dep loaded';\n");
    } finally {
      await fs.rm(path.join(ws, 'node_modules'), { recursive: true, force: true });
    }
  });
});
