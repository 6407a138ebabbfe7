import type { PoolTaskOutcome } from './poolBench';
import type { PoolSetSpec } from './poolSpec';

/** One row of the pooled bench: a configuration at one N over every task. */
export interface PoolRow {
  config: string;
  n: number;
  tasks: number;
  accuracy: number;
  abstainRate: number;
  oracle: number;
  samples: number;
  /** Pooled rows: the share of picks that came from each set. */
  picksFrom?: Record<string, number>;
}

export function poolRows(outcomes: readonly PoolTaskOutcome[]): PoolRow[] {
  const keys = [...new Set(outcomes.map((o) => `${o.n}\u0000${o.config}`))];
  return keys.map((key) => {
    const [n, config] = key.split('\u0000') as [string, string];
    const rows = outcomes.filter((o) => o.config === config && o.n === Number(n));
    const share = (f: (o: PoolTaskOutcome) => boolean): number => rows.filter(f).length / rows.length;
    const picked = rows.filter((o) => o.pickedFrom !== undefined);
    const picksFrom = picked.length ? Object.fromEntries([...new Set(picked.map((o) => o.pickedFrom as string))].map((set) => [set, picked.filter((o) => o.pickedFrom === set).length / picked.length])) : undefined;
    return {
      config,
      n: Number(n),
      tasks: rows.length,
      accuracy: share((o) => o.correct),
      abstainRate: share((o) => o.abstained),
      oracle: share((o) => o.oracle),
      samples: rows.reduce((t, o) => t + o.samples, 0),
      ...(picksFrom ? { picksFrom } : {}),
    };
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The pooled bench's table, as Markdown, with how it was run. */
export function poolReportMarkdown(rows: readonly PoolRow[], specs: readonly PoolSetSpec[], command: string, wallSeconds: number): string {
  const lines = [
    '# Pooled sample sets against each set alone',
    '',
    `Command: \`${command}\` (${wallSeconds.toFixed(0)} s).`,
    '',
    `Sets: ${specs.map((s) => `\`${s.dir}\`${s.slice ? ` samples ${s.slice.from}–${s.slice.to - 1}` : ''} (share ${s.share})`).join(', ')}. Every configuration runs the engine's \`solve()\` over HTTP against one replay server per set at the same N; the pooled run draws each set by its share in the same request stream. Accuracy: the engine's pick passes the hidden HumanEval tests (an abstention counts as wrong). Oracle: some drawn sample passes them. No generated tests: picks rank on the visible tests and agreement between candidates.`,
    '',
    '| configuration | N | tasks | accuracy | abstain | oracle | samples | picks from |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.config} | ${r.n} | ${r.tasks} | ${pct(r.accuracy)} | ${pct(r.abstainRate)} | ${pct(r.oracle)} | ${r.samples} | ${r.picksFrom ? Object.entries(r.picksFrom).map(([set, s]) => `${set} ${pct(s)}`).join(', ') : '—'} |`),
    '',
  ];
  return lines.join('\n');
}

/** The same table for the terminal. */
export function poolTable(rows: readonly PoolRow[]): string {
  const head = `${'configuration'.padEnd(34)}${'N'.padStart(4)}  accuracy  abstain  oracle  samples\n`;
  return head + rows.map((r) => `${r.config.padEnd(34)}${String(r.n).padStart(4)}  ${pct(r.accuracy).padStart(8)}  ${pct(r.abstainRate).padStart(7)}  ${pct(r.oracle).padStart(6)}  ${String(r.samples).padStart(7)}\n`).join('');
}
