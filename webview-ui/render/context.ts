import type { WebviewToHostMessage } from '../../src/protocol';
import type { SectionId, ViewState } from '../viewState';

/** What renderers may do: post to the host and change view state. */
export interface PanelContext {
  post(message: WebviewToHostMessage): void;
  readonly view: ViewState;
  select(candidateId: number): void;
  setOpen(section: SectionId, open: boolean): void;
}
