import type { BaselineSummary, Candidate, CandidateScore, RunTotals, SolveEvent } from '../engine/events';
import type { ReasoningControls } from '../engine/model/types';
import type { SolveOptions } from '../engine/options';
import type { TestSelection } from '../engine/verify/selection/testSelection';
import { targetText, type Task, type TextRange } from '../engine/task';
import type { BaselineView, CandidateView, KnobView, ProgressPointView, ReasoningView, RiskSignView, RunView, SamplingPlanView, TestSelectionView, TotalsView, VerificationView } from '../protocol';
import { scrubSolveEvent } from '../engine/secrets/scrubEvents';
import { riskLabel, riskSummary } from '../engine/risk/riskSigns';

// Test messages can be whole stack traces; the panel shows the start, the log has the rest.
const MAX_TEST_MESSAGE = 4000;

function knobValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function reasoningView(controls: ReasoningControls): ReasoningView {
  return {
    ...(controls.effort !== undefined ? { effort: controls.effort } : {}),
    ...(controls.budgetTokens !== undefined ? { budgetTokens: controls.budgetTokens } : {}),
    ...(controls.fastMode !== undefined ? { fastMode: controls.fastMode } : {}),
  };
}

/** Why a report counts as tampered, in words, when the verifier gave no reason. */
function tamperedReason(v: NonNullable<Candidate['verification']>): string {
  const integrity = v.integrity;
  if (integrity?.canaries === 'forged') return 'a canary test came out wrong: a must-fail test passed or a must-pass one failed';
  if (integrity?.canaries === 'missing') return 'the canary tests are missing from its report';
  if (integrity?.missingTests.length) return `its report leaves out ${integrity.missingTests.length} test${integrity.missingTests.length === 1 ? '' : 's'} the baseline ran`;
  return 'its test report cannot be genuine';
}

