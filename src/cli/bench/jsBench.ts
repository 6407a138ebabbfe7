import { rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import type { Candidate, SolveResult } from '../../engine/events';
import { taskForFunction } from '../../engine/locate/locateFunction';
import type { SolveOptions } from '../../engine/options';
import { choose } from '../../engine/select/choose';
import { rankCandidates, rankContextOf } from '../../engine/select/rank';
import { solve } from '../../engine/solve';
import { applyToFile, type Task } from '../../engine/task';
import { createVerifier } from '../../engine/verify/createVerifier';
import { verifierForTask } from '../../engine/verify/verifierForTask';
import { jsReportMarkdown, type JsBenchResults, type JsSample, type JsTaskOutcome } from './jsReport';
import { JsScriptedModel } from './jsScriptedModel';
import { loadJsTasks, sampleOrder, targetFile, targetSource, writeJsProject, type JsTask } from './jsTasks';

interface JsBenchOptions {
  tasksDir: string;
  outDir: string;
  seed: number;
  sandbox: 'auto' | 'bubblewrap' | 'none';
  timeoutMs: number;
  /** Exit non-zero when a task's data contradicts its labels (a `correct-` candidate failing hidden tests, …). */
  check: boolean;
}

const fence = (code: string): string => `\`\`\`js\n${code.trimEnd()}\n\`\`\``;

/** The shipped selection on `candidates` without any behaviour: what `solve()` picks with generated tests off. */
function pickWithoutGeneratedTests(candidates: Candidate[], task: Task): number | undefined {
  const bare: Candidate[] = candidates.map(({ score: _score, ...c }) => ({ ...c, verification: c.verification ? { ...c.verification, behaviour: undefined } : undefined }));
  const { ranking, scores } = rankCandidates(bare, undefined, rankContextOf(task));
  for (const c of bare) c.score = scores[c.id];
  return choose(bare, ranking, 'abstain', 'completed').choice?.candidateId;
}

async function solveTask(task: Task, model: JsScriptedModel, n: number, options: JsBenchOptions): Promise<{ result: SolveResult; why: string; description: string }> {
  const choice = await verifierForTask(task, { sandbox: options.sandbox, timeoutMs: options.timeoutMs, concurrency: 1 });
  try {
    const solveOptions: SolveOptions = {
      model,
      verifier: choice.verifier,
      sampling: { n, concurrency: 1 },
      reasoning: {},
      budgets: {},
      earlyStopAgreeing: 0,
      abstainPolicy: 'abstain',
      verifyConcurrency: 1,
      promptTokenBudget: 4000,
      cheatsheetTokenBudget: 0,
      // The stub throws for every input, so the witness run could not tell reaching tests apart.
      baseline: false,
      generatedTests: { count: 1, cap: 50, python: 'python3' },
    };
    for await (const event of solve(task, solveOptions, new AbortController().signal)) {
      if (event.type === 'run/finished') return { result: event.result, why: choice.why, description: choice.verifier.description };
      if (event.type === 'run/error') throw new Error(`the run failed: ${event.message}`);
    }
    throw new Error('the run ended without a result');
  } finally {
    await choice.verifier.dispose();
  }
}

/** One task: the shipped `solve()` on its visible project, then every distinct candidate scored on the hidden tests. */
async function runTask(js: JsTask, options: JsBenchOptions): Promise<JsTaskOutcome & { description: string; why: string }> {
  const visibleRoot = writeJsProject(js.spec, 'visible');
  const hiddenRoot = writeJsProject(js.spec, 'hidden');
  const started = Date.now();
  try {
    const fileText = targetSource(js.spec);
    const task = taskForFunction({ workspaceRoot: visibleRoot, filePath: targetFile(js.spec), fileText, functionName: js.spec.function, testCommand: 'node --test' });
    const order = sampleOrder(js, options.seed);
    const model = new JsScriptedModel(js.spec.generatedTests, order.map((c) => fence(c.code)));
    const { result, why, description } = await solveTask(task, model, order.length, options);
    const hiddenTask: Task = { ...task, workspaceRoot: hiddenRoot };
    const hiddenVerifier = createVerifier({ sandbox: options.sandbox, timeoutMs: options.timeoutMs });
    const hidden = new Map<number, boolean>();
    try {
      for (const c of result.candidates) {
        if (c.duplicateOf !== undefined || c.code === undefined) continue;
        const verdict = await hiddenVerifier.verify({ task: hiddenTask, candidateId: c.id, fileText: applyToFile(task, c.code) }, new AbortController().signal);
        hidden.set(c.id, verdict.status === 'passed');
      }
    } finally {
      await hiddenVerifier.dispose();
    }
    const byContent = new Map(order.map((c) => [fence(c.code), c]));
    const samples: JsSample[] = result.candidates.map((c) => {
      const original = c.duplicateOf ?? c.id;
      const source = result.candidates.find((x) => x.id === original);
      const label = byContent.get(c.rawContent);
      return {
        id: c.id,
        label: label?.label ?? '?',
        kind: label?.kind ?? 'broken',
        visiblePassed: source?.verification?.status === 'passed',
        hiddenPassed: hidden.get(original) ?? false,
        behaviour: source?.verification?.behaviour,
      };
    });
    const labelOf = (id: number | undefined): string | null => (id === undefined ? null : (samples.find((s) => s.id === id)?.label ?? null));
    const hiddenOf = (id: number | undefined): boolean => id !== undefined && (samples.find((s) => s.id === id)?.hiddenPassed ?? false);
    const bare = pickWithoutGeneratedTests(result.candidates, task);
    return {
      id: js.id,
      module: js.spec.module,
      samples,
      ranked: { label: labelOf(result.choice?.candidateId), hiddenPassed: hiddenOf(result.choice?.candidateId), agreement: result.candidates.find((c) => c.id === result.choice?.candidateId)?.score?.agreement ?? 0 },
      rankedWithoutGeneratedTests: { label: labelOf(bare), hiddenPassed: hiddenOf(bare) },
      seconds: (Date.now() - started) / 1000,
      description,
      why,
    };
  } finally {
    rmSync(visibleRoot, { recursive: true, force: true });
    rmSync(hiddenRoot, { recursive: true, force: true });
  }
}

/** Samples whose verdicts contradict their labels: the task data is wrong, not the engine. */
function labelProblems(outcome: JsTaskOutcome): string[] {
  const problems: string[] = [];
  for (const s of outcome.samples) {
    if (s.kind === 'correct' && !(s.visiblePassed && s.hiddenPassed)) problems.push(`${outcome.id}: ${s.label} should pass visible and hidden tests`);
    if (s.kind === 'lookalike' && !(s.visiblePassed && !s.hiddenPassed)) problems.push(`${outcome.id}: ${s.label} should pass the visible tests and fail hidden ones`);
    if (s.kind === 'broken' && s.visiblePassed) problems.push(`${outcome.id}: ${s.label} should fail the visible tests`);
  }
  return [...new Set(problems)];
}

function parseArgs(argv: string[]): JsBenchOptions {
  const options: JsBenchOptions = { tasksDir: 'bench/js-tasks', outDir: 'bench', seed: 1, sandbox: 'auto', timeoutMs: 30000, check: false };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    const arg = argv[i];
    if (arg === '--tasks') options.tasksDir = value();
    else if (arg === '--out') options.outDir = value();
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--sandbox') options.sandbox = value() as JsBenchOptions['sandbox'];
    else if (arg === '--timeout') options.timeoutMs = Number(value()) * 1000;
    else if (arg === '--check') options.check = true;
    else throw new Error(`unknown option ${arg} (known: --tasks DIR --out DIR --seed N --sandbox auto|bubblewrap|none --timeout SECONDS --check)`);
  }
  if (!['auto', 'bubblewrap', 'none'].includes(options.sandbox)) throw new Error(`--sandbox must be auto, bubblewrap or none`);
  if (!Number.isFinite(options.seed) || !(options.timeoutMs > 0)) throw new Error('--seed and --timeout take numbers');
  return options;
}

