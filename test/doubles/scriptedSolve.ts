import type { Candidate, SolveEvent, SolveResult } from '../../src/engine/events';
import type { SolveOptions } from '../../src/engine/options';
import type { Task } from '../../src/engine/task';

/** A one-function Python task whose target is the whole stub `f`, for run-view tests. */
export function stubTask(): Task {
  const fileText = 'def f(x):\n    raise NotImplementedError\n';
  return { workspaceRoot: '/ws', filePath: 'a.py', fileText, range: { start: 0, end: fileText.length - 1 }, targetKind: 'function', functionName: 'f', spec: 'f', testCommand: 'pytest', language: 'python' };
}

/** The `run/started` event of run `r` on {@link stubTask}, drawing `n` samples. */
export function startedEvent(n: number): Extract<SolveEvent, { type: 'run/started' }> {
  return {
    type: 'run/started',
    runId: 'r',
    task: { filePath: 'a.py', functionName: 'f', language: 'python', testCommand: 'pytest', targetKind: 'function' },
    n,
    promptTokens: 10,
    cheatsheetItems: [],
    verifier: 'bubblewrap sandbox',
    startedAt: 0,
  };
}

/** A candidate with every required field, overridable per test. */
export function makeCandidate(id: number, overrides: Partial<Candidate> = {}): Candidate {
  return {
    id,
    state: 'sampling',
    wave: 1,
    reasoning: {},
    rawContent: '',
    reasoningText: '',
    votes: 1,
    usage: { prompt: 100, completion: 50, reasoning: 0, estimated: false },
    costUsd: 0,
    cheatsheetItemIds: [],
    ...overrides,
  };
}

/** A finished result over `candidates`, overridable per test. */
export function makeResult(runId: string, candidates: Candidate[], overrides: Partial<SolveResult> = {}): SolveResult {
  const passed = candidates.filter((c) => c.state === 'passed');
  return {
    runId,
    candidates,
    ranking: candidates.filter((c) => c.state !== 'duplicate').map((c) => c.id),
    choice: passed[0] ? { candidateId: passed[0].id, reason: 'passed every test' } : null,
    abstention: passed[0] ? null : { reason: 'no candidate passed every test' },
    stoppedBy: 'completed',
    totals: {
      samples: candidates.length,
      promptTokens: candidates.reduce((n, c) => n + c.usage.prompt, 0),
      completionTokens: candidates.reduce((n, c) => n + c.usage.completion, 0),
      reasoningTokens: 0,
      costUsd: 0,
      wallMs: 1234,
      verified: candidates.filter((c) => c.verification && c.verification.status !== 'cancelled').length,
      passing: passed.length,
      duplicates: 0,
      cacheHits: 0,
    },
    verifierStrength: { level: 'moderate', testsCount: 3, candidatesPassing: passed.length, candidatesVerified: candidates.length, passingClusters: 1, note: 'three tests' },
    ...overrides,
  };
}

/**
 * A `solve` function that replays `events`. With `holdAfter` it stops after that many
 * events until the signal aborts, then ends the way the engine does on cancellation.
 */
export function scriptedSolve(events: SolveEvent[], options: { holdAfter?: number; throwAfter?: number } = {}) {
  const calls: { task: Task; options: SolveOptions }[] = [];
  async function* solve(task: Task, opts: SolveOptions, signal: AbortSignal): AsyncIterable<SolveEvent> {
    calls.push({ task, options: opts });
    for (let i = 0; i < events.length; i++) {
      if (options.throwAfter === i) throw new Error('engine exploded');
      if (options.holdAfter === i) {
        await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
        return;
      }
      const event = events[i];
      if (event) yield event;
      await Promise.resolve();
    }
  }
  return { solve, calls };
}
