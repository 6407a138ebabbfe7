import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import * as path from 'node:path';
import { defaultHumanEvalDir, loadHumanEval, taskNumber } from '../engine/humaneval/dataset';
import { resolvePython } from '../engine/verify/warm/launch';
import { runBench } from './bench/benchRun';
import { adaptiveSummary, type BenchResults, reportMarkdown, scalingSvg } from './bench/report';
import { passAtK, rowsFor, type ResultRow } from './bench/strategies';
import { adaptiveFloorNote, adaptiveSweepNote, strictSweep } from './bench/sweeps';
import { STRICT_MIN_VOTES } from './bench/benchRun';
import { DEFAULT_STOP_RULE, WAVE_SIZES } from '../engine/agreement/wavePolicy';
import { DEFAULT_DERIVED_INPUTS } from '../engine/agreement/generatedTests';
import { sanityProblems } from './bench/sanity';
import { measureVerifierFloor } from './bench/verifierFloor';
import { ensureLanguageLayer } from '../engine/language/registry';
import { runPoolBenchCommand } from './bench/poolCommand';
import { selectTasks } from './bench/taskSelection';

export const BENCH_HELP = `best-of-n bench — the product's own pipeline on HumanEval with real CodeGen-16B samples.

Starts the replay server (recorded samples only), then for every task and every N runs
solve() over HTTP with the real openai SDK, verifies candidates on the task's visible tests
(docstring examples) in the sandbox, and scores every candidate on the hidden HumanEval tests.
Prints and writes one table: random, visible-filter, ranked (the engine's default), codet,
visible-agreement, strict and oracle at every N, and adaptive at the largest N: a live run per
task of the engine sampling in waves up to that N, stopping once enough samples agree.

Usage: best-of-n bench [--limit K | --tasks LIST] [--n 1,5,10,25,50,100] [--out DIR] ...

  --limit K           the first K tasks (default: all 164)
  --tasks LIST        task numbers or ids, e.g. 0,3,10-19 or HumanEval/7
  --n LIST            sample counts (default 1,5,10,25,50,100)
  --out DIR           where results.json, report.md and scaling.svg go (default bench/)
  --seed S            replay order seed (default 1)
  --workers W         verifier worker processes (default: number of cores)
  --sandbox MODE      auto | bubblewrap | none (default auto)
  --timeout S         per-candidate limit on the visible tests (default 1)
  --hidden-timeout S  per-candidate limit on the hidden tests (default 3)
  --dump-runs FILE    write every scored run (samples, probe answers, picks) as JSON
  --no-probes         do not compare behaviour on calls from the recorded model-written tests
  --test-choices K    choices of model-written tests asked for per task (default 100)
  --derived-inputs K  extra inputs derived from the visible and generated calls (default 30)
  --adaptive-sweep K  also run the live adaptive run stopping at each of these agreeing counts,
                      e.g. 1,2,3,4,6 (one more solve() per task and count, at the largest N)
  --verifier-floor    also measure per-candidate verifier cost against the floor (on by default
                      for a full run; --no-floor turns it off)
  --max-tokens N      completion cap per answer (default 300, enough for CodeGen's raw bodies;
                      chat models' whole fenced answers need 1000 or more, see bench/README.md)
  --data DIR          HumanEval data folder (default ../shared/data/humaneval); samples may be
                      raw completions or whole fenced chat answers (bench/README.md)
  --pool SETS         pooled bench instead: recorded sets pooled by share against each set alone
                      at the same N, e.g. --pool DIR_A:4,DIR_B:4 or, for two disjoint slices of one
                      recording, DIR#0-50:4,DIR#50-100:4 (N defaults to the sum of the shares;
                      writes pool-report.md and pool-results.json to --out)
  --check             exit 1 if the results are not sane (shares in 0..1, nothing beats the
                      oracle, the oracle grows with N, every row counted); for CI smoke runs`;

const DEFAULT_NS = [1, 5, 10, 25, 50, 100];
/** CodeGen's recorded bodies fit well within it; the published figures were measured with it. */
const DEFAULT_MAX_TOKENS = 300;

