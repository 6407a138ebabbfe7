import type { CandidateView, HostToWebviewMessage, PanelState, RunView } from '../src/protocol';
import { assertNever } from '../src/protocol';

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
    default:
      break;
  }
  // Deltas before the first snapshot have nothing to apply to; the snapshot will carry them.
  if (state === null) return { state };
  switch (message.type) {
    case 'run/updated':
      return { state: { ...state, run: message.run } };
    case 'candidate/updated':
      return { state: withRun(state, message.runId, (run) => upsertCandidate(run, message.candidate)) };
    case 'candidate/delta':
      return {
        state: withRun(state, message.runId, (run) =>
          mapCandidate(run, message.candidateId, (c) => ({
            ...c,
            content: c.content + (message.content ?? ''),
            reasoningText: c.reasoningText + (message.reasoning ?? ''),
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

/** The candidate to show when the user has not picked one: the choice, else the best ranked, else the first. */
export function defaultSelection(run: RunView): number | null {
  if (run.choice) return run.choice.candidateId;
  if (run.ranking.length > 0) return run.ranking[0];
  return run.candidates[0]?.id ?? null;
}
