/** Sections whose open/closed state is remembered. */
export type SectionId = 'run' | 'controls' | 'memory' | 'diff' | 'code' | 'reasoning' | 'tests' | 'output' | 'request';

/** What the webview remembers across reloads (via `setState`); everything else comes from the host. */
export interface ViewState {
  /** The run the selection belongs to. */
  runId: string | null;
  /** Candidate the user picked; null follows the host's choice. */
  selectedId: number | null;
  /** Sections the user opened or closed; absent ones use their default. */
  open: Partial<Record<SectionId, boolean>>;
}

export const SECTION_DEFAULTS: Record<SectionId, boolean> = {
  run: false,
  controls: false,
  memory: false,
  diff: true,
  code: false,
  reasoning: false,
  tests: true,
  output: false,
  request: false,
};

const SECTION_IDS = Object.keys(SECTION_DEFAULTS) as SectionId[];

/** Reads saved view state, falling back to defaults for anything missing or malformed. */
export function parseViewState(saved: unknown): ViewState {
  const state: ViewState = { runId: null, selectedId: null, open: {} };
  if (typeof saved !== 'object' || saved === null) return state;
  const record = saved as Record<string, unknown>;
  if (typeof record.runId === 'string') state.runId = record.runId;
  if (Number.isSafeInteger(record.selectedId)) state.selectedId = record.selectedId as number;
  if (typeof record.open === 'object' && record.open !== null) {
    const open = record.open as Record<string, unknown>;
    for (const id of SECTION_IDS) {
      const value = open[id];
      if (typeof value === 'boolean') state.open[id] = value;
    }
  }
  return state;
}

/** Whether a section is open. */
export function isOpen(view: ViewState, id: SectionId): boolean {
  return view.open[id] ?? SECTION_DEFAULTS[id];
}
