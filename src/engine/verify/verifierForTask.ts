import type { Task } from '../task';
import { createVerifier } from './createVerifier';
import { CandidateProber } from './probes/candidateProber';
import { NodeCandidateProber } from './probes/nodeCandidateProber';
import { ProbeFallbackVerifier } from './probes/probeFallbackVerifier';
import type { SandboxLimits } from './sandbox/limits';
import type { Verifier } from './types';
import { WarmVerifier } from './warm/warmVerifier';
import { canUseWarmRunner } from './warm/warmRunnerCheck';

/** Most time one candidate's probes may take on the general path; each probe is also capped in CPU time. */
const PROBE_TIMEOUT_MS = 20000;

/** What both front ends ask for: the sandbox setting and the limit per test run. */
export interface VerifierChoiceOptions {
  sandbox: 'auto' | 'bubblewrap' | 'none';
  timeoutMs: number;
  /** Test runs at once; the warm runner starts this many workers (default: its own). */
  concurrency?: number;
  /** Per-candidate memory, process, /tmp and disk limits (defaults: a laptop's). */
  limits?: Partial<SandboxLimits>;
  /** Secret-shaped files the tests need in the workspace copy (left out otherwise). */
  includeSecretFiles?: readonly string[];
  /** Receives one line per run or fallback; never secrets. */
  logger?: (line: string) => void;
  /** Whether the run asks for generated tests; without them no probe worker is started (default true). */
  generatedTests?: boolean;
}

/** The verifier picked for a task, and why, for the run's log and output. */
export interface VerifierChoice {
  verifier: Verifier;
  /** `warm`: the fast Python runner stands in for the test command; `general`: the command itself runs per candidate. */
  kind: 'warm' | 'general';
  /** One sentence: why this one. */
  why: string;
  /** Where generated-test probes would run, when a probe worker stands by; whether any ran is the run's to say (`SolveResult.agreementProbes`). */
  probes?: string;
}

/**
 * Picks the verifier for `task`: the warm Python runner when {@link canUseWarmRunner} says
 * it can stand in for the test command (plain-assert pytest at the workspace root), else
 * the general verifier that runs the command on a copy of the workspace — for Python, JavaScript
 * and TypeScript with a probe worker alongside, so generated tests still rank candidates. All honour the sandbox
 * setting. The caller owns the verifier and disposes it after the run (which stops any worker).
 */
export async function verifierForTask(task: Task, options: VerifierChoiceOptions): Promise<VerifierChoice> {
  const verdict = await canUseWarmRunner(task);
  if (verdict.ok) {
    const verifier = new WarmVerifier({
      sandbox: options.sandbox,
      timeoutMs: options.timeoutMs,
      workspaceRoot: task.workspaceRoot,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.concurrency !== undefined ? { workers: options.concurrency } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return { verifier, kind: 'warm', why: `plain-assert pytest tests (${verdict.testFiles.join(', ')}) run in warm Python workers` };
  }
  const general = createVerifier({
    sandbox: options.sandbox,
    timeoutMs: options.timeoutMs,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.includeSecretFiles ? { includeSecretFiles: options.includeSecretFiles } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const why = `the test command runs on a copy of the workspace per candidate (no warm runner: ${verdict.reason})`;
  const script = task.language === 'javascript' || task.language === 'typescript';
  if ((task.language !== 'python' && !script) || options.generatedTests === false) return { verifier: general, kind: 'general', why };
  // The test command cannot answer generated-test probes; a warm worker does, for passing candidates.
  const prober = new (script ? NodeCandidateProber : CandidateProber)({
    sandbox: options.sandbox,
    timeoutMs: Math.min(options.timeoutMs, PROBE_TIMEOUT_MS),
    workers: Math.min(2, options.concurrency ?? 1),
    ...(options.limits ? { sandboxLimits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    verifier: new ProbeFallbackVerifier(general, prober, options.logger),
    kind: 'general',
    why,
    probes: `generated-test probes of passing candidates run in a warm ${script ? 'Node' : 'Python'} worker under the same sandbox setting`,
  };
}
