import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HumanEvalDataset, HumanEvalProblem } from '../../engine/humaneval/dataset';
import { hiddenTestText, SOLUTION_FILE, writeTaskWorkspace } from '../../engine/humaneval/workspace';
import { OpenAIModelClient } from '../../engine/model/openaiModelClient';
import { getProviderProfile } from '../../engine/model/providerProfiles';
import { DEFAULT_STRICT_MIN_AGREEING, type SolveOptions } from '../../engine/options';
import { codeHash, VerificationCache } from '../../engine/run/dedupe';
import type { SolveResult } from '../../engine/events';
import { applyToFile } from '../../engine/task';
import type { Verifier } from '../../engine/verify/types';
import { createVerifier } from '../../engine/verify/createVerifier';
import { resolvePython } from '../../engine/verify/warm/launch';
import { canUseWarmRunner } from '../../engine/verify/warm/warmRunnerCheck';
import { WarmVerifier } from '../../engine/verify/warm/warmVerifier';
import { isChatAnswer, REPLAY_MODEL_ID, startReplayServer } from '../replay/replayServer';
import { seededOrder } from '../replay/sampleOrder';
import { generateTests, type GeneratedTests } from '../../engine/agreement/generatedTests';
import { DEFAULT_STOP_RULE } from '../../engine/agreement/wavePolicy';
import type { ProbeCounts } from '../../engine/select/agreementKey';
import { codetPick, selectionPick } from './shippedPicks';
import { adaptiveOptions, adaptiveRun } from './liveAdaptive';
import { scoreHidden, scoreRun, solveOnce } from './scoreRun';
import { reasoningLabel } from '../reasoningLabel';
import type { TaskRun } from './strategies';

/** The strict policy's bar: the engine's default agreeing-group size. */
export const STRICT_MIN_VOTES = DEFAULT_STRICT_MIN_AGREEING;

export interface BenchRunOptions {
  problems: HumanEvalProblem[];
  dataset: HumanEvalDataset;
  ns: number[];
  seed: number;
  /** Verifier worker processes (and tests run at once). */
  workers: number;
  sandbox: 'auto' | 'bubblewrap' | 'none';
  visibleTimeoutMs: number;
  hiddenTimeoutMs: number;
  /** Compare candidates' answers on calls taken from the recorded model-written tests. */
  probes: boolean;
  /** Choices of model-written tests asked for per task. */
  testChoices: number;
  /** Extra inputs derived from the visible and generated calls. */
  derivedInputs: number;
  /** Tasks solved at once. */
  taskConcurrency: number;
  /** Completion cap per answer (candidates and generated tests), sent as `max_tokens`. */
  maxTokens: number;
  /** Stop rules (agreeing samples) to run the live adaptive run at as well, at the largest N. */
  adaptiveSweep?: number[];
  log: (line: string) => void;
  signal: AbortSignal;
}

export interface BenchRunOutput {
  runs: TaskRun[];
  wallSeconds: number;
  hiddenScored: number;
  hiddenSeconds: number;
  verifierDescription: string;
  sandbox: string;
  fallbacks: string[];
  timeouts: { visible: number; hidden: number };
  /** Distinct candidates per task at the largest N, summed. */
  distinctAtMaxN: number;
  /** Generated tests kept per task. */
  probeCounts: number[];
  /** Generated tests dropped because they contradict a visible test. */
  contradicting: number;
  /** The same samples cut by CodeT's rule instead of the engine's extraction: correct ones per task. */
  codetRule: { taskId: string; samples: number; correct: number }[];
  codetExtraRuns: number;
  /** The live adaptive run's reasoning ladder, cheapest first (`reasoningLabel`). */
  adaptiveLadder: string[];
}

/** CodeT's rule for raw completions, used by the reference figures: cut at the first of these. */
export function codetCut(sample: string): string {
  const cuts = ['\nclass', '\ndef', '\n#', '\nif', '\nprint'].map((t) => sample.indexOf(t)).filter((i) => i >= 0);
  return cuts.length ? sample.slice(0, Math.min(...cuts)) : sample;
}

/**
 * Runs the product pipeline on every task: the engine's `solve()` over HTTP (real openai SDK)
 * against the replay server, once per N, sharing one verification cache per task so each
 * distinct candidate is tested once; then scores every distinct candidate on the hidden tests.
 */
