import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { RIGHT_MEDIAN, WRONG_MEDIAN } from './medianAnswers';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/workspaces');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const RIGHT_CLOSE = [
  '```python',
  'def has_close_elements(numbers: List[float], threshold: float) -> bool:',
  '    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])',
  '```',
].join('\n');
const STRATEGY = 'Compare every pair once with enumerate and a slice, so no element meets itself.';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Processes seen below the CLI while it ran (pid → command line). */
  descendants: Map<number, string>;
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name may hold spaces and parentheses: the fields after the last ')' are safe.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function descendantsOf(root: number, into: Map<number, string>): void {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) parents.set(pid, parent);
  }
  for (const [pid] of parents) {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p !== root) continue;
      try {
        into.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 80));
      } catch {
        // Gone already.
      }
      break;
    }
  }
}

/** Runs `tsx src/cli/main.ts solve …` with no API key, watching the processes it starts. */
function cli(args: string[]): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.BEST_OF_N_API_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', 'solve', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const descendants = new Map<number, string>();
    const watch = setInterval(() => child.pid && descendantsOf(child.pid, descendants), 100);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, stdout, stderr, descendants });
    });
  });
}

async function gone(pids: number[]): Promise<number[]> {
  // SIGKILL is delivered at once, but the kernel may take a moment to reap.
  for (let i = 0; i < 20; i++) {
    const alive = pids.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '));
    if (alive.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return pids.filter((pid) => existsSync(`/proc/${pid}`));
}

interface JsonOut {
  verifier: { description: string; kind: string; why: string };
  memory?: { offered: number; added: number; credited: number; file: string };
  totals: { verified: number; passing: number };
  choice: { candidateId: number } | null;
  candidates: { id: number; state: string; cheatsheetItemIds: string[]; verification?: { reportFormat: string } }[];
}

describe('best-of-n solve: verifier choice and memory (CLI process)', function () {
  this.timeout(120_000);
  let dir: string;
  let server: ScriptedModelServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cli-glue-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function workspace(name: string): string {
    const ws = path.join(dir, name);
    cpSync(path.join(FIXTURES, name), ws, { recursive: true });
    return ws;
  }

  function humanEvalArgs(ws: string, url: string, extra: string[] = []): string[] {
    return ['--workspace', ws, '--file', 'solution.py', '--function', 'has_close_elements', '--test-cmd', 'python3 -m pytest -q', '--n', '1', '--concurrency', '1', '--base-url', url, '--model', 'scripted', '--provider', 'vllm', '--json', '--no-generated-tests', ...extra];
  }

  it('plain-assert pytest runs in the warm verifier, whose workers are gone when the CLI exits', async () => {
    server = await startScriptedModelServer([{ content: RIGHT_CLOSE }]);
    const run = await cli(humanEvalArgs(workspace('humaneval-sample'), server.url));
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as JsonOut;
    assert.equal(out.verifier.kind, 'warm');
    assert.match(out.verifier.description, /^warm Python runner/);
    assert.match(out.verifier.why, /test_examples\.py/);
    assert.equal(out.candidates[0]?.verification?.reportFormat, 'warm-runner');
    assert.match(run.stderr, /verifier: warm Python runner/);
    const workers = [...run.descendants].filter(([, cmd]) => /python/.test(cmd)).map(([pid]) => pid);
    assert.ok(workers.length > 0, `warm workers were seen while the CLI ran: ${JSON.stringify([...run.descendants.values()])}`);
    assert.deepEqual(await gone(workers), [], 'no worker outlives the CLI');
  });

  it('pytest with imports and fixtures runs the real command in the general verifier; totals say tested and passing', async () => {
    server = await startScriptedModelServer([{ content: WRONG_MEDIAN }, { content: RIGHT_MEDIAN }]);
    const ws = workspace('python-sample');
    const run = await cli(['--workspace', ws, '--file', 'stats.py', '--function', 'median', '--test-cmd', 'python3 -m pytest -q -p no:cacheprovider', '--n', '2', '--concurrency', '1', '--base-url', server.url, '--model', 'scripted', '--provider', 'ollama', '--json', '--no-generated-tests']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as JsonOut;
    assert.equal(out.verifier.kind, 'general');
    assert.doesNotMatch(out.verifier.description, /warm/);
    assert.match(out.verifier.why, /test_stats\.py imports pytest/);
    assert.ok(out.candidates.every((c) => c.verification?.reportFormat === 'junit'));
    assert.deepEqual([out.totals.verified, out.totals.passing], [2, 1]);
    assert.match(run.stderr, /tests: general verifier/);
  });

  it('--cheatsheet: the curated item of the first run is in the second run’s prompt', async () => {
    const requests: string[] = [];
    server = await startScriptedModelServer((request) => {
      const body = request.body as { messages?: { role: string; content: string }[] } | undefined;
      const messages = body?.messages ?? [];
      requests.push(request.rawBody);
      if (messages[0]?.content.startsWith('You curate')) {
        const all = messages.map((m) => m.content).join('\n');
        return { content: all.includes(STRATEGY) ? '{"operations": []}' : JSON.stringify({ operations: [{ op: 'add', kind: 'strategy', text: STRATEGY }] }) };
      }
      return { content: RIGHT_CLOSE };
    });
    const memory = path.join(dir, 'memory', 'cheatsheet.json');
    const flags = ['--cheatsheet', memory, '--cheatsheet-mode', 'cumulative', '--cheatsheet-budget', '400'];

    const first = await cli(humanEvalArgs(workspace('humaneval-sample'), server.url, flags));
    assert.equal(first.code, 0, first.stderr);
    const one = JSON.parse(first.stdout) as JsonOut;
    assert.deepEqual([one.memory?.offered, one.memory?.added], [0, 1]);
    assert.match(first.stderr, /memory .*cheatsheet\.json \(cumulative, 400 tokens\): 0 item\(s\) offered, 0 credited, 1 from the tests, 1 added/);
    const saved = JSON.parse(readFileSync(memory, 'utf8')) as { items: { id: string; text: string; origin?: string }[] };
    // The verified pick is kept as a snippet without the model, beside the curated strategy.
    assert.deepEqual(saved.items.map((i) => i.origin ?? i.text), ['tests', STRATEGY]);
    const firstPrompts = requests.filter((r) => !r.includes('You curate'));
    assert.ok(firstPrompts.length === 1 && !firstPrompts[0].includes(STRATEGY));

    requests.length = 0;
    const second = await cli(humanEvalArgs(workspace('humaneval-sample'), server.url, flags));
    assert.equal(second.code, 0, second.stderr);
    const two = JSON.parse(second.stdout) as JsonOut;
    const solvePrompt = requests.find((r) => !r.includes('You curate'));
    assert.ok(solvePrompt?.includes(STRATEGY), 'the second run offers the curated item');
    assert.deepEqual([two.memory?.offered, two.memory?.added, two.memory?.credited], [2, 0, 2]);
    assert.deepEqual([...(two.candidates[0]?.cheatsheetItemIds ?? [])].sort(), saved.items.map((i) => i.id).sort());
    assert.match(second.stderr, /2 item\(s\) offered, 2 credited, 0 from the tests, 0 added/);
  });

  it('refuses an unreadable memory file before sampling anything', async () => {
    server = await startScriptedModelServer([{ content: RIGHT_CLOSE }]);
    const ws = workspace('humaneval-sample');
    const run = await cli(humanEvalArgs(ws, server.url, ['--cheatsheet', ws]));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /best-of-n solve: could not open the workspace cheatsheet/);
    assert.equal(server.requests.length, 0);
  });
});
