import { generateTests, probesLanguage } from './agreement/generatedTests';
import { ProbingVerifier } from './agreement/probingVerifier';
import type { SolveEvent } from './events';
import { ensureLanguageLayer } from './language/registry';
import type { SolveOptions } from './options';
import { AsyncQueue } from './run/asyncQueue';
import { optionsProblem } from './run/budget';
import { poolProblem } from './run/modelPool';
import { SolveRun } from './run/solveRun';
import type { Task } from './task';

/**
 * The engine's entry point: samples up to `options.sampling.n` candidates for
 * `task`, verifies each distinct one as soon as it arrives, ranks them and
 * ends with `run/finished` (the pick or an abstention) — or `run/error` when
 * the model cannot be used at all (bad key, unknown model, server down) or the tests do
 * not reach the target (`tests-do-not-reach`, after `run/baseline` and before any sample).
 *
 * Aborting `signal` (or leaving the loop early) stops requests and test runs;
 * the iterator ends only after they have been torn down.
 */
export function solve(task: Task, options: SolveOptions, signal: AbortSignal): AsyncIterable<SolveEvent> {
  return { [Symbol.asyncIterator]: () => events(task, options, signal) };
}

async function* events(task: Task, options: SolveOptions, signal: AbortSignal): AsyncGenerator<SolveEvent> {
  const problem = optionsProblem(options) ?? poolProblem(options.pool);
  if (problem) {
    yield { type: 'run/error', runId: '', message: problem, kind: 'invalid-options' };
    return;
  }
  try {
    await ensureLanguageLayer();
  } catch (error) {
    yield { type: 'run/error', runId: '', message: error instanceof Error ? error.message : String(error), kind: 'language-layer' };
    return;
  }
  const queue = new AsyncQueue<SolveEvent>();
  // A consumer that stops reading cancels the run through this controller.
  const inner = new AbortController();
  const forward = (): void => inner.abort();
  signal.addEventListener('abort', forward, { once: true });
  if (signal.aborted) inner.abort();
  // Generated tests are asked for after the baseline: a run whose tests never reach the target stops with no model request.
  const run = new SolveRun(task, options, inner.signal, (event) => queue.push(event), (ready, readySignal) => withGeneratedTests(task, ready, readySignal))
    .run()
    .catch((error: unknown) => {
      queue.push({ type: 'run/error', runId: '', message: `Internal error: ${error instanceof Error ? error.message : String(error)}`, kind: 'internal' });
    })
    .finally(() => queue.end());
  try {
    for await (const event of queue) yield event;
  } finally {
    inner.abort();
    await run;
    signal.removeEventListener('abort', forward);
  }
}

/**
 * When asked, gets model-written tests first and has every candidate probed on them. A model
 * or parser failure here costs only the agreement evidence: the run goes on with the user's tests.
 */
async function withGeneratedTests(task: Task, options: SolveOptions, signal: AbortSignal): Promise<SolveOptions> {
  const wanted = options.generatedTests;
  if (!wanted || !probesLanguage(task.language) || !task.functionName || signal.aborted) return options;
  try {
    const generated = await generateTests(
      task,
      { model: options.model, python: wanted.python, count: wanted.count, cap: wanted.cap, reasoning: options.reasoningLadder?.[0] ?? options.reasoning, maxTokens: options.sampling.maxTokens },
      signal,
    );
    // Inputs derived from the user's own calls count even when the model wrote no usable test.
    if (generated.probes.length === 0) return options;
    return { ...options, verifier: new ProbingVerifier(options.verifier, generated.probes), agreementProbes: { calls: generated.calls.length, checks: generated.tests.length } };
  } catch {
    return options;
  }
}
