import type { SolveEvent, SolveResult } from '../engine/events';
import type { SolveOptions } from '../engine/options';
import type { Task } from '../engine/task';
import type { RunView } from '../protocol';
import type { PanelStore } from './panelStore';
import { endRun, openRun, pendingRun } from './runView';

/** Where a run reports what it did: the `LogOutputChannel` in the extension. */
export interface RunLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export type SolveFn = (task: Task, options: SolveOptions, signal: AbortSignal) => AsyncIterable<SolveEvent>;

export interface RunSessionDeps {
  solve: SolveFn;
  store: PanelStore;
  log: RunLog;
  now: () => number;
  /** Called after every event but streamed deltas, e.g. to move the status bar. */
  onUpdate?: (run: RunView) => void;
  /** Called with the engine's result when the run finished (for memory curation). */
  onResult?: (result: SolveResult) => void;
}

const TERMINAL = new Set(['passed', 'failed', 'timeout', 'error', 'cancelled']);

/**
 * Runs one solve to its end, feeding the panel store and the log. Resolves with the final
 * run view; rejects only when the engine failed before the run started (nothing to show).
 */
export async function runSession(deps: RunSessionDeps, task: Task, options: SolveOptions, signal: AbortSignal): Promise<RunView> {
  const { store, log } = deps;
  const logged = new Set<number>();
  let runId: string | undefined;
  // The previous result leaves the panel now, not when the engine's first event arrives.
  const pending = pendingRun(task, options, deps.now());
  store.setRun(pending);
  try {
    for await (const event of deps.solve(task, options, signal)) {
      if (event.type === 'run/started') {
        runId = event.runId;
        const opened = openRun(event, task, options);
        store.setRun(opened);
        deps.onUpdate?.(opened);
        log.info(`Run ${event.runId}: ${event.task.filePath}${event.task.functionName ? ` ${event.task.functionName}` : ''}, N=${event.n}, model ${options.model.model} (${options.model.profile.label}), tests \`${event.task.testCommand}\` under ${event.verifier}, prompt ${event.promptTokens} tokens, ${event.cheatsheetItems.length} memory items.`);
        continue;
      }
      if (runId === undefined || event.runId !== runId) continue;
      store.applyEvent(event, deps.now());
      if (event.type === 'run/finished') deps.onResult?.(event.result);
      logEvent(event, log, logged);
      const run = store.run;
      if (run && event.type !== 'candidate/delta') deps.onUpdate?.(run);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const run = store.run;
    if (runId === undefined && run?.runId === pending.runId) store.setRun(endRun(pending, signal.aborted ? 'cancelled' : 'error', deps.now(), signal.aborted ? undefined : { message, kind: 'internal' }));
    if (runId === undefined || !run || run.runId !== runId) throw error;
    log.error(`Run ${runId} failed: ${message}`);
    const ended = endRun(run, signal.aborted ? 'cancelled' : 'error', deps.now(), signal.aborted ? undefined : { message, kind: 'internal' });
    store.setRun(ended);
    return ended;
  }
  const run = store.run;
  if (runId === undefined || !run || run.runId !== runId) {
    if (run?.runId === pending.runId) store.setRun(endRun(pending, signal.aborted ? 'cancelled' : 'error', deps.now(), signal.aborted ? undefined : { message: 'The engine ended without starting a run.', kind: 'internal' }));
    throw new Error(signal.aborted ? 'The run was cancelled before it started.' : 'The engine ended without starting a run.');
  }
  if (run.status === 'running') {
    // The stream ended without `run/finished`: only a cancellation explains that.
    const ended = endRun(run, signal.aborted ? 'cancelled' : 'error', deps.now(), signal.aborted ? undefined : { message: 'The engine stopped without a result.', kind: 'internal' });
    store.setRun(ended);
    return ended;
  }
  return run;
}

function logEvent(event: SolveEvent, log: RunLog, logged: Set<number>): void {
  switch (event.type) {
    case 'candidate/updated': {
      const c = event.candidate;
      if (c.state === 'rejected' || c.state === 'truncated') log.warn(`Candidate #${c.id} ${c.state}: ${c.rejection ?? ''}`);
      if (c.applied && !logged.has(-c.id)) {
        logged.add(-c.id);
        // Only request knobs are logged: the key travels in a header the log never sees.
        log.info(`Candidate #${c.id} request knobs: ${JSON.stringify(c.applied.sent)}${c.applied.notApplied.length ? `; not applied: ${c.applied.notApplied.join('; ')}` : ''}`);
      }
      if (c.verification && TERMINAL.has(c.verification.status) && !logged.has(c.id)) {
        logged.add(c.id);
        const v = c.verification;
        log.info(`Candidate #${c.id} tests ${v.status}: ${v.passed}/${v.total} passed, exit ${v.exitCode ?? 'killed'}, ${v.durationMs} ms, ${v.sandbox === 'bubblewrap' ? 'bubblewrap sandbox' : `no OS sandbox${v.sandboxNote ? ` (${v.sandboxNote})` : ''}`}${v.reason ? `, ${v.reason}` : ''}\n${v.output}${v.outputTruncated ? '\n[output truncated]' : ''}`);
      }
      return;
    }
    case 'budget/notice':
      log.warn(`Budget: ${event.message}`);
      return;
    case 'run/finished': {
      const r = event.result;
      log.info(`Run ${r.runId} finished (${r.stoppedBy}): ${r.totals.samples} samples, ${r.totals.verified} tested, ${r.totals.passing} passing every test, ${r.totals.promptTokens + r.totals.completionTokens} tokens, $${r.totals.costUsd.toFixed(4)}, ${r.totals.wallMs} ms. ${r.choice ? `Pick #${r.choice.candidateId}: ${r.choice.reason}` : `Abstained: ${r.abstention?.reason ?? ''}`} Verifier strength ${r.verifierStrength.level}: ${r.verifierStrength.note}`);
      return;
    }
    case 'run/error':
      log.error(`Run ${event.runId} error (${event.kind}): ${event.message}`);
      return;
    case 'candidate/delta':
    case 'ranking/updated':
    case 'run/started':
      return;
  }
}