export interface BenchArgs {
  limit?: number;
  tasks?: string;
  ns: number[];
  out: string;
  seed: number;
  workers: number;
  sandbox: 'auto' | 'bubblewrap' | 'none';
  timeoutS: number;
  hiddenTimeoutS: number;
  probes: boolean;
  testChoices: number;
  derivedInputs: number;
  /** Stop rules to sweep the live adaptive run over. */
  adaptiveSweep?: number[];
  /** Write every scored run (samples, probe answers, picks) here as JSON, for analysis. */
  dumpRuns?: string;
  floor?: boolean;
  data?: string;
  /** Completion cap per answer, sent as `max_tokens`. */
  maxTokens: number;
  check: boolean;
  /** `--pool` sets: run the pooled bench instead. */
  pool?: string;
  /** `--n` was given (the pooled bench otherwise uses the sum of the shares). */
  nGiven?: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { ns: DEFAULT_NS, out: 'bench', seed: 1, workers: cpus().length, sandbox: 'auto', timeoutS: 1, hiddenTimeoutS: 3, probes: true, testChoices: 100, derivedInputs: DEFAULT_DERIVED_INPUTS, maxTokens: DEFAULT_MAX_TOKENS, check: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const positive = (text: string, flag: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--limit': args.limit = Math.floor(positive(value(i++, flag), flag)); break;
      case '--tasks': args.tasks = value(i++, flag); break;
      case '--n':
        args.ns = [...new Set(value(i++, flag).split(',').map((s) => Math.floor(positive(s.trim(), flag))))].sort((a, b) => a - b);
        if (args.ns.some((n) => n > 100)) throw new Error('--n values must be at most 100 (100 samples are recorded per task)');
        args.nGiven = true;
        break;
      case '--pool': args.pool = value(i++, flag); break;
      case '--out': args.out = value(i++, flag); break;
      case '--seed': args.seed = Math.floor(positive(value(i++, flag), flag)); break;
      case '--workers': args.workers = Math.floor(positive(value(i++, flag), flag)); break;
      case '--sandbox': {
        const mode = value(i++, flag);
        if (mode !== 'auto' && mode !== 'bubblewrap' && mode !== 'none') throw new Error(`--sandbox must be auto, bubblewrap or none, got "${mode}"`);
        args.sandbox = mode;
        break;
      }
      case '--timeout': args.timeoutS = positive(value(i++, flag), flag); break;
      case '--hidden-timeout': args.hiddenTimeoutS = positive(value(i++, flag), flag); break;
      case '--dump-runs': args.dumpRuns = value(i++, flag); break;
      case '--adaptive-sweep':
        args.adaptiveSweep = [...new Set(value(i++, flag).split(',').map((s) => Math.floor(positive(s.trim(), flag))))].sort((a, b) => a - b);
        break;
      case '--no-probes': args.probes = false; break;
      case '--test-choices': args.testChoices = Math.floor(positive(value(i++, flag), flag)); break;
      case '--derived-inputs': {
        const k = Number(value(i++, flag));
        if (!Number.isInteger(k) || k < 0) throw new Error(`--derived-inputs must be a whole number, 0 or more`);
        args.derivedInputs = k;
        break;
      }
      case '--verifier-floor': args.floor = true; break;
      case '--no-floor': args.floor = false; break;
      case '--data': args.data = value(i++, flag); break;
      case '--max-tokens': {
        const k = Number(value(i++, flag));
        if (!Number.isInteger(k) || k < 1) throw new Error(`--max-tokens must be a whole number of at least 1, got "${argv[i]}"`);
        args.maxTokens = k;
        break;
      }
      case '--check': args.check = true; break;
      default: throw new Error(`unknown option "${flag}" (see best-of-n bench --help)`);
    }
  }
  return args;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);

function printTable(rows: ResultRow[]): void {
  const live = rows.find((r) => r.strategy === 'adaptive');
  process.stdout.write('strategy        N   accuracy  abstain  false-pos  samples   tokens  verify-s  cand/s\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.strategy.padEnd(15)}${String(r.n).padStart(4)}   ${pct(r.accuracy)}   ${pct(r.abstainRate)}   ${pct(r.falsePositiveRate)}  ${String(r.samplesUsed).padStart(7)} ${String(r.tokens).padStart(8)}  ${r.verifyWallSeconds.toFixed(1).padStart(8)}  ${r.candidatesPerSecond.toFixed(1).padStart(6)}\n`,
    );
  }
  if (live) process.stdout.write(`${adaptiveSummary(live)}\n`);
}

