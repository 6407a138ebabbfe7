import type { JsCandidate } from './jsTasks';

/** One drawn sample of a task after the run and the hidden scoring. */
export interface JsSample {
  id: number;
  label: string;
  kind: JsCandidate['kind'];
  visiblePassed: boolean;
  hiddenPassed: boolean;
  behaviour?: string;
}

/** A pick and whether it is right (passes the hidden tests); `label` null when the run abstained. */
export interface JsPick {
  label: string | null;
  hiddenPassed: boolean;
}

export interface JsTaskOutcome {
  id: string;
  module: 'esm' | 'cjs';
  samples: JsSample[];
  /** The shipped `solve()` pick with generated tests, and the size of its agreeing group. */
  ranked: JsPick & { agreement: number };
  /** The shipped selection on the same candidates with generated tests off. */
  rankedWithoutGeneratedTests: JsPick;
  seconds: number;
}

/** Everything `bench/js-results.json` holds. */
export interface JsBenchResults {
  date: string;
  command: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  verifier: string;
  wallSeconds: number;
  tasks: JsTaskOutcome[];
  /** Samples whose verdicts contradict their file's label (the data's fault, listed so it is seen). */
  labelProblems: string[];
}

/** One strategy over all tasks: accuracy, abstentions and false positives as shares. */
export interface JsRow {
  strategy: string;
  accuracy: number;
  abstainRate: number;
  /** Share of picks that pass the visible tests but fail the hidden ones. */
  falsePositiveRate: number;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const share = (samples: JsSample[], test: (s: JsSample) => boolean): number => mean(samples.map((s) => (test(s) ? 1 : 0)));

/** The strategy rows, `random` and `visible-filter` as exact expectations over a uniform pick. */
export function jsRows(tasks: readonly JsTaskOutcome[]): JsRow[] {
  const picked = (strategy: string, pickOf: (t: JsTaskOutcome) => JsPick): JsRow => {
    const picks = tasks.map(pickOf);
    const made = tasks.map((t, i) => ({ t, p: picks[i] })).filter(({ p }) => p.label !== null);
    const falsePositives = made.filter(({ t, p }) => !p.hiddenPassed && t.samples.some((s) => s.label === p.label && s.visiblePassed)).length;
    return { strategy, accuracy: mean(picks.map((p) => (p.hiddenPassed ? 1 : 0))), abstainRate: 1 - made.length / Math.max(1, tasks.length), falsePositiveRate: made.length ? falsePositives / made.length : 0 };
  };
  const visible = tasks.map((t) => t.samples.filter((s) => s.visiblePassed));
  const visibleMade = visible.filter((v) => v.length > 0);
  return [
    { strategy: 'random', accuracy: mean(tasks.map((t) => share(t.samples, (s) => s.hiddenPassed))), abstainRate: 0, falsePositiveRate: mean(tasks.map((t) => share(t.samples, (s) => s.visiblePassed && !s.hiddenPassed))) },
    {
      strategy: 'visible-filter',
      accuracy: mean(visible.map((v) => share(v, (s) => s.hiddenPassed))),
      abstainRate: 1 - visibleMade.length / Math.max(1, tasks.length),
      falsePositiveRate: mean(visibleMade.map((v) => share(v, (s) => !s.hiddenPassed))),
    },
    picked('ranked, no generated tests', (t) => t.rankedWithoutGeneratedTests),
    picked('ranked', (t) => t.ranked),
    { strategy: 'oracle', accuracy: mean(tasks.map((t) => (t.samples.some((s) => s.hiddenPassed) ? 1 : 0))), abstainRate: 0, falsePositiveRate: 0 },
  ];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** `bench/js-report.md`: the Python bench's strategy table for the JavaScript tasks, then each task's picks. */
export function jsReportMarkdown(results: JsBenchResults): string {
  const tasks = results.tasks;
  const samples = tasks.reduce((n, t) => n + t.samples.length, 0);
  const lines: string[] = ['# Best-of-N on JavaScript tasks with scripted candidates', ''];
  lines.push(`- Date: ${results.date}`);
  lines.push(`- Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}`);
  lines.push(`- Command: \`${results.command}\``);
  lines.push(`- Wall time: ${results.wallSeconds.toFixed(0)} s for ${tasks.length} tasks, ${samples} samples (hidden scoring included)`);
  lines.push(`- Verifier: ${results.verifier}`, '');
  lines.push('Each task is a small package (ES module or CommonJS) with two or three visible `node --test` tests and a hidden suite. Its samples are scripted: correct implementations in varied styles, look-alikes that pass the visible tests but mishandle edge cases, and broken ones; the generated-test answer is a model-style list of asserts with one wrong. `ranked` is the pick of the shipped `solve()` with generated tests; `ranked, no generated tests` is the shipped selection on the same candidates without probe answers. Accuracy is the share of tasks whose pick passes the hidden tests (abstaining counts as wrong); false positives are picks that pass the visible tests but fail the hidden ones, as a share of picks. `random` and `visible-filter` are exact expectations over a uniform pick.', '');
  lines.push('How the samples are scripted decides the `ranked, no generated tests` row: each correct implementation is drawn once (right answers vary in style) while one look-alike is drawn twice (a common wrong shortcut repeats), so without behaviour evidence the votes favour the look-alike by construction. Where `ranked` is wrong, the generated tests did not tell the look-alike apart or one wrong generated test favoured it (see the per-task table).', '');
  lines.push('| strategy | tasks | N | accuracy | abstain | false pos. |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  const n = (samples / Math.max(1, tasks.length)).toFixed(1);
  for (const r of jsRows(tasks)) lines.push(`| ${r.strategy} | ${tasks.length} | ${n} | ${pct(r.accuracy)} | ${pct(r.abstainRate)} | ${pct(r.falsePositiveRate)} |`);
  lines.push('', '## Per task', '', '| task | module | samples (correct / look-alike / broken) | ranked pick | agreeing | no generated tests | seconds |', '| --- | --- | ---: | --- | ---: | --- | ---: |');
  for (const t of tasks) {
    const count = (kind: JsSample['kind']): number => t.samples.filter((s) => s.kind === kind).length;
    const mark = (p: JsPick): string => (p.label === null ? 'abstained' : `${p.label} ${p.hiddenPassed ? '✓' : '✗'}`);
    lines.push(`| ${t.id} | ${t.module} | ${t.samples.length} (${count('correct')} / ${count('lookalike')} / ${count('broken')}) | ${mark(t.ranked)} | ${t.ranked.agreement} | ${mark(t.rankedWithoutGeneratedTests)} | ${t.seconds.toFixed(1)} |`);
  }
  if (results.labelProblems.length) lines.push('', '## Task data that contradicts its labels', '', ...results.labelProblems.map((p) => `- ${p}`));
  return `${lines.join('\n')}\n`;
}