export async function runBench(options: BenchRunOptions): Promise<BenchRunOutput> {
  const started = performance.now();
  const server = await startReplayServer({ dataset: options.dataset, seed: options.seed, port: 0 });
  const profile = getProviderProfile('vllm');
  const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: REPLAY_MODEL_ID, profile, maxRetries: 2 });
  const python = await resolvePython('python3');
  const root = mkdtempSync(path.join(tmpdir(), 'best-of-n-bench-'));
  // The engine's own test generation (CodeT prompt through the model client), once per task.
  const generated = new Map<string, GeneratedTests>();
  const root0 = mkdtempSync(path.join(tmpdir(), 'best-of-n-bench-gen-'));
  if (options.probes) {
    for (const problem of options.problems) {
      const task = await writeTaskWorkspace(problem, path.join(root0, problem.taskId.replace('/', '-')));
      generated.set(problem.taskId, await generateTests(task, { model, python: python.executable, count: options.testChoices, cap: 50, mutate: options.derivedInputs, maxTokens: options.maxTokens }, options.signal));
    }
    server.reset();
  }
  rmSync(root0, { recursive: true, force: true });
  const probes = new Map([...generated].map(([id, g]) => [id, g.probes]));
  const probesByRoot = new Map<string, readonly string[]>();
  const warm = new WarmVerifier({
    sandbox: options.sandbox,
    timeoutMs: options.visibleTimeoutMs,
    workers: options.workers,
    probes: (job) => probesByRoot.get(job.task.workspaceRoot),
  });
  const hidden = new WarmVerifier({ sandbox: options.sandbox, timeoutMs: options.hiddenTimeoutMs, workers: options.workers });
  const general = createVerifier({ sandbox: options.sandbox, timeoutMs: Math.max(options.visibleTimeoutMs, 30000) });
  const runs: TaskRun[] = [];
  const fallbacks: string[] = [];
  const timeouts = { visible: 0, hidden: 0 };
  let hiddenScored = 0;
  let hiddenMs = 0;
  let distinctAtMaxN = 0;
  const codetRule: BenchRunOutput['codetRule'] = [];
  let codetExtraRuns = 0;
  let adaptiveLadder: string[] = [];
  let done = 0;
  const runTask = async (problem: HumanEvalProblem): Promise<void> => {
    if (options.signal.aborted) throw new Error('cancelled');
    const task = await writeTaskWorkspace(problem, path.join(root, problem.taskId.replace('/', '-')));
    probesByRoot.set(task.workspaceRoot, probes.get(problem.taskId) ?? []);
    const verdict = await canUseWarmRunner(task);
    let verifier: Verifier = warm;
    if (!verdict.ok) {
      verifier = general;
      fallbacks.push(`${problem.taskId}: ${verdict.reason}`);
    }
    const cache = new VerificationCache();
    const results = new Map<number, SolveResult>();
    const g = generated.get(problem.taskId);
    // The same generated tests the verifier probes with, so `ranked` is the engine's dual-agreement default.
    const agreementProbes = g && g.tests.length ? { calls: g.calls.length, checks: g.tests.length } : undefined;
    const fixedOptions = (n: number): SolveOptions => ({ ...solveOptions(model, verifier, cache, n, options.workers, options.maxTokens), agreementProbes });
    for (const n of options.ns) {
      // Each N starts from the task's first sample, so N = k sees exactly the first k.
      server.reset(problem.taskId);
      results.set(n, await solveOnce(task, fixedOptions(n), options.signal));
    }
    // The adaptive row: the engine sampling in waves up to the largest N, from the first sample again.
    const maxN = Math.max(...options.ns);
    server.reset(problem.taskId);
    const liveOptions = adaptiveOptions(fixedOptions(maxN), maxN, profile);
    adaptiveLadder = (liveOptions.reasoningLadder ?? []).map(reasoningLabel);
    const live = await solveOnce(task, liveOptions, options.signal);
    const sweep: { agreeing: number; result: SolveResult }[] = [];
    // The shipped rule's run is `live` itself; the sweep adds the others.
    for (const agreeing of (options.adaptiveSweep ?? []).filter((k) => k !== DEFAULT_STOP_RULE.agreeing)) {
      server.reset(problem.taskId);
      sweep.push({ agreeing, result: await solveOnce(task, adaptiveOptions(fixedOptions(maxN), maxN, profile, agreeing), options.signal) });
    }
    // Hidden scoring of every distinct candidate this task produced, at any N or in a live run.
    const hiddenStarted = performance.now();
    const scored = await scoreHidden([...results.values(), live, ...sweep.map((s) => s.result)], task, problem, hidden, options.signal);
    const hiddenPass = scored.passed;
    const scoredCount = hiddenPass.size;
    timeouts.hidden += scored.timeouts;
    // Cross-check against the reference runner: the same samples under CodeT's cut. A cut
    // whose normalised code equals a candidate the engine extracted reuses its hidden verdict.
    // CodeT's cut is a rule for raw completions; a whole chat answer has no place in it.
    const served = seededOrder(options.seed, problem.taskId, problem.samples.length)
      .slice(0, maxN)
      .filter((index) => !isChatAnswer(problem.samples[index]));
    const cutHashes = served.map((index) => {
      const body = codetCut(problem.samples[index]);
      return { body, hash: codeHash(body, 'python') };
    });
    const missing = new Map(cutHashes.filter((c) => !hiddenPass.has(c.hash)).map((c) => [c.hash, c.body]));
    codetExtraRuns += missing.size;
    await Promise.all(
      [...missing].map(async ([hash, body]) => {
        const files = { [SOLUTION_FILE]: applyToFile(task, body.endsWith('\n') ? body : `${body}\n`), 'test_hidden.py': hiddenTestText(problem) };
        hiddenPass.set(hash, (await hidden.runFiles({ files, testFiles: ['test_hidden.py'] }, options.signal)).status === 'passed');
      }),
    );
    const correct = cutHashes.filter((c) => hiddenPass.get(c.hash) === true).length;
    if (served.length > 0) codetRule.push({ taskId: problem.taskId, samples: served.length, correct });
    hiddenMs += performance.now() - hiddenStarted;
    hiddenScored += scoredCount;
    const shape: ProbeCounts = { calls: g?.calls.length ?? 0, checks: g?.tests.length ?? 0 };
    const adaptive = adaptiveRun(problem.taskId, live, hiddenPass);
    const adaptiveSweep = sweep.map((s) => ({ agreeing: s.agreeing, run: adaptiveRun(problem.taskId, s.result, hiddenPass) }));
    for (const [n, result] of results) {
      const run = withPicks(scoreRun(problem.taskId, n, result, hiddenPass), shape);
      runs.push(n === maxN ? { ...run, adaptive, ...(adaptiveSweep.length ? { adaptiveSweep } : {}) } : run);
    }
    const maxRun = results.get(maxN);
    distinctAtMaxN += new Set(maxRun?.candidates.map((c) => c.codeHash).filter(Boolean)).size;
    timeouts.visible += countTimeouts(maxRun);
    done++;
    if (done % 10 === 0 || done === options.problems.length) {
      options.log(`  ${done}/${options.problems.length} tasks, ${Math.round((performance.now() - started) / 1000)} s`);
    }
  };
  try {
    // Two tasks in flight: one task's sampling and extraction (Node) overlaps the other's tests (Python).
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.taskConcurrency, options.problems.length) }, async () => {
        while (next < options.problems.length) await runTask(options.problems[next++]);
      }),
    );
  } finally {
    await Promise.all([warm.dispose(), hidden.dispose(), general.dispose(), server.close()]);
    rmSync(root, { recursive: true, force: true });
  }
  return {
    runs,
    wallSeconds: (performance.now() - started) / 1000,
    hiddenScored,
    hiddenSeconds: hiddenMs / 1000,
    verifierDescription: warm.description,
    sandbox: warm.sandbox ?? 'none',
    fallbacks,
    timeouts,
    distinctAtMaxN,
    probeCounts: [...generated.values()].map((g) => g.tests.length),
    contradicting: [...generated.values()].reduce((t, g) => t + g.contradicting, 0),
    codetRule,
    codetExtraRuns,
    adaptiveLadder,
  };
}

