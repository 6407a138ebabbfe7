import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runBenchCommand } from '../../../src/cli/benchCommand';
import { STRATEGIES } from '../../../src/cli/bench/strategies';
import { reasoningLabel } from '../../../src/cli/reasoningLabel';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { reasoningLadder } from '../../../src/engine/model/reasoningLadder';

describe('bench smoke: --limit 3 --n 1,5', function () {
  this.timeout(120000);
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(tmpdir(), 'bench-smoke-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('writes results.json with the documented shape and sane numbers, report.md and scaling.svg', async () => {
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    // The command prints a table; keep the test output readable.
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runBenchCommand(['--limit', '3', '--n', '1,5', '--out', out, '--check']);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    assert.equal(code, 0);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as {
      defaultStrategy: string;
      machine: unknown;
      date: string;
      command: string;
      rows: Record<string, unknown>[];
    };
    assert.equal(results.defaultStrategy, 'ranked');
    assert.ok(results.machine && !Number.isNaN(Date.parse(results.date)));
    assert.match(results.command, /bench --limit 3 --n 1,5/);
    // Every strategy at both N, except adaptive: one live run per task, capped at the largest N.
    assert.equal(results.rows.length, 2 * STRATEGIES.length - 1);
    assert.deepEqual(results.rows.filter((r) => r.strategy === 'adaptive').map((r) => r.n), [5]);
    const keys = ['strategy', 'n', 'accuracy', 'abstainRate', 'falsePositiveRate', 'tasks', 'samplesUsed', 'tokens', 'verifyWallSeconds', 'candidatesPerSecond'];
    for (const row of results.rows) {
      for (const key of keys) assert.ok(key in row, `row lacks ${key}`);
      for (const key of ['accuracy', 'abstainRate', 'falsePositiveRate']) {
        const v = row[key] as number;
        assert.ok(v >= 0 && v <= 1, `${key} = ${v}`);
      }
      assert.equal(row.tasks, 3);
      if (row.strategy === 'adaptive') {
        // The live run draws at least one answer per task and never more than the cap.
        assert.ok((row.samplesUsed as number) >= 3 && (row.samplesUsed as number) <= 15, `adaptive drew ${String(row.samplesUsed)}`);
        const tally = row.reasoning as Record<string, number>;
        assert.equal(Object.values(tally).reduce((t, c) => t + c, 0), row.samplesUsed);
        // Drawn only at settings of the bench profile's ladder.
        const ladder = reasoningLadder(getProviderProfile('vllm'), {}).map(reasoningLabel);
        assert.ok(Object.keys(tally).every((label) => ladder.includes(label)), Object.keys(tally).join());
        assert.ok((row.waves as number) >= 3);
      } else assert.equal(row.samplesUsed, 3 * (row.n as number));
      assert.ok((row.tokens as number) > 0);
    }
    const at = (strategy: string, n: number): Record<string, unknown> => {
      const row = results.rows.find((r) => r.strategy === strategy && r.n === n);
      assert.ok(row, `${strategy}@${n}`);
      return row;
    };
    for (const n of [1, 5]) {
      // Nothing can beat the oracle, and picking is no worse than what it picks from.
      for (const strategy of ['random', 'visible-filter', 'ranked']) assert.ok((at(strategy, n).accuracy as number) <= (at('oracle', n).accuracy as number));
      assert.ok((at('ranked', n).verifyWallSeconds as number) > 0);
      assert.equal(at('random', n).verifyWallSeconds, 0);
    }
    // HumanEval/0..2 have correct samples among the first five: the oracle finds one.
    assert.ok((at('oracle', 5).accuracy as number) > 0);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    assert.match(report, /\| strategy \| N \| accuracy/);
    assert.match(report, /Machine: /);
    assert.match(report, /Adaptive \(live run, cap N = 5\): [\d.]+ samples and [\d.]+ waves per task/);
    assert.ok(existsSync(path.join(out, 'scaling.svg')));
    assert.match(readFileSync(path.join(out, 'scaling.svg'), 'utf8'), /^<svg[\s\S]*oracle[\s\S]*<\/svg>\n$/);
  });
});

describe('bench arguments: test choices and derived inputs', () => {
  it('refuses a derived-input count that is not a whole number of 0 or more, and test choices below 1, before any work', async () => {
    await assert.rejects(runBenchCommand(['--derived-inputs', '-1']), /--derived-inputs must be a whole number/);
    await assert.rejects(runBenchCommand(['--derived-inputs', '2.5']), /--derived-inputs must be a whole number/);
    await assert.rejects(runBenchCommand(['--test-choices', '0']), /--test-choices/);
  });
});
