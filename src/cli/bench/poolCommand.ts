import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadHumanEval } from '../../engine/humaneval/dataset';
import type { BenchArgs } from '../benchCommand';
import { runPoolBench } from './poolBench';
import { poolReportMarkdown, poolRows, poolTable } from './poolReport';
import { parsePoolSpec, sliceSamples } from './poolSpec';
import { selectTasks } from './taskSelection';

/** The bench options the pooled bench reads. */
export type PoolBenchArgs = Pick<BenchArgs, 'tasks' | 'limit' | 'out' | 'seed' | 'workers' | 'sandbox' | 'timeoutS' | 'hiddenTimeoutS' | 'maxTokens'> & {
  pool: string;
  /** Sample counts; absent: the sum of the shares. */
  ns?: number[];
};

/**
 * `best-of-n bench --pool DIR:K,DIR:K`: the recorded sets pooled by share against each set
 * alone at the same N. Tasks are those of the first set (every set must have them).
 */
export async function runPoolBenchCommand(args: PoolBenchArgs, argv: readonly string[]): Promise<number> {
  const specs = parsePoolSpec(args.pool);
  const datasets = await Promise.all(specs.map(async (spec) => sliceSamples(await loadHumanEval(spec.dir), spec)));
  const first = datasets[0];
  if (!first) throw new Error('--pool needs at least two sets');
  const problems = selectTasks(first.problems, args.tasks, args.limit);
  for (const [i, dataset] of datasets.entries()) {
    const missing = problems.filter((p) => !dataset.byId.has(p.taskId));
    if (missing.length) throw new Error(`--pool ${specs[i]?.label}: no recorded samples for ${missing.slice(0, 3).map((p) => p.taskId).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`);
  }
  const ns = args.ns ?? [specs.reduce((t, s) => t + s.share, 0)];
  const smallest = Math.min(...datasets.flatMap((d) => problems.map((p) => d.byId.get(p.taskId)?.samples.length ?? 0)));
  if (Math.max(...ns) > smallest) throw new Error(`--pool: N = ${Math.max(...ns)} needs that many samples from each set alone, but a set has only ${smallest} for some task`);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const started = performance.now();
  try {
    log(`bench --pool: ${problems.length} tasks, N = ${ns.join(', ')}, sets ${specs.map((s) => `${s.label}:${s.share}`).join(', ')}`);
    const outcomes = await runPoolBench({
      specs,
      datasets,
      problems,
      ns,
      seed: args.seed,
      workers: args.workers,
      sandbox: args.sandbox,
      visibleTimeoutMs: args.timeoutS * 1000,
      hiddenTimeoutMs: args.hiddenTimeoutS * 1000,
      maxTokens: args.maxTokens,
      log,
      signal: controller.signal,
    });
    const rows = poolRows(outcomes);
    const wallSeconds = (performance.now() - started) / 1000;
    const command = `node dist/cli.js bench ${argv.join(' ')}`;
    mkdirSync(args.out, { recursive: true });
    writeFileSync(path.join(args.out, 'pool-report.md'), poolReportMarkdown(rows, specs, command, wallSeconds));
    writeFileSync(path.join(args.out, 'pool-results.json'), JSON.stringify({ date: new Date().toISOString(), command, specs, rows, outcomes }, null, 1) + '\n');
    process.stdout.write(poolTable(rows));
    process.stdout.write(`wall time ${wallSeconds.toFixed(0)} s; wrote ${path.join(args.out, 'pool-report.md')}\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
