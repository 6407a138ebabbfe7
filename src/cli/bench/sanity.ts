import { STRATEGIES, type ResultRow } from './strategies';

/**
 * Problems with a results table that no correct run can produce; empty when it is sane.
 * Used by `bench --check` (the CI smoke run) and the tests.
 */
export function sanityProblems(rows: readonly ResultRow[], ns: readonly number[], tasks: number): string[] {
  const problems: string[] = [];
  const strategies: readonly string[] = STRATEGIES;
  // The live adaptive run is capped at the largest N and has its row there only.
  const maxN = Math.max(...ns);
  const expected = (strategies.length - 1) * ns.length + 1;
  if (rows.length !== expected) problems.push(`expected ${expected} rows, got ${rows.length}`);
  const at = (strategy: string, n: number): ResultRow | undefined => rows.find((r) => r.strategy === strategy && r.n === n);
  for (const n of ns) {
    for (const strategy of strategies.filter((s) => s !== 'adaptive' || n === maxN)) {
      const row = at(strategy, n);
      if (!row) {
        problems.push(`no ${strategy} row for N = ${n}`);
        continue;
      }
      for (const key of ['accuracy', 'abstainRate', 'falsePositiveRate'] as const) {
        if (!(row[key] >= 0 && row[key] <= 1)) problems.push(`${strategy}@${n}: ${key} = ${row[key]} is not a share`);
      }
      if (row.tasks !== tasks) problems.push(`${strategy}@${n}: ${row.tasks} tasks, expected ${tasks}`);
      if (strategy === 'adaptive') {
        if (!(row.samplesUsed >= tasks && row.samplesUsed <= tasks * n)) problems.push(`adaptive@${n}: ${row.samplesUsed} samples, expected ${tasks} to ${tasks * n}`);
        const drawn = Object.values(row.reasoning ?? {}).reduce((t, c) => t + c, 0);
        if (drawn !== row.samplesUsed) problems.push(`adaptive@${n}: the reasoning settings tally counts ${drawn} answers, not ${row.samplesUsed}`);
        if (!((row.waves ?? 0) >= tasks)) problems.push(`adaptive@${n}: ${row.waves ?? 0} waves for ${tasks} tasks`);
      } else if (row.samplesUsed !== tasks * n) problems.push(`${strategy}@${n}: ${row.samplesUsed} samples, expected ${tasks * n}`);
      if (!(row.tokens > 0)) problems.push(`${strategy}@${n}: no tokens counted`);
      if (strategy !== 'random' && !(row.verifyWallSeconds > 0)) problems.push(`${strategy}@${n}: no verification time`);
      const oracle = at('oracle', n);
      if (oracle && row.accuracy > oracle.accuracy + 1e-9) problems.push(`${strategy}@${n} beats the oracle (${row.accuracy} > ${oracle.accuracy})`);
    }
  }
  const oracles = ns.map((n) => at('oracle', n)?.accuracy ?? 0);
  // The first k samples are a prefix of the first k' > k, so the oracle can only grow with N.
  if (oracles.some((a, i) => i > 0 && a + 1e-9 < oracles[i - 1])) problems.push(`oracle accuracy falls as N grows: ${oracles.join(', ')}`);
  return problems;
}
