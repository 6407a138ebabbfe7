import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SolveResult } from '../../engine/events';
import type { HumanEvalDataset } from '../../engine/humaneval/dataset';
import type { BenchRunOptions } from './benchRun';
import { writeTaskWorkspace } from '../../engine/humaneval/workspace';
import { OpenAIModelClient } from '../../engine/model/openaiModelClient';
import { getProviderProfile } from '../../engine/model/providerProfiles';
import type { PoolMember, SolveOptions } from '../../engine/options';
import { VerificationCache } from '../../engine/run/dedupe';
import { createVerifier } from '../../engine/verify/createVerifier';
import type { Verifier } from '../../engine/verify/types';
import { canUseWarmRunner } from '../../engine/verify/warm/warmRunnerCheck';
import { WarmVerifier } from '../../engine/verify/warm/warmVerifier';
import { REPLAY_MODEL_ID, startReplayServer, type ReplayServer } from '../replay/replayServer';
import { scoreHidden, solveOnce } from './scoreRun';
import type { PoolSetSpec } from './poolSpec';

/** One configuration of a pooled bench: every set pooled by share, or one set alone. */
export interface PoolConfig {
  name: string;
  /** Indices into the specs, with their shares. */
  members: { set: number; share: number }[];
}

/** What one configuration did on one task at one N. */
export interface PoolTaskOutcome {
  config: string;
  n: number;
  taskId: string;
  /** The engine picked and the pick passes the hidden tests. */
  correct: boolean;
  abstained: boolean;
  /** Some drawn sample passes the hidden tests (the oracle). */
  oracle: boolean;
  samples: number;
  /** Which set the pick came from (pooled runs). */
  pickedFrom?: string;
  /** Per set of a pooled run: samples drawn and distinct candidates passing the visible tests. */
  perSet?: { set: string; samples: number; passing: number }[];
}

export interface PoolBenchOptions extends Pick<BenchRunOptions, 'problems' | 'ns' | 'seed' | 'workers' | 'sandbox' | 'visibleTimeoutMs' | 'hiddenTimeoutMs' | 'maxTokens' | 'log' | 'signal'> {
  specs: PoolSetSpec[];
  /** One dataset per spec, already sliced. */
  datasets: HumanEvalDataset[];
}

/** Every set pooled by its share, then each set alone: all at the same N. */
export function poolConfigs(specs: readonly PoolSetSpec[]): PoolConfig[] {
  return [{ name: 'pooled', members: specs.map((s, set) => ({ set, share: s.share })) }, ...specs.map((s, set) => ({ name: `${s.label} alone`, members: [{ set, share: 1 }] }))];
}

/**
 * The pooled bench: one replay server per recorded set, and per task and N the engine's
 * `solve()` drawing from the pool (each set by its share, in the same request stream) and
 * from each set alone. Candidates are verified on the visible tests as in the product and
 * every distinct one is scored on the hidden tests. No generated tests: the pick is the
 * engine's ranking over the user's (visible) tests and agreement between candidates.
 */
export async function runPoolBench(options: PoolBenchOptions): Promise<PoolTaskOutcome[]> {
  const servers = await Promise.all(options.datasets.map((dataset) => startReplayServer({ dataset, seed: options.seed, port: 0 })));
  const profile = getProviderProfile('vllm');
  const clients = servers.map((server) => new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: REPLAY_MODEL_ID, profile, maxRetries: 2 }));
  const warm = new WarmVerifier({ sandbox: options.sandbox, timeoutMs: options.visibleTimeoutMs, workers: options.workers });
  const hidden = new WarmVerifier({ sandbox: options.sandbox, timeoutMs: options.hiddenTimeoutMs, workers: options.workers });
  const general = createVerifier({ sandbox: options.sandbox, timeoutMs: Math.max(options.visibleTimeoutMs, 30000) });
  const root = mkdtempSync(path.join(tmpdir(), 'best-of-n-pool-bench-'));
  const outcomes: PoolTaskOutcome[] = [];
  const configs = poolConfigs(options.specs);
  try {
    for (const [i, problem] of options.problems.entries()) {
      if (options.signal.aborted) throw new Error('cancelled');
      const task = await writeTaskWorkspace(problem, path.join(root, problem.taskId.replace('/', '-')));
      const verifier: Verifier = (await canUseWarmRunner(task)).ok ? warm : general;
      const cache = new VerificationCache();
      const results: { config: PoolConfig; n: number; result: SolveResult }[] = [];
      for (const n of options.ns) {
        for (const config of configs) {
          // Every run starts each set from the task's first sample: pooled and alone see the same prefixes.
          servers.forEach((s) => s.reset(problem.taskId));
          const pool: PoolMember[] = config.members.map((m) => ({ model: clients[m.set] as OpenAIModelClient, label: options.specs[m.set]?.label, share: m.share, reasoning: {} }));
          const result = await solveOnce(task, runOptions(pool, verifier, cache, n, options), options.signal);
          results.push({ config, n, result });
        }
      }
      const { passed: hiddenPass } = await scoreHidden(results.map((r) => r.result), task, problem, hidden, options.signal);
      for (const { config, n, result } of results) outcomes.push(outcomeOf(config, n, problem.taskId, result, hiddenPass));
      if ((i + 1) % 10 === 0 || i + 1 === options.problems.length) options.log(`  ${i + 1}/${options.problems.length} tasks`);
    }
  } finally {
    await Promise.all([warm.dispose(), hidden.dispose(), general.dispose(), ...servers.map((s: ReplayServer) => s.close())]);
    rmSync(root, { recursive: true, force: true });
  }
  return outcomes;
}

/** The engine's defaults with N fixed (no early stop), drawing from `pool`. */
function runOptions(pool: PoolMember[], verifier: Verifier, cache: VerificationCache, n: number, options: PoolBenchOptions): SolveOptions {
  return {
    model: (pool[0] as PoolMember).model,
    ...(pool.length > 1 ? { pool } : {}),
    verifier,
    sampling: { n, concurrency: 4, temperature: 0.8, topP: 0.95, maxTokens: options.maxTokens, requestTimeoutMs: 60000 },
    reasoning: {},
    budgets: {},
    earlyStopAgreeing: 0,
    abstainPolicy: 'abstain',
    verifyConcurrency: options.workers,
    promptTokenBudget: 8000,
    cheatsheetTokenBudget: 0,
    verificationCache: cache,
  };
}

function outcomeOf(config: PoolConfig, n: number, taskId: string, result: SolveResult, hiddenPass: Map<string, boolean>): PoolTaskOutcome {
  const pick = result.candidates.find((c) => c.id === result.choice?.candidateId);
  const passesHidden = (hash: string | undefined): boolean => hash !== undefined && hiddenPass.get(hash) === true;
  return {
    config: config.name,
    n,
    taskId,
    correct: pick !== undefined && passesHidden(pick.codeHash),
    abstained: pick === undefined,
    oracle: result.candidates.some((c) => passesHidden(c.codeHash)),
    samples: result.totals.samples,
    ...(pick?.model && result.models ? { pickedFrom: pick.model } : {}),
    ...(result.models ? { perSet: result.models.map((m) => ({ set: m.model, samples: m.samples, passing: m.passing })) } : {}),
  };
}
