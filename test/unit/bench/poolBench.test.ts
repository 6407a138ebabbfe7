import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runBenchCommand } from '../../../src/cli/benchCommand';
import type { PoolTaskOutcome } from '../../../src/cli/bench/poolBench';
import { poolRows } from '../../../src/cli/bench/poolReport';
import { parsePoolSpec, sliceSamples } from '../../../src/cli/bench/poolSpec';
import { defaultHumanEvalDir, loadHumanEval } from '../../../src/engine/humaneval/dataset';

describe('bench --pool: recorded sets pooled against each set alone', function () {
  this.timeout(180000);

  it('reads folders, sample slices and shares, and refuses what it cannot run', () => {
    assert.deepEqual(parsePoolSpec('/d/a:4, /d/b#50-100:2'), [
      { dir: '/d/a', share: 4, label: 'a' },
      { dir: '/d/b', share: 2, slice: { from: 50, to: 100 }, label: 'b#50-100' },
    ]);
    assert.throws(() => parsePoolSpec('/d/a:4'), /at least two sets/);
    assert.throws(() => parsePoolSpec('/d/a:0,/d/b:1'), /K a whole number of at least 1/);
    assert.throws(() => parsePoolSpec('/d/a#9-3:1,/d/b:1'), /not a sample range/);
  });

  it('slices every task\'s samples, and says which task is too short', async () => {
    const data = await loadHumanEval(defaultHumanEvalDir());
    const [spec] = parsePoolSpec(`${data.dir}#10-12:1,${data.dir}:1`);
    assert.ok(spec);
    const sliced = sliceSamples(data, spec);
    assert.deepEqual(sliced.byId.get('HumanEval/3')?.samples, data.byId.get('HumanEval/3')?.samples.slice(10, 12));
    const [tooLong] = parsePoolSpec(`${data.dir}#0-101:1,${data.dir}:1`);
    assert.ok(tooLong);
    assert.throws(() => sliceSamples(data, tooLong), /HumanEval\/0 has only 100 recorded samples/);
  });

  it('summarises outcomes per configuration and N, with where the pooled picks came from', () => {
    const o = (config: string, correct: boolean, pickedFrom?: string): PoolTaskOutcome => ({ config, n: 4, taskId: 't', correct, abstained: !pickedFrom && config === 'pooled', oracle: true, samples: 4, ...(pickedFrom ? { pickedFrom } : {}) });
    const rows = poolRows([o('pooled', true, 'a'), o('pooled', false, 'b'), o('pooled', false), o('a alone', true)]);
    assert.deepEqual(
      rows.map((r) => [r.config, r.tasks, r.accuracy, r.abstainRate, r.samples, r.picksFrom]),
      [
        ['pooled', 3, 1 / 3, 1 / 3, 12, { a: 0.5, b: 0.5 }],
        ['a alone', 1, 1, 0, 4, undefined],
      ],
    );
  });

  it('runs the engine on two disjoint slices of the recording: every configuration draws N per task, the pool from both', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pool-bench-'));
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    const dir = defaultHumanEvalDir();
    try {
      const code = await runBenchCommand(['--pool', `${dir}#0-50:2,${dir}#50-100:2`, '--limit', '3', '--out', out, '--workers', '2']);
      assert.equal(code, 0);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    try {
      const results = JSON.parse(readFileSync(path.join(out, 'pool-results.json'), 'utf8')) as { rows: { config: string; n: number; tasks: number; samples: number }[]; outcomes: PoolTaskOutcome[] };
      assert.deepEqual(
        results.rows.map((r) => [r.config, r.n, r.tasks, r.samples]),
        [
          ['pooled', 4, 3, 12],
          ['humaneval#0-50 alone', 4, 3, 12],
          ['humaneval#50-100 alone', 4, 3, 12],
        ],
      );
      for (const o of results.outcomes.filter((x) => x.config === 'pooled')) {
        assert.deepEqual(o.perSet?.map((s) => [s.set, s.samples]), [
          ['humaneval#0-50', 2],
          ['humaneval#50-100', 2],
        ]);
        assert.ok(o.correct ? o.oracle : true, 'a correct pick means some sample was correct');
      }
      assert.match(readFileSync(path.join(out, 'pool-report.md'), 'utf8'), /\| pooled \| 4 \| 3 \|/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
