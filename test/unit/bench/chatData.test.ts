import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runBenchCommand } from '../../../src/cli/benchCommand';
import { isChatAnswer } from '../../../src/cli/replay/replayServer';
import { loadHumanEval } from '../../../src/engine/humaneval/dataset';
import { countTokens } from '../../../src/engine/tokens';

// A data folder of our own in the chat format: two tasks whose recorded samples are whole
// answers of a chat model (prose, a fenced function with its docstring, more prose). The right
// answers are long (500+ tokens); the short ones pass the visible example and fail the hidden tests.
const DATA = path.resolve(__dirname, '../../fixtures/bench-chat');

interface Row {
  strategy: string;
  n: number;
  accuracy: number;
  abstainRate: number;
}

async function bench(out: string, extra: string[]): Promise<Row[]> {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    assert.equal(await runBenchCommand(['--data', DATA, '--n', '1,4', '--out', out, '--no-floor', '--workers', '1', '--test-choices', '2', '--check', ...extra]), 0);
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  return (JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { rows: Row[] }).rows;
}

describe('bench on a data folder of whole fenced chat answers', function () {
  this.timeout(300_000);
  const outs: string[] = [];
  after(() => outs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the fixture holds chat answers, the right ones longer than the old fixed cap of 300 tokens', async () => {
    const dataset = await loadHumanEval(DATA);
    assert.equal(dataset.problems.length, 2);
    for (const p of dataset.problems) {
      assert.ok(p.samples.every(isChatAnswer));
      assert.ok(p.samples.some((s) => countTokens(s) > 500));
    }
  });

  it('with --max-tokens large enough the long right answers are picked; at 300 they are cut off and lost', async () => {
    const wide = mkdtempSync(path.join(tmpdir(), 'bench-chat-'));
    const narrow = mkdtempSync(path.join(tmpdir(), 'bench-chat-'));
    outs.push(wide, narrow);
    const at = (rows: Row[], strategy: string, n: number): Row => rows.find((r) => r.strategy === strategy && r.n === n) as Row;
    const full = await bench(wide, ['--max-tokens', '1000']);
    // Both tasks solved by the engine's own pick at N = 4, and by the oracle.
    assert.equal(at(full, 'ranked', 4).accuracy, 1);
    assert.equal(at(full, 'oracle', 4).accuracy, 1);
    const cut = await bench(narrow, ['--max-tokens', '300']);
    // Only the short answers survive the cap: one task keeps a right one, the other has none left.
    assert.equal(at(cut, 'oracle', 4).accuracy, 0.5);
    assert.ok(at(cut, 'ranked', 4).accuracy < 1);
  });

  it('refuses a --max-tokens that is not a whole number of at least 1', async () => {
    await assert.rejects(runBenchCommand(['--max-tokens', '0']), /--max-tokens must be a whole number of at least 1/);
    await assert.rejects(runBenchCommand(['--max-tokens', '2.5']), /--max-tokens must be a whole number/);
  });
});