/**
 * `npm run bench:js`: the JavaScript benchmark. Every task in `bench/js-tasks` is solved by the
 * shipped `solve()` (scripted samples, generated tests, the real sandbox, real `node --test`
 * runs, the Node probe worker, the shipped selection), its candidates scored on hidden tests,
 * and the same strategy table as the Python bench written to bench/js-report.md and
 * bench/js-results.json.
 */
export async function runJsBench(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  const tasks = loadJsTasks(options.tasksDir);
  const started = Date.now();
  const outcomes: (JsTaskOutcome & { description: string; why: string })[] = [];
  for (const task of tasks) {
    const outcome = await runTask(task, options);
    process.stderr.write(`${task.id}: ranked ${outcome.ranked.label ?? 'abstained'} (${outcome.ranked.hiddenPassed ? 'right' : 'wrong'}), without generated tests ${outcome.rankedWithoutGeneratedTests.label ?? 'abstained'} — ${outcome.seconds.toFixed(1)} s\n`);
    outcomes.push(outcome);
  }
  const problems = outcomes.flatMap(labelProblems);
  const results: JsBenchResults = {
    date: new Date().toISOString(),
    command: `npm run bench:js${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    verifier: outcomes[0] ? `${outcomes[0].description}; ${outcomes[0].why}` : '',
    wallSeconds: (Date.now() - started) / 1000,
    tasks: outcomes.map(({ description: _d, why: _w, ...o }) => o),
    labelProblems: problems,
  };
  writeFileSync(path.join(options.outDir, 'js-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const report = jsReportMarkdown(results);
  writeFileSync(path.join(options.outDir, 'js-report.md'), report);
  process.stdout.write(report);
  for (const p of problems) process.stderr.write(`task data: ${p}\n`);
  return options.check && problems.length ? 1 : 0;
}

if (require.main === module) {
  runJsBench(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench:js failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
