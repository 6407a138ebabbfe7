import type { WebviewToHostMessage } from '../../src/protocol';
import type { SectionId, ViewState } from '../viewState';

/** What renderers may do: post to the host and change view state. */
export interface PanelContext {
  post(message: WebviewToHostMessage): void;
  /** Asks for a new run; the result on screen is marked old until the new run arrives. */
  startRun(message: Extract<WebviewToHostMessage, { type: 'run/start' | 'run/rerun' }>): void;
  readonly view: ViewState;
  select(candidateId: number): void;
  setOpen(section: SectionId, open: boolean): void;
}
