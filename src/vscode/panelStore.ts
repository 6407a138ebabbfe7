import type { SolveEvent } from '../engine/events';
import type { ControlsView, HostToWebviewMessage, MemoryItemView, PanelState, RunView, SandboxStatusView } from '../protocol';
import { reduceRun } from './runView';

type Listener = (message: HostToWebviewMessage) => void;

/**
 * The host-owned panel state. Every change goes through here and is announced as the
 * protocol message that carries it, so whatever panel is listening stays in step.
 */
export class PanelStore {
  private state: PanelState;
  private readonly listeners = new Set<Listener>();
  private pendingReveal: 'memory' | undefined;

  constructor(initial: PanelState) {
    this.state = initial;
  }

  /** A copy-free read of the whole state; callers must not mutate it. */
  get snapshot(): PanelState {
    return this.state;
  }

  get run(): RunView | null {
    return this.state.run;
  }

  onMessage(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private emit(message: HostToWebviewMessage): void {
    for (const listener of [...this.listeners]) listener(message);
  }

  setRun(run: RunView | null): void {
    this.state = { ...this.state, run };
    // A null run has no `run/updated` form; a snapshot resets the panel to its empty state.
    this.emit(run ? { type: 'run/updated', run } : { type: 'state/snapshot', state: this.state });
  }

  /** Folds an engine event into the current run; streamed text goes out as a small delta. */
  applyEvent(event: SolveEvent, now: number): void {
    const run = this.state.run;
    if (!run || run.runId !== event.runId) return;
    const next = reduceRun(run, event, now);
    this.state = { ...this.state, run: next };
    if (event.type === 'candidate/delta') {
      this.emit({
        type: 'candidate/delta',
        runId: event.runId,
        candidateId: event.candidateId,
        ...(event.content !== undefined ? { content: event.content } : {}),
        ...(event.reasoning !== undefined ? { reasoning: event.reasoning } : {}),
        ...(event.reset ? { reset: true } : {}),
      });
    } else {
      this.emit({ type: 'run/updated', run: next });
    }
  }

  setControls(controls: ControlsView): void {
    this.state = { ...this.state, controls };
    this.emit({ type: 'controls/changed', controls });
  }

  setEnvironment(env: { workspaceTrusted?: boolean; apiKeySet?: boolean; bubblewrapStatus?: SandboxStatusView }): void {
    this.state = { ...this.state, ...env };
    const { workspaceTrusted, apiKeySet, bubblewrapStatus } = this.state;
    this.emit({ type: 'environment/changed', workspaceTrusted, apiKeySet, bubblewrapStatus });
  }

  setMemory(items: MemoryItemView[]): void {
    this.state = { ...this.state, memory: items };
    this.emit({ type: 'memory/changed', items });
  }

  notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.emit({ type: 'notice/show', level, message });
  }

  /**
   * Asks the panel to open a section. Kept until a ready page has been sent it, since the
   * command that asks usually opens the panel too and its page is not listening yet.
   */
  reveal(section: 'memory'): void {
    this.pendingReveal = section;
    this.emit({ type: 'panel/reveal', section });
  }

  /** The reveal no page has received yet, handed out once. */
  takePendingReveal(): 'memory' | undefined {
    const section = this.pendingReveal;
    this.pendingReveal = undefined;
    return section;
  }
}