/** `best-of-n bench`: returns 0 when the report was written. */
export async function runBenchCommand(argv: string[]): Promise<number> {
  await ensureLanguageLayer();
  const args = parseArgs(argv);
  if (args.pool !== undefined) return runPoolBenchCommand({ ...args, pool: args.pool, ns: args.nGiven ? args.ns : undefined }, argv);
  const started = performance.now();
  const dataset = await loadHumanEval(args.data ?? defaultHumanEvalDir());
  const problems = selectTasks(dataset.problems, args.tasks, args.limit);
  const full = problems.length === dataset.problems.length;
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  try {
    log(`bench: ${problems.length} tasks, N = ${args.ns.join(', ')}, ${args.workers} workers, sandbox ${args.sandbox}`);
    const floor = (args.floor ?? full) ? await measureVerifierFloor(dataset, { tasks: 20, perTask: 10, workers: args.workers, log }) : undefined;
    const out = await runBench({
      problems,
      dataset,
      ns: args.ns,
      seed: args.seed,
      workers: args.workers,
      sandbox: args.sandbox,
      visibleTimeoutMs: args.timeoutS * 1000,
      hiddenTimeoutMs: args.hiddenTimeoutS * 1000,
      probes: args.probes,
      testChoices: args.testChoices,
      derivedInputs: args.derivedInputs,
      taskConcurrency: 2,
      maxTokens: args.maxTokens,
      adaptiveSweep: args.adaptiveSweep,
      log,
      signal: controller.signal,
    });
    const rows = args.ns.flatMap((n) => rowsFor(out.runs, n, args.workers));
    const maxN = Math.max(...args.ns);
    const atMax = out.runs.filter((r) => r.n === maxN);
    const passAt1 = atMax.reduce((s, r) => s + passAtK(r.samples.length, r.samples.filter((x) => x.hiddenPassed).length, 1), 0) / Math.max(1, atMax.length);
    const codet = {
      passAt1: out.codetRule.reduce((t, r) => t + passAtK(r.samples, r.correct, 1), 0) / Math.max(1, out.codetRule.length),
      oracle: out.codetRule.filter((r) => r.correct > 0).length / Math.max(1, out.codetRule.length),
      extraRuns: out.codetExtraRuns,
      n: maxN,
    };
    const python = await resolvePython('python3');
    const cpuList = cpus();
    const notes = [
      `Candidates come from the engine's own extraction of each recorded completion (its rule: keep the function body and the helper defs/imports it uses; cut usage examples, prints, asserts and \`if __name__\` blocks), not CodeT's cut at the first \\nclass/\\ndef/\\n#/\\nif/\\nprint.`,
      `Generated tests: the engine asks the model for test cases with CodeT's prompt (${args.testChoices} choices; the replay server answers with the recorded CodeGen-16B tests), parses the asserts about the entry point, drops those that contradict a visible test (${out.contradicting} dropped in all) and keeps up to 50 distinct ones (median ${medianOf(out.probeCounts)} per task). Up to ${args.derivedInputs} more inputs are derived by nudging one argument of the visible tests' calls, then of the generated ones (outputs only; they are what agreement has when the model wrote no usable test). Every distinct candidate is run on the calls (outputs) and checks (pass/fail) in the sandbox.`,
      `ranked = the engine's shipped default, solve() itself: rank by visible tests passed (hard filter), then dual agreement on the generated tests (group samples × (1 + generated tests passed)), then clean before risky (risk signs), the group's size, and inside a group the medoid (the sample most like the others) that keeps the file's signature and docstring; never the fewer tokens; abstain when nothing passes the visible tests. Every solve() first runs the baseline and witness (two warm runs).`,
      `codet, visible-agreement and strict go through the shipped selection (src/engine/select) on each run's samples. codet = CodeT's dual agreement without the visible tests (rankByGeneratedTests): candidates grouped by the set of generated tests they pass, score = group samples × tests passed. visible-agreement = rankCandidates + choose, as solve() picks but without the reviewer's context (risk signs read from the code, the file's signature and docstring): the visible tests as a hard filter, then groups of identical outputs on the generated inputs, score = group samples × (1 + generated tests passed). strict = the same under the strict abstain policy, abstaining unless the pick's group has ≥ ${STRICT_MIN_VOTES} samples.`,
      `adaptive = the engine itself sampling in waves, a live run with its own row at N = ${maxN} only: per task, after the fixed-N runs, one more solve() from the task's first sample, in the engine's growing waves (${WAVE_SIZES.join(', ')} samples) up to N = ${maxN}, stopping once ${DEFAULT_STOP_RULE.agreeing} samples that pass the visible tests agree (the wave policy's default, checked after each whole wave), climbing the reasoning ladder (${out.adaptiveLadder.join(' → ')}) after every wave in which no sample passed the visible tests. Its pick is the engine's own choice (same generated tests, same verification cache); its samples, tokens and waves are what that run drew (answers that came back; small waves mean more requests, each paying for the prompt, so its tokens per sample exceed the fixed-N runs'). The replay server answers every reasoning setting with the same recorded samples in the same order, so escalation is recorded (the settings tally) but cannot change what is drawn.`,
      strictSweep(atMax),
      ...adaptiveSweepNote(atMax),
      adaptiveFloorNote(atMax),
      'Early stop is off in the fixed-N runs so that every N draws exactly N samples; request i of a task gets sample i of a seeded shuffle (seed ' + args.seed + '), so N = k uses the first k samples.',
      'verify s = verification time of the distinct candidates of that N, as if run alone, divided by the workers (cached results count their original run); random runs no tests. cand./s = distinct candidates / verify s.',
      ...(out.fallbacks.length ? [`General verifier used for: ${out.fallbacks.join('; ')}`] : []),
    ];
    const results: BenchResults = {
      defaultStrategy: 'ranked',
      machine: {
        cpus: cpuList.length,
        cpuModel: cpuList[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 2 ** 30),
        os: `${type()} ${release()}`,
        node: process.versions.node,
        python: python.executable,
      },
      date: new Date().toISOString(),
      command: `node dist/cli.js bench${argv.length ? ` ${argv.join(' ')}` : ''}`,
      rows,
      passAt1,
      codetRuleCrossCheck: codet,
      wallSeconds: (performance.now() - started) / 1000,
      notes,
      verifier: { description: out.verifierDescription, sandbox: out.sandbox, workers: args.workers },
      verifierFloor: floor,
      costBreakdown: {
        candidatesVerified: out.distinctAtMaxN,
        hiddenScored: out.hiddenScored,
        hiddenSeconds: out.hiddenSeconds,
        timeoutsVisible: out.timeouts.visible,
        timeoutsHidden: out.timeouts.hidden,
      },
    };
    if (args.dumpRuns) writeFileSync(args.dumpRuns, JSON.stringify(out.runs));
    mkdirSync(args.out, { recursive: true });
    writeFileSync(path.join(args.out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(path.join(args.out, 'report.md'), reportMarkdown(results));
    writeFileSync(path.join(args.out, 'scaling.svg'), scalingSvg(rows));
    // Per task at the largest N, to trace any row back to the tasks behind it.
    const perTask = atMax.map((r) => ({
      taskId: r.taskId,
      samples: r.samples.length,
      rejected: r.samples.filter((x) => x.hash === null).length,
      visiblePassing: r.samples.filter((x) => x.visiblePassed).length,
      hiddenPassing: r.samples.filter((x) => x.hiddenPassed).length,
      bothPassing: r.samples.filter((x) => x.visiblePassed && x.hiddenPassed).length,
      ranked: r.ranked ? (r.ranked.hiddenPassed ? 'correct' : 'wrong') : 'abstain',
      ...(r.adaptive
        ? {
            adaptive: r.adaptive.pick ? (r.adaptive.pick.hiddenPassed ? 'correct' : 'wrong') : 'abstain',
            adaptiveSamples: r.adaptive.samples,
            adaptiveWaves: r.adaptive.waves,
            adaptiveReasoning: r.adaptive.reasoning,
          }
        : {}),
    }));
    writeFileSync(path.join(args.out, 'tasks.json'), JSON.stringify(perTask.sort((a, b) => taskNumber(a.taskId) - taskNumber(b.taskId)), null, 1) + '\n');
    printTable(rows);
    process.stdout.write(`cross-check with CodeT's cut rule at N = ${maxN}: pass@1 ${pct(codet.passAt1).trim()}, oracle ${pct(codet.oracle).trim()}\n`);
    process.stdout.write(`pass@1 from the data: ${pct(passAt1).trim()}; wall time ${results.wallSeconds.toFixed(0)} s; wrote ${path.join(args.out, 'report.md')}\n`);
    if (args.check) {
      const insane = sanityProblems(rows, args.ns, problems.length);
      if (insane.length) {
        process.stderr.write(`bench --check: the results are not sane:\n${insane.map((p) => `  - ${p}`).join('\n')}\n`);
        return 1;
      }
      process.stdout.write('bench --check: results are sane.\n');
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function medianOf(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}
