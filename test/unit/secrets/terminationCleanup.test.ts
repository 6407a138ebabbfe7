import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCE = 'def slow(x):\n    """Return x."""\n    raise NotImplementedError\n';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node --import tsx <script> …` (no tsx wrapper process, so signals reach the script itself). */
function start(script: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exit: Promise<Exit>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exit, output: () => stdout + stderr };
}

async function until<T>(what: string, probe: () => T | undefined, output: () => string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; child output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Live processes running `python3 -c <code>` with `code` containing `needle` (the test
 * command's unique sleep): matched on the NUL-separated argv, so the CLI whose `--test-cmd`
 * argument holds the same text does not count.
 */
function processesWith(needle: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (cmdline.includes(`\0-c\0import time; ${needle}`) && !stat.slice(stat.lastIndexOf(')')).startsWith(') Z')) found.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Kills test processes a quit-at-once left running (detached, so not ended with their parent). */
function killLeftovers(needle: string): void {
  for (const pid of processesWith(needle)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

function sandboxDirsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('best-of-n-'));
}

describe('SIGTERM and SIGINT leave no workspace copy behind', function () {
  this.timeout(90_000);
  let dir: string;
  let tmp: string;
  let server: ScriptedModelServer | undefined;
  // A sleep long enough to be signalled mid-run, and unique, to find its process.
  let sleep: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'termination-'));
    // The child's own TMPDIR: every best-of-n-* dir it makes is here, whatever runs alongside.
    tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    sleep = `${20 + Math.random()}`.slice(0, 9);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** `best-of-n solve` on a workspace whose test command sleeps; returns once that command runs. */
  async function solveMidRun(): Promise<ReturnType<typeof start>> {
    const ws = path.join(dir, 'ws');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'solution.py'), SOURCE);
    server = await startScriptedModelServer([{ content: '```python\ndef slow(x):\n    return x\n```' }]);
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.OPENAI_API_KEY;
    delete env.BEST_OF_N_API_KEY;
    const args = ['solve', '--workspace', ws, '--file', 'solution.py', '--function', 'slow', '--test-cmd', `python3 -c "import time; time.sleep(${sleep})"`, '--n', '1', '--concurrency', '1', '--base-url', server.url, '--model', 'scripted', '--provider', 'vllm', '--no-generated-tests'];
    const run = start('src/cli/main.ts', args, env);
    await until('the test command', () => (processesWith(`time.sleep(${sleep})`).length > 0 && sandboxDirsIn(tmp).length > 0 ? true : undefined), run.output);
    return run;
  }

  it('CLI, SIGTERM: cancels the run, kills its tests, removes its copies and exits 143', async () => {
    const run = await solveMidRun();
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    assert.equal(exit.code, 143, exit.stderr);
    assert.deepEqual(sandboxDirsIn(tmp), []);
    assert.deepEqual(processesWith(`time.sleep(${sleep})`), [], 'the test process was killed');
  });

  it('CLI, SIGINT (Ctrl-C): cancels as before, removes its copies and exits 130', async () => {
    const run = await solveMidRun();
    run.child.kill('SIGINT');
    const exit = await run.exit;
    assert.equal(exit.code, 130, exit.stderr);
    assert.match(exit.stderr, /cancelling… \(Ctrl-C again to quit at once\)/);
    assert.deepEqual(sandboxDirsIn(tmp), []);
    assert.deepEqual(processesWith(`time.sleep(${sleep})`), []);
  });

  it('CLI, SIGINT twice: quits at once and still removes its copies', async () => {
    const run = await solveMidRun();
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 5));
    run.child.kill('SIGINT');
    const exit = await run.exit;
    assert.equal(exit.code, 130, exit.stderr);
    assert.deepEqual(sandboxDirsIn(tmp), []);
    killLeftovers(`time.sleep(${sleep})`);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`extension host, ${signal}: the dirs its verifier made are removed and the host still ends by the signal`, async () => {
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, SLOW_TEST_CMD: `python3 -c "import time; time.sleep(${sleep})"` };
      const host = start('test/unit/secrets/hostChild.ts', [], env);
      const dirs = await until('the sandbox dirs', () => {
        const line = host.output().split('\n').find((l) => l.startsWith('DIRS '));
        return line ? (JSON.parse(line.slice(5)) as string[]) : undefined;
      }, host.output);
      await until('the test command', () => (processesWith(`time.sleep(${sleep})`).length > 0 ? true : undefined), host.output);
      assert.ok(dirs.length > 0 && dirs.every((d) => existsSync(d)));
      host.child.kill(signal);
      const exit = await host.exit;
      assert.equal(exit.signal, signal, exit.stderr);
      for (const d of dirs) assert.equal(existsSync(d), false, `${d} is left`);
      assert.deepEqual(sandboxDirsIn(tmp), []);
      // The host ends at once; its detached test process is not ours to wait for.
      killLeftovers(`time.sleep(${sleep})`);
    });
  }
});