/** The agreement strategies' picks on a scored run, by the shipped selection (each sees only the run's own samples). */
export function withPicks(run: TaskRun, shape: ProbeCounts): TaskRun {
  const n = run.samples.length;
  return {
    ...run,
    shape,
    picks: {
      codet: codetPick(run.samples, n, shape),
      'visible-agreement': selectionPick(run.samples, n, shape, 'abstain'),
      strict: selectionPick(run.samples, n, shape, 'strict', STRICT_MIN_VOTES),
    },
  };
}

function countTimeouts(result: SolveResult | undefined): number {
  return result?.candidates.filter((c) => c.duplicateOf === undefined && c.verification?.status === 'timeout').length ?? 0;
}

/** The engine's defaults, with N fixed (no early stop) so every N is measured as asked. */
function solveOptions(model: OpenAIModelClient, verifier: Verifier, cache: VerificationCache, n: number, workers: number, maxTokens: number): SolveOptions {
  return {
    model,
    verifier,
    sampling: { n, concurrency: 4, temperature: 0.8, topP: 0.95, maxTokens, requestTimeoutMs: 60000 },
    reasoning: {},
    budgets: {},
    earlyStopAgreeing: 0,
    abstainPolicy: 'abstain',
    verifyConcurrency: workers,
    promptTokenBudget: 8000,
    cheatsheetTokenBudget: 0,
    verificationCache: cache,
  };
}
