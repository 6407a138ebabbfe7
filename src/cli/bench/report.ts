import type { FloorReport } from './verifierFloor';
import type { ResultRow, Strategy } from './strategies';

/** Everything `bench/results.json` holds. */
export interface BenchResults {
  defaultStrategy: Strategy;
  machine: { cpus: number; cpuModel: string; memoryGb: number; os: string; node: string; python: string };
  date: string;
  command: string;
  rows: ResultRow[];
  /** Unbiased pass@1 from the scored samples (all drawn samples of the largest N). */
  passAt1: number;
  /** The same served samples cut by CodeT's rule (the reference runner's), scored on the hidden tests. */
  codetRuleCrossCheck: { passAt1: number; oracle: number; extraRuns: number; n: number };
  wallSeconds: number;
  notes: string[];
  verifier: { description: string; sandbox: string; workers: number };
  verifierFloor?: FloorReport;
  costBreakdown: { candidatesVerified: number; hiddenScored: number; hiddenSeconds: number; timeoutsVisible: number; timeoutsHidden: number };
}

/** Measured on this machine by the independent runner (CodeT with its own code): the baselines. */
export const REFERENCE = {
  random: 0.221,
  codet: 0.368,
  visibleFilter: 0.613,
  visibleCluster: 0.648,
  oracle: 0.738,
};

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** `bench/report.md`: one table with our rows and the reference baselines beside them. */
export function reportMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  lines.push('# Best-of-N on HumanEval with real CodeGen-16B samples', '');
  lines.push(`- Date: ${results.date}`);
  lines.push(`- Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, ${results.machine.os}, Node ${results.machine.node}, Python ${results.machine.python}`);
  lines.push(`- Command: \`${results.command}\``);
  lines.push(`- Wall time: ${results.wallSeconds.toFixed(0)} s for the whole matrix (${new Set(results.rows.map((r) => r.n)).size} N values × ${results.rows[0]?.tasks ?? 0} tasks, hidden scoring and verifier floor included)`);
  lines.push(`- Verifier: ${results.verifier.description}, sandbox: ${results.verifier.sandbox}`);
  lines.push(`- pass@1 (unbiased, from the scored samples): ${pct(results.passAt1)} (reference 22.1%)`);
  const x = results.codetRuleCrossCheck;
  lines.push(`- Cross-check, the same samples cut by CodeT's rule (the reference runner's) instead of the engine's extraction, N = ${x.n}: pass@1 ${pct(x.passAt1)} (reference 22.1%), oracle ${pct(x.oracle)} (reference 73.8%); ${x.extraRuns} cut candidates differed from the engine's and were scored separately`, '');
  lines.push('Accuracy is the share of tasks whose chosen candidate passes the hidden HumanEval tests (abstaining counts as wrong).');
  lines.push('False positives are picks that pass the visible tests but fail the hidden ones, as a share of picks.');
  lines.push('`random` and `visible-filter` are scored by their exact expectation over the uniform pick.', '');
  lines.push('| strategy | N | accuracy | reference | abstain | false pos. | samples | tokens | verify s | cand./s | distinct | duplicates | cache hits |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const maxN = Math.max(...results.rows.map((r) => r.n));
  const reference = (r: ResultRow): string => {
    if (r.n !== 100) return '';
    if (r.strategy === 'random') return pct(REFERENCE.random);
    if (r.strategy === 'visible-filter') return pct(REFERENCE.visibleFilter);
    if (r.strategy === 'oracle') return pct(REFERENCE.oracle);
    if (r.strategy === 'ranked') return `${pct(REFERENCE.visibleCluster)} (visible + cluster)`;
    if (r.strategy === 'codet') return `${pct(REFERENCE.codet)} (CodeT's code)`;
    return '';
  };
  for (const r of results.rows) {
    lines.push(
      `| ${r.strategy} | ${r.n} | ${pct(r.accuracy)} | ${reference(r)} | ${pct(r.abstainRate)} | ${pct(r.falsePositiveRate)} | ${r.samplesUsed} | ${r.tokens} | ${r.verifyWallSeconds.toFixed(1)} | ${r.candidatesPerSecond.toFixed(1)} | ${r.distinctCandidates} | ${r.duplicates} | ${r.cacheHits} |`,
    );
  }
  const live = results.rows.find((r) => r.strategy === 'adaptive');
  if (live) lines.push('', adaptiveSummary(live));
  lines.push('', `Other baselines at N = 100 (reference figures, not re-run here): CodeT dual agreement ${pct(REFERENCE.codet)}; visible tests + largest cluster of identical behaviour on model-written inputs ${pct(REFERENCE.visibleCluster)}.`);
  if (maxN !== 100) lines.push('', `This run stopped at N = ${maxN}; the reference figures are for N = 100.`);
  lines.push(...targetLines(results.rows, results.defaultStrategy, maxN));
  lines.push('', '## Verification cost', '');
  const c = results.costBreakdown;
  const samplesOverMatrix = results.rows.filter((r) => r.strategy === 'ranked').reduce((t, r) => t + r.samplesUsed, 0);
  const atMax = results.rows.find((r) => r.strategy === 'ranked' && r.n === maxN);
  lines.push(`- Verifications run for the whole matrix: ${c.candidatesVerified} for ${samplesOverMatrix} samples drawn (${pct(1 - c.candidatesVerified / Math.max(1, samplesOverMatrix))} saved): dedupe within a run folds ${atMax?.duplicates ?? 0} of the ${atMax?.samplesUsed ?? 0} samples at N = ${maxN} into identical candidates, and the cache shared across a task's N values answers every smaller N (${results.rows.filter((r) => r.strategy === 'ranked').reduce((t, r) => t + r.cacheHits, 0)} cache hits).`);
  lines.push(`- Hidden scoring (not part of the product): ${c.hiddenScored} distinct candidates, ${c.hiddenSeconds.toFixed(0)} s summed over tasks' scoring phases (two tasks run at once).`);
  lines.push(`- Timeouts: ${c.timeoutsVisible} visible runs, ${c.timeoutsHidden} hidden runs`);
  const f = results.verifierFloor;
  if (f) {
    lines.push('', `Per-candidate wall time, median over ${f.candidates} real candidates (first tasks' samples), measured side by side in this run:`, '');
    lines.push('| how a candidate is tested | median ms |', '| --- | ---: |');
    lines.push(`| fresh \`pytest\` process per candidate, median of ${f.freshPytest.runs}: copy ${f.freshPytest.copyMs} ms + interpreter start ${f.freshPytest.interpreterStartMs} ms + pytest start-up and collection ≈ ${round1(f.freshPytest.pytestStartMs - f.freshPytest.interpreterStartMs)} ms (an empty pytest run takes ${f.freshPytest.pytestStartMs} ms) + the tests ≈ ${f.floor.medianTestMs} ms | ${f.freshPytest.medianWallMs} |`);
    lines.push(`| the product's general verifier (workspace copy + ${f.generalVerifier.sandbox} + pytest + JUnit), median of ${f.generalVerifier.runs} | ${f.generalVerifier.medianWallMs} |`);
    lines.push(`| floor: fork from a warm interpreter, no sandbox, no limits (tests alone ${f.floor.medianTestMs} ms) | ${f.floor.medianWallMs} |`);
    lines.push(`| warm verifier, no OS sandbox | ${f.warmNoSandbox.medianWallMs} |`);
    lines.push(`| **warm verifier in bubblewrap** (p90 ${f.warmBubblewrap.p90WallMs} ms) | **${f.warmBubblewrap.medianWallMs}** (${f.ratioToFloor}× floor) |`);
    lines.push('', `Warm verifier breakdown (medians): write files ${f.warmBubblewrap.prepareMs} ms, fork + limits + seccomp + import + tests + report ${f.warmBubblewrap.forkRunMs} ms (tests alone ${f.warmBubblewrap.testMs} ms), clean-up ${f.warmBubblewrap.cleanupMs} ms, Node↔worker IPC and scheduling ${f.warmBubblewrap.ipcMs} ms.`);
    lines.push(`Sandbox overhead per candidate: ${round1(f.warmBubblewrap.medianWallMs - f.warmNoSandbox.medianWallMs)} ms (bubblewrap is started once per worker, ${f.workerStartMs} ms, not per candidate).`);
    lines.push(`Throughput with ${f.warmThroughput.workers} workers: ${f.warmThroughput.candidatesPerSecond} candidates/s (${f.warmThroughput.candidates} candidates that finish; each timeout costs its full limit).`);
  }
  if (results.notes.length) lines.push('', '## Notes', '', ...results.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

/**
 * The live adaptive run in one sentence: samples and waves per task, why runs stopped, and
 * how many answers were drawn at each reasoning setting.
 */
export function adaptiveSummary(row: ResultRow): string {
  const tasks = Math.max(1, row.tasks);
  // Insertion order: every run starts at the ladder's first step, so settings come cheapest first.
  const counts = (record: Record<string, number> | undefined): string =>
    Object.entries(record ?? {})
      .map(([key, count]) => `${key} ${count}`)
      .join(', ') || 'none';
  return (
    `Adaptive (live run, cap N = ${row.n}): ${(row.samplesUsed / tasks).toFixed(1)} samples and ${((row.waves ?? 0) / tasks).toFixed(1)} waves per task, ` +
    `${Math.round(row.tokens / tasks)} tokens per task; runs stopped by: ${counts(row.stoppedBy)}; answers per reasoning setting drawn with: ${counts(row.reasoning)}.`
  );
}

/** The targets against this run, at the largest N. */
function targetLines(rows: ResultRow[], defaultStrategy: Strategy, n: number): string[] {
  const at = (strategy: Strategy): ResultRow | undefined => rows.find((r) => r.strategy === strategy && r.n === n);
  const def = at(defaultStrategy);
  const oracle = at('oracle');
  const strict = at('strict');
  const adaptive = at('adaptive');
  const codet = at('codet');
  if (!def || !oracle || !strict || !adaptive || !codet) return [];
  const answered = 1 - strict.abstainRate;
  const precision = answered > 0 ? strict.accuracy / answered : 0;
  const perTask = adaptive.samplesUsed / Math.max(1, adaptive.tasks);
  const mark = (ok: boolean): string => (ok ? 'met' : 'not met');
  return [
    '',
    `## Targets at N = ${n}`,
    '',
    `- Default pick (\`${defaultStrategy}\`) ≥ 68% and ≥ 92% of the oracle: ${pct(def.accuracy)}, ${pct(def.accuracy / Math.max(1e-9, oracle.accuracy))} of the oracle's ${pct(oracle.accuracy)} — ${mark(def.accuracy >= 0.68)}.`,
    `- Strict mode right ≥ 90% of the time while answering ≥ half: right ${pct(precision)} of its picks, answering ${pct(answered)} — ${mark(precision >= 0.9 && answered >= 0.5)}.`,
    `- Adaptive within 1 point of the default's fixed-N accuracy on ≤ 25 samples per task: ${pct(adaptive.accuracy)} on ${perTask.toFixed(1)} samples per task (default ${pct(def.accuracy)}) — ${mark(adaptive.accuracy >= def.accuracy - 0.01 && perTask <= 25)}.`,
    `- CodeT reproduction: ${pct(codet.accuracy)} beside the ${pct(REFERENCE.codet)} of CodeT's own code on these samples.`,
  ];
}

const COLORS: Record<Strategy, string> = {
  random: '#888888',
  'visible-filter': '#1f77b4',
  ranked: '#d62728',
  codet: '#ff7f0e',
  'visible-agreement': '#9467bd',
  strict: '#8c564b',
  adaptive: '#e377c2',
  oracle: '#2ca02c',
};

/** `bench/scaling.svg`: accuracy against samples per task (log scale), one line per strategy. */
export function scalingSvg(rows: ResultRow[]): string {
  const width = 640;
  const height = 400;
  const m = { left: 60, right: 150, top: 30, bottom: 50 };
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const maxLog = Math.log10(Math.max(...ns, 10));
  const x = (n: number): number => m.left + (maxLog > 0 ? (Math.log10(n) / maxLog) : 0) * (width - m.left - m.right);
  const y = (a: number): number => m.top + (1 - a) * (height - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${width / 2 - 60}" y="18" font-size="14">Accuracy vs samples per task (HumanEval, CodeGen-16B)</text>`);
  for (let a = 0; a <= 1.0001; a += 0.2) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y(a)}" y2="${y(a)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${m.left - 8}" y="${y(a) + 4}" text-anchor="end">${Math.round(a * 100)}%</text>`);
  }
  for (const n of ns) {
    parts.push(`<line x1="${x(n)}" x2="${x(n)}" y1="${m.top}" y2="${height - m.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(n)}" y="${height - m.bottom + 16}" text-anchor="middle">${n}</text>`);
  }
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 12}" text-anchor="middle">samples per task (N, log scale)</text>`);
  parts.push(`<text x="16" y="${height / 2}" transform="rotate(-90 16 ${height / 2})" text-anchor="middle">accuracy on hidden tests</text>`);
  (['oracle', 'visible-agreement', 'ranked', 'visible-filter', 'codet', 'random'] as Strategy[]).forEach((strategy, i) => {
    const points = rows.filter((r) => r.strategy === strategy).sort((a, b) => a.n - b.n);
    if (points.length === 0) return;
    const d = points.map((p, j) => `${j ? 'L' : 'M'}${x(p.n).toFixed(1)},${y(p.accuracy).toFixed(1)}`).join(' ');
    const dash = strategy === 'oracle' ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[strategy]}" stroke-width="2"${dash}/>`);
    for (const p of points) parts.push(`<circle cx="${x(p.n).toFixed(1)}" cy="${y(p.accuracy).toFixed(1)}" r="3" fill="${COLORS[strategy]}"/>`);
    const ly = m.top + 20 + i * 20;
    parts.push(`<line x1="${width - m.right + 12}" x2="${width - m.right + 36}" y1="${ly}" y2="${ly}" stroke="${COLORS[strategy]}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${width - m.right + 42}" y="${ly + 4}">${strategy}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