function verificationView(v: NonNullable<Candidate['verification']>): VerificationView {
  const reason = v.reason ?? (v.status === 'tampered' ? tamperedReason(v) : undefined);
  return {
    status: v.status,
    tests: v.tests.map((t) => ({
      name: t.name,
      status: t.status,
      ...(t.message !== undefined ? { message: t.message.length > MAX_TEST_MESSAGE ? `${t.message.slice(0, MAX_TEST_MESSAGE)}…` : t.message } : {}),
      ...(t.durationMs !== undefined ? { durationMs: t.durationMs } : {}),
    })),
    passed: v.passed,
    failed: v.failed,
    total: v.total,
    reportFormat: v.reportFormat,
    exitCode: v.exitCode,
    durationMs: v.durationMs,
    output: v.output,
    outputTruncated: v.outputTruncated,
    sandbox: v.sandbox,
    ...(v.sandboxNote !== undefined ? { sandboxNote: v.sandboxNote } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** The panel's copy of risk signs (detail cut: it is one line for a badge's list). */
function riskSignViews(signs: NonNullable<Candidate['riskSigns']>): RiskSignView[] {
  return signs.map((s) => ({ source: s.source, kind: s.kind, label: riskLabel(s.kind), detail: s.detail.length > 300 ? `${s.detail.slice(0, 300)}…` : s.detail }));
}

/** The panel's view of the baseline and witness runs. */
export function baselineView(b: BaselineSummary, selection: TestSelection | undefined = b.selection): BaselineView {
  return {
    testCount: b.testIds.length,
    failingBefore: [...b.failingBefore],
    reachingCount: b.reaching.length,
    witness: b.witness,
    explanation: b.explanation,
    durationMs: b.durationMs,
    ...(selection ? { selection: testSelectionView(selection) } : {}),
  };
}

function testSelectionView(s: TestSelection): TestSelectionView {
  return {
    mode: s.mode,
    command: s.command,
    ...(s.cases ? { cases: { ...s.cases } } : {}),
    reason: s.reason,
    confirmations: s.confirmations.map((c) => ({ candidateId: c.candidateId, status: c.status, passed: c.passed, total: c.total })),
  };
}

function scoreView(score: CandidateScore): NonNullable<CandidateView['score']> {
  return { ...score, tokens: Math.abs(score.tokens) };
}

/** The panel's view of an engine candidate (fields copied, never the engine object itself). */
export function candidateView(c: Candidate): CandidateView {
  const sent: KnobView[] = c.applied ? Object.entries(c.applied.sent).map(([name, value]) => ({ name, value: knobValue(value) })) : [];
  return {
    id: c.id,
    state: c.state,
    wave: c.wave,
    ...(c.model !== undefined ? { model: c.model } : {}),
    votes: c.votes,
    ...(c.duplicateOf !== undefined ? { duplicateOf: c.duplicateOf } : {}),
    ...(c.code !== undefined ? { code: c.code } : {}),
    content: c.rawContent,
    reasoningText: c.reasoningText,
    usage: { prompt: c.usage.prompt, completion: c.usage.completion, reasoning: c.usage.reasoning, estimated: c.usage.estimated },
    ...(c.latencyMs !== undefined ? { latencyMs: c.latencyMs } : {}),
    costUsd: c.costUsd,
    ...(c.finishReason !== undefined ? { finishReason: c.finishReason } : {}),
    ...(c.rejection !== undefined ? { rejection: c.rejection } : {}),
    reasoning: reasoningView(c.reasoning),
    ...(c.applied ? { applied: { sent, notApplied: [...c.applied.notApplied] } } : {}),
    ...(c.verification ? { verification: verificationView(c.verification) } : {}),
    ...(c.score ? { score: scoreView(c.score) } : {}),
    ...(c.origin !== undefined ? { origin: c.origin } : {}),
    ...(c.origin === 'repair' && c.repairOf !== undefined ? { repairOf: c.repairOf } : {}),
    ...(c.riskSigns?.length ? { riskSigns: riskSignViews(c.riskSigns) } : {}),
  };
}

/**
 * What an Accept must show before writing a candidate with risk signs: a modal's message and
 * its detail, one line per sign. Undefined for a clean candidate.
 */
export function riskConfirmation(candidate: CandidateView): { message: string; detail: string } | undefined {
  const signs = candidate.riskSigns ?? [];
  if (!signs.length) return undefined;
  const kinds = riskSummary(signs);
  return {
    message: `Candidate #${candidate.id} has risk signs: ${kinds}. Accept anyway?`,
    detail: [
      ...signs.map((s) => `⚠ ${s.label}: ${s.detail} (${s.source === 'static' ? 'seen in its code' : 'seen by the sandbox'})`),
      '',
      'Passing the tests does not make these safe. Review its diff before accepting; applying writes it into your editor (you can undo).',
    ].join('\n'),
  };
}


/** How the run samples, from its engine options (without waves the engine streams all N). */
export function planView(options: Pick<SolveOptions, 'reasoning' | 'waves' | 'reasoningLadder'>): SamplingPlanView {
  const ladder = options.waves && options.reasoningLadder?.length ? options.reasoningLadder : [options.reasoning];
  return {
    mode: options.waves ? 'adaptive' : 'all',
    ...(options.waves?.size !== undefined ? { waveSize: options.waves.size } : {}),
    repair: options.waves?.repair ?? false,
    ladder: ladder.map(reasoningView),
  };
}

/**
 * Totals recomputed from the candidates while the run is going (the final result has its own).
 * `verified` counts what the engine calls `passing`, so the chart's line runs on into the final totals.
 */
export function totalsFromCandidates(candidates: readonly CandidateView[], startedAt: number, now: number): TotalsView {
  const drawn = candidates.filter((c) => c.state !== 'sampling');
  return {
    samples: drawn.length,
    promptTokens: candidates.reduce((n, c) => n + c.usage.prompt, 0),
    completionTokens: candidates.reduce((n, c) => n + c.usage.completion, 0),
    reasoningTokens: candidates.reduce((n, c) => n + c.usage.reasoning, 0),
    costUsd: candidates.reduce((n, c) => n + c.costUsd, 0),
    wallMs: Math.max(0, now - startedAt),
    verified: candidates.filter((c) => c.duplicateOf === undefined && c.verification?.status === 'passed').length,
    duplicates: candidates.filter((c) => c.state === 'duplicate').length,
    cacheHits: 0,
  };
}

/** The panel's totals: its `verified` is the engine's `passing` (passed every test), not the engine's `verified` (tested). */
function totalsView(t: RunTotals): TotalsView {
  return {
    samples: t.samples,
    promptTokens: t.promptTokens,
    completionTokens: t.completionTokens,
    reasoningTokens: t.reasoningTokens,
    costUsd: t.costUsd,
    wallMs: t.wallMs,
    verified: t.passing,
    duplicates: t.duplicates,
    cacheHits: t.cacheHits,
  };
}

function withProgress(progress: readonly ProgressPointView[], totals: TotalsView): ProgressPointView[] {
  const last = progress[progress.length - 1];
  if (last && last.samples === totals.samples && last.verified === totals.verified) return [...progress];
  if (last && last.samples === totals.samples) return [...progress.slice(0, -1), { samples: totals.samples, verified: totals.verified }];
  return [...progress, { samples: totals.samples, verified: totals.verified }];
}

function upsert(candidates: readonly CandidateView[], next: CandidateView): CandidateView[] {
  const out = candidates.filter((c) => c.id !== next.id);
  out.push(next);
  return out.sort((a, b) => a.id - b.id);
}

/** The run view as `run/started` opens it. */
export function openRun(
  event: Extract<SolveEvent, { type: 'run/started' }>,
  task: Task,
  options: Pick<SolveOptions, 'reasoning' | 'waves' | 'reasoningLadder'>,
): RunView {
  // The engine runs the baseline first unless it is off; `run/phase` corrects the phase at once.
  return freshRun({ runId: event.runId, task: event.task, targetText: targetText(task), n: event.n, verifier: event.verifier, startedAt: event.startedAt, memoryItemIds: event.cheatsheetItems.map((item) => item.id) }, options);
}

/**
 * The run view from the moment a run is asked for, before the engine has given it an id: the
 * panel drops the previous result at once and shows the run starting (`pending`). `run/started`
 * replaces it with {@link openRun}'s view.
 */
export function pendingRun(task: Task, options: Pick<SolveOptions, 'reasoning' | 'waves' | 'reasoningLadder' | 'sampling'>, now: number): RunView {
  return { ...freshRun({ runId: `pending-${now}`, task, targetText: targetText(task), n: options.sampling.n, verifier: '', startedAt: now, memoryItemIds: [] }, options), pending: true };
}

/** A run that has just started: nothing sampled, nothing chosen. */
function freshRun(
  run: Pick<RunView, 'runId' | 'targetText' | 'n' | 'verifier' | 'startedAt' | 'memoryItemIds'> & { task: Pick<Task, 'filePath' | 'functionName' | 'language' | 'testCommand' | 'targetKind'> },
  options: Pick<SolveOptions, 'reasoning' | 'waves' | 'reasoningLadder'>,
): RunView {
  const { task } = run;
  return {
    runId: run.runId,
    status: 'running',
    phase: { name: 'starting' },
    task: {
      filePath: task.filePath,
      ...(task.functionName !== undefined ? { functionName: task.functionName } : {}),
      language: task.language,
      testCommand: task.testCommand,
      targetKind: task.targetKind,
    },
    targetText: run.targetText,
    n: run.n,
    verifier: run.verifier,
    startedAt: run.startedAt,
    reasoning: reasoningView(options.reasoning),
    plan: planView(options),
    candidates: [],
    ranking: [],
    choice: null,
    abstention: null,
    stoppedBy: null,
    totals: totalsFromCandidates([], run.startedAt, run.startedAt),
    progress: [],
    verifierStrength: null,
    notices: [],
    memoryItemIds: run.memoryItemIds,
  };
}

/**
 * Folds one engine event into the run view. Pure: returns a new view and leaves `run`
 * as it was. Events of another run are ignored (a late event of a cancelled run).
 */
export function reduceRun(run: RunView, raw: SolveEvent, now: number): RunView {
  if (raw.runId !== run.runId) return run;
  // Test output, reasons and explanations carry what candidates printed: scrubbed before the panel sees them.
  const event = scrubSolveEvent(raw);
  switch (event.type) {
    case 'run/started':
      return run;
    case 'run/phase':
      return { ...run, phase: { name: event.phase, ...(event.wave !== undefined ? { wave: event.wave } : {}) } };
    case 'run/baseline':
      return { ...run, baseline: baselineView(event.baseline) };
    case 'candidate/updated': {
      const previous = run.candidates.find((c) => c.id === event.candidate.id);
      const view = candidateView(event.candidate);
      // Streamed text may be ahead of the engine's snapshot of it; keep the longer.
      if (previous && previous.content.length > view.content.length && previous.content.startsWith(view.content)) view.content = previous.content;
      if (previous && previous.reasoningText.length > view.reasoningText.length && previous.reasoningText.startsWith(view.reasoningText)) view.reasoningText = previous.reasoningText;
      const candidates = upsert(run.candidates, view);
      const totals = totalsFromCandidates(candidates, run.startedAt, now);
      return { ...run, candidates, totals, progress: withProgress(run.progress, totals) };
    }
    case 'candidate/delta': {
      // A reset means the model client retried a dropped stream: the text so far is void.
      const candidates = run.candidates.map((c) =>
        c.id === event.candidateId
          ? {
              ...c,
              content: (event.reset ? '' : c.content) + (event.content ?? ''),
              reasoningText: (event.reset ? '' : c.reasoningText) + (event.reasoning ?? ''),
            }
          : c,
      );
      return { ...run, candidates };
    }
    case 'ranking/updated': {
      const candidates = run.candidates.map((c) => {
        const score = event.scores[c.id];
        return score ? { ...c, score: scoreView(score) } : c;
      });
      return { ...run, candidates, ranking: [...event.ranking] };
    }
    case 'budget/notice':
      return { ...run, notices: [...run.notices, event.message] };
    case 'run/finished': {
      const r = event.result;
      const candidates = r.candidates.map(candidateView).sort((a, b) => a.id - b.id);
      const totals = totalsView(r.totals);
      const cancelled = r.stoppedBy === 'cancelled';
      const { phase: _done, ...rest } = run;
      return {
        ...rest,
        status: cancelled ? 'cancelled' : 'finished',
        candidates,
        ranking: [...r.ranking],
        // A cancelled run recommends nothing: what it tested is shown, but no pick to accept.
        choice: r.choice && !cancelled ? { ...r.choice } : null,
        abstention: r.abstention ? { ...r.abstention } : null,
        stoppedBy: r.stoppedBy,
        totals,
        progress: withProgress(run.progress, totals),
        verifierStrength: { ...r.verifierStrength },
        ...(r.models ? { models: r.models.map((m) => ({ ...m })) } : {}),
        // The finished run's selection carries the whole command's runs on the pick.
        ...(r.baseline ? { baseline: baselineView(r.baseline, r.testSelection ?? r.baseline.selection) } : {}),
      };
    }
    case 'run/error': {
      const { phase: _done, ...rest } = run;
      return { ...rest, status: 'error', stoppedBy: 'error', error: { message: event.message, kind: event.kind } };
    }
  }
}

/** A run that ended without a `run/finished` (a crash or a cancellation before it started). */
export function endRun(run: RunView, status: 'cancelled' | 'error', now: number, error?: { message: string; kind: string }): RunView {
  if (run.status !== 'running') return run;
  const { phase: _done, ...rest } = run;
  return {
    ...rest,
    status,
    choice: null,
    stoppedBy: status === 'cancelled' ? 'cancelled' : 'error',
    totals: { ...run.totals, wallMs: Math.max(0, now - run.startedAt) },
    candidates: run.candidates.map((c) => (c.state === 'sampling' || c.state === 'queued' || c.state === 'verifying' ? { ...c, state: 'cancelled' } : c)),
    ...(error ? { error } : {}),
  };
}

/**
 * The task as it stands after an Accept wrote `replacement` over `range` of `before`: the
 * document's new text is the baseline, and the target is the accepted code. Later Accepts,
 * diffs and re-runs start from it, so the accepted change is not taken for a conflict.
 */
export function acceptedTask(task: Task, before: string, after: string, range: TextRange): Task {
  // The editor may rewrite line endings of the inserted text: measure the edit in the document.
  const end = range.end + (after.length - before.length);
  if (end < range.start || end > after.length) throw new RangeError('the accepted edit does not fit the document');
  return { ...task, fileText: after, range: { start: range.start, end } };
}

/** The run view once its baseline moved to the accepted text: no conflict to report. */
export function rebaseRun(run: RunView, task: Task): RunView {
  const { currentTargetText: _stale, ...rest } = run;
  return { ...rest, targetText: task.fileText.slice(task.range.start, task.range.end) };
}
