import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { RIGHT_MEDIAN, WRONG_MEDIAN } from './medianAnswers';
import { cli } from './cliProcess';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/workspaces/python-sample');


function baseArgs(workspace: string, url: string, n: number): string[] {
  return ['--workspace', workspace, '--file', 'stats.py', '--function', 'median', '--test-cmd', 'python3 -m pytest -q -p no:cacheprovider', '--n', String(n), '--concurrency', '1', '--base-url', url, '--model', 'scripted', '--provider', 'ollama', '--no-generated-tests'];
}

async function closedPortURL(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('best-of-n solve (CLI process)', function () {
  this.timeout(90_000);
  let workspace: string;
  let server: ScriptedModelServer | undefined;
  beforeEach(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'cli-solve-'));
    cpSync(FIXTURE, workspace, { recursive: true });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(workspace, { recursive: true, force: true });
  });

  it('prints the ranked table, the diff and the reason, and leaves the file alone without --apply', async () => {
    server = await startScriptedModelServer([{ content: WRONG_MEDIAN }, { content: RIGHT_MEDIAN }]);
    const before = readFileSync(path.join(workspace, 'stats.py'), 'utf8');
    const run = await cli(baseArgs(workspace, server.url, 2));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /rank\s+cand\s+state\s+tests\s+risk\s+votes\s+tokens p\/r\/c/);
    assert.match(run.stdout, /^1\s+#2\s+passed\s+5\/5/m);
    assert.match(run.stdout, /^2\s+#1\s+failed\s+\d\/5/m);
    assert.match(run.stdout, /^\+\+\+ b\/stats\.py$/m);
    assert.match(run.stdout, /^-    raise NotImplementedError$/m);
    assert.match(run.stdout, /^\+    ordered = sorted\(values\)$/m);
    assert.match(run.stdout, /Chosen: #2 passed every test/);
    assert.match(run.stdout, /run with --apply/);
    // Progress went to stderr, one line per state change when not a terminal.
    assert.match(run.stderr, /no API key set; sending none to the local server/);
    assert.match(run.stderr, /^#2 passed 5\/5 tests$/m);
    assert.equal(readFileSync(path.join(workspace, 'stats.py'), 'utf8'), before);
    // The key never travelled: none was set, so no Authorization with a real key was sent.
    assert.ok(server.requests.every((r) => !/sk-/.test(r.headers.authorization ?? '')));
  });

  it('--pool draws the samples from several models of the server and reports each one and the pick\'s model', async () => {
    // The server answers by the model asked for: the "fast" one is wrong, the "deep" one right.
    server = await startScriptedModelServer((request) => ({ content: (request.body as { model?: string }).model === 'deep' ? RIGHT_MEDIAN : WRONG_MEDIAN }));
    const run = await cli([...baseArgs(workspace, server.url, 4), '--pool', 'fast:1,deep:1']);
    assert.equal(run.code, 0, run.stderr);
    const asked = server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => (r.body as { model?: string }).model);
    assert.deepEqual([...asked].sort(), ['deep', 'deep', 'fast', 'fast']);
    assert.match(run.stdout, /^Model fast \(Ollama, share 1\): 2 samples · passing 0 \(0% of 1 tested\)/m);
    assert.match(run.stdout, /^Model deep \(Ollama, share 1\): 2 samples · passing 1 \(100% of 1 tested\) · 2 in the pick's group .* · pick$/m);
    assert.match(run.stdout, /Chosen: #\d passed every test.*\(from deep\)/);
  });

  it('refuses --pool with a single model or a share that is not a whole number', async () => {
    for (const [pool, message] of [['fast:2', /two or more models/], ['fast:1,deep:0.5', /"deep:0\.5" is not MODEL:K/]] as const) {
      const run = await cli([...baseArgs(workspace, 'http://127.0.0.1:9/v1', 2), '--pool', pool]);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, message);
    }
  });

  it('writes the chosen candidate with --apply', async () => {
    server = await startScriptedModelServer([{ content: RIGHT_MEDIAN }]);
    const run = await cli([...baseArgs(workspace, server.url, 1), '--apply']);
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(path.join(workspace, 'stats.py'), 'utf8');
    assert.match(text, /ordered = sorted\(values\)/);
    assert.doesNotMatch(text, /NotImplementedError/);
    assert.match(text, /"""Return the median/);
    assert.match(run.stdout, /Wrote candidate #1 into stats\.py/);
  });

  it('does not overwrite a file that changed on disk during the run', async () => {
    server = await startScriptedModelServer([{ content: RIGHT_MEDIAN, delayMs: 2500 }]);
    const file = path.join(workspace, 'stats.py');
    const edited = readFileSync(file, 'utf8') + '\n# edited while the run was going\n';
    let done = false;
    // Edit once the run has read the file and started (its first progress line).
    const run = await cli([...baseArgs(workspace, server.url, 1), '--apply'], {}, (text) => {
      if (!done && /^solving /m.test(text)) {
        done = true;
        writeFileSync(file, edited);
      }
    });
    assert.ok(done);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /stats\.py changed on disk since the run started; not written/);
    assert.equal(readFileSync(file, 'utf8'), edited);
  });

  it('exits 2 on abstention and prints JSON with --json', async () => {
    server = await startScriptedModelServer([{ content: WRONG_MEDIAN }]);
    const run = await cli([...baseArgs(workspace, server.url, 1), '--json', '--apply']);
    assert.equal(run.code, 2, run.stderr);
    const json = JSON.parse(run.stdout) as { choice: unknown; abstention: { reason: string; bestPartialId?: number } };
    assert.equal(json.choice, null);
    assert.match(json.abstention.reason, /None of the 1 verified candidate passed every test/);
    assert.equal(readFileSync(path.join(workspace, 'stats.py'), 'utf8'), readFileSync(path.join(FIXTURE, 'stats.py'), 'utf8'));
  });

  it('refuses a remote server without an API key', async () => {
    const run = await cli(baseArgs(workspace, 'https://api.example.invalid/v1', 1));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no API key: set OPENAI_API_KEY or BEST_OF_N_API_KEY/);
  });

  it('says clearly when the server cannot be reached', async () => {
    const url = await closedPortURL();
    const run = await cli(baseArgs(workspace, url, 4));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /error: .*127\.0\.0\.1/);
  });

  it('says clearly when the model does not exist', async () => {
    server = await startScriptedModelServer([{ content: RIGHT_MEDIAN }], { models: ['real-model'] });
    const run = await cli(baseArgs(workspace, server.url, 4));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /error: .*scripted/);
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 1);
  });

  it('explains bad arguments', async () => {
    const run = await cli(['--workspace', workspace, '--file', 'stats.py', '--function', 'nope', '--test-cmd', 'true', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /No function named "nope" in stats\.py\. Functions found: median\./);
  });

  describe('generated tests and agreement, as in the extension', () => {
    const TESTS = ' median([3, 1, 2]) == 2\nassert median([4, 1, 3, 2]) == 2.5\nassert median([7]) == 7\n';
    const isTestRequest = (body: unknown): boolean => JSON.stringify((body as { messages?: unknown }).messages ?? '').includes('check the correctness of median');
    const withoutFlag = (url: string): string[] => baseArgs(workspace, url, 2).filter((a) => a !== '--no-generated-tests').map((a) => (a === 'ollama' ? 'vllm' : a));

    it('asks the model for tests first and probes every passing candidate with them', async () => {
      server = await startScriptedModelServer((request) => (isTestRequest(request.body) ? { content: TESTS } : { content: RIGHT_MEDIAN }));
      const run = await cli(withoutFlag(server.url));
      assert.equal(run.code, 0, run.stderr);
      const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
      assert.ok(isTestRequest(chats[0]?.body), 'the test request goes first, after the baseline');
      assert.equal((chats[0]?.body as { n?: number }).n, 10, 'as many choices of tests as the extension asks for: max(10, N)');
      assert.match(run.stderr, /^agreement: 3 generated tests and \d+ inputs probed each passing candidate \(generated-test probes of passing candidates run in a warm Python worker/m);
      assert.doesNotMatch(run.stderr, /no generated tests ran/);
    });

    it('--no-generated-tests asks for none, and the log does not claim probes ran', async () => {
      server = await startScriptedModelServer((request) => (isTestRequest(request.body) ? { content: TESTS } : { content: RIGHT_MEDIAN }));
      const run = await cli([...withoutFlag(server.url), '--no-generated-tests']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!server.requests.some((r) => isTestRequest(r.body)));
      assert.match(run.stderr, /^agreement: no generated tests ran \(turned off with --no-generated-tests\)/m);
      assert.doesNotMatch(run.stderr, /probes? (of passing candidates )?run|probed each/);
    });

    it('says so when the model wrote no usable test', async () => {
      server = await startScriptedModelServer((request) => (isTestRequest(request.body) ? { content: 'I cannot write tests for this.' } : { content: RIGHT_MEDIAN }));
      const run = await cli(withoutFlag(server.url));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^agreement: no usable generated test from the model, but \d+ inputs derived from the visible tests' calls probed each passing candidate/m);
    });
  });
});
