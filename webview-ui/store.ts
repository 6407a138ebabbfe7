import type { CandidateView, HostToWebviewMessage, PanelState, RunView } from '../src/protocol';
import { assertNever } from '../src/protocolGuards';

/** A notice line shown at the top of the panel. */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
}

/**
 * Applies one validated host message to the panel's mirror of the host state.
 * Returns new objects for whatever changed (and the same objects otherwise), so
 * renderers can skip work by comparing references.
 */
export function applyHostMessage(state: PanelState | null, message: HostToWebviewMessage): { state: PanelState | null; notice?: Notice } {
  switch (message.type) {
    case 'state/snapshot':
      return { state: message.state };
    case 'notice/show':
      return { state, notice: { level: message.level, message: message.message } };
    case 'panel/reveal':
      // View-only: the app opens the section; the host state is unchanged.
      return { state };
    default:
      break;
  }
  // Deltas before the first snapshot have nothing to apply to; the snapshot will carry them.
  if (state === null) return { state };
  switch (message.type) {
    case 'run/updated':
      return { state: { ...state, run: keepUnchanged(state.run, message.run) } };
    case 'candidate/updated':
      return { state: withRun(state, message.runId, (run) => upsertCandidate(run, message.candidate)) };
    case 'candidate/delta':
      return {
        state: withRun(state, message.runId, (run) =>
          mapCandidate(run, message.candidateId, (c) => ({
            ...c,
            // A reset means the host's model request was retried: the text so far is void.
            content: (message.reset ? '' : c.content) + (message.content ?? ''),
            reasoningText: (message.reset ? '' : c.reasoningText) + (message.reasoning ?? ''),
          })),
        ),
      };
    case 'controls/changed':
      return { state: { ...state, controls: message.controls } };
    case 'memory/changed':
      return { state: { ...state, memory: message.items } };
    case 'environment/changed':
      return {
        state: { ...state, workspaceTrusted: message.workspaceTrusted, apiKeySet: message.apiKeySet, bubblewrapStatus: message.bubblewrapStatus },
      };
    default:
      return assertNever(message, 'host message');
  }
}

/** Structural equality of JSON-shaped values (what protocol messages carry). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((key) => Object.hasOwn(rb, key) && jsonEqual(ra[key], rb[key]));
}

/**
 * The host sends the whole run when any part changes; reusing the previous objects for the
 * parts that did not change lets each region skip its render by a reference check.
 */
function keepUnchanged(previous: RunView | null, next: RunView): RunView {
  if (previous === null || previous.runId !== next.runId) return next;
  const byId = new Map(previous.candidates.map((c) => [c.id, c]));
  const candidates = next.candidates.map((c) => {
    const old = byId.get(c.id);
    return old && jsonEqual(old, c) ? old : c;
  });
  const sameList = candidates.length === previous.candidates.length && candidates.every((c, i) => c === previous.candidates[i]);
  return {
    ...next,
    candidates: sameList ? previous.candidates : candidates,
    ranking: jsonEqual(previous.ranking, next.ranking) ? previous.ranking : next.ranking,
    totals: jsonEqual(previous.totals, next.totals) ? previous.totals : next.totals,
    progress: jsonEqual(previous.progress, next.progress) ? previous.progress : next.progress,
    memoryItemIds: jsonEqual(previous.memoryItemIds, next.memoryItemIds) ? previous.memoryItemIds : next.memoryItemIds,
  };
}

/** Applies `update` to the run when it is the current one; messages for an older run are dropped. */
function withRun(state: PanelState, runId: string, update: (run: RunView) => RunView): PanelState {
  if (state.run === null || state.run.runId !== runId) return state;
  const run = update(state.run);
  return run === state.run ? state : { ...state, run };
}

function upsertCandidate(run: RunView, candidate: CandidateView): RunView {
  const index = run.candidates.findIndex((c) => c.id === candidate.id);
  const candidates = [...run.candidates];
  if (index >= 0) candidates[index] = candidate;
  else {
    candidates.push(candidate);
    candidates.sort((x, y) => x.id - y.id);
  }
  return { ...run, candidates };
}

function mapCandidate(run: RunView, id: number, update: (c: CandidateView) => CandidateView): RunView {
  const index = run.candidates.findIndex((c) => c.id === id);
  if (index < 0) return run;
  const candidates = [...run.candidates];
  candidates[index] = update(candidates[index]);
  return { ...run, candidates };
}

/** Can the candidate be accepted without a confirmation: it has code and passed every test. */
export function isVerified(candidate: CandidateView): boolean {
  return candidate.state === 'passed' && candidate.code !== undefined && candidate.verification?.status === 'passed';
}

/**
 * The run's recommendation, when it has one to act on: only a finished run recommends (a
 * cancelled one keeps no pick), and a tampered report is never a pick, whatever the host says.
 */
export function recommended(run: RunView): CandidateView | undefined {
  if (run.status !== 'finished' || !run.choice) return undefined;
  const id = run.choice.candidateId;
  const candidate = run.candidates.find((c) => c.id === id);
  return candidate && candidate.state !== 'tampered' ? candidate : undefined;
}

/** The candidate to show when the user has not picked one: the choice, else the best ranked, else the first. */
export function defaultSelection(run: RunView): number | null {
  const pick = recommended(run);
  if (pick) return pick.id;
  if (run.ranking.length > 0) return run.ranking[0];
  return run.candidates[0]?.id ?? null;
}
