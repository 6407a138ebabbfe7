import type { HostToWebviewMessage, PanelState, RunView, WebviewToHostMessage } from '../src/protocol';
import { h, replaceContent } from './dom';
import { renderEnvironment, renderNotice, renderRunBanners } from './render/banners';
import { CandidateOptions, nextSelection, optionId } from './render/candidateList';
import type { PanelContext } from './render/context';
import { ControlsForm } from './render/controls';
import { renderDetails } from './render/details';
import { MemoryList } from './render/memory';
import { renderRunHeader } from './render/runHeader';
import { section } from './render/section';
import { samplingStatsKey } from './render/sampling';
import { renderTotals } from './render/totals';
import type { Notice } from './store';
import { applyHostMessage, defaultSelection } from './store';
import type { SectionId, ViewState } from './viewState';

/** Where the app sends messages and keeps view state (the VS Code API in production). */
export interface AppPort {
  post(message: WebviewToHostMessage): void;
  saveViewState(state: ViewState): void;
}

/**
 * The panel: mirrors the host state, keeps view state, renders on the next frame.
 * Each region re-renders only when the objects it shows were replaced.
 *
 * Hooks that tests outside this folder (code-server integration) rely on, so keep them:
 * `#candidate-list` with `[role=option]` rows `#candidate-<id>` and their `[data-role=state]`,
 * `.badge.chosen`, `[data-role=run-status]`, `[data-role=empty-state]`, `[data-banner=<kind>]`,
 * `#details-title`, and the buttons' visible names (Accept, Open Diff, Cancel, Re-run).
 */
export class PanelApp implements PanelContext {
  private state: PanelState | null = null;
  private notice: Notice | null = null;
  private frame = 0;
  private readonly rendered = new Map<string, readonly unknown[]>();

  private readonly environment = h('div', { class: 'region', attrs: { id: 'environment' } });
  private readonly noticeRegion = h('div', { class: 'region', attrs: { id: 'notice', 'aria-live': 'polite' } });
  private readonly header = h('section', { class: 'region', attrs: { id: 'run-header' } });
  private readonly banners = h('div', { class: 'region', attrs: { id: 'run-banners' } });
  private readonly totals = h('section', { class: 'region', attrs: { id: 'totals', 'aria-label': 'Run totals' } });
  private readonly listLabel = h('h2', { attrs: { id: 'candidates-label' } }, 'Candidates');
  private readonly list = h('div', {
    class: 'candidate-list',
    attrs: { id: 'candidate-list', role: 'listbox', tabindex: 0, 'aria-labelledby': 'candidates-label' },
  });
  private readonly details = h('section', { class: 'region', attrs: { id: 'details', 'aria-label': 'Selected candidate' } });
  private readonly options = new CandidateOptions((id) => {
    this.list.focus();
    this.select(id);
  });
  private readonly controls: ControlsForm;
  private readonly memory: MemoryList;
  private readonly footer = h('footer', { class: 'muted', attrs: { id: 'footer' } });

  constructor(
    private readonly root: HTMLElement,
    private readonly port: AppPort,
    public view: ViewState,
  ) {
    this.controls = new ControlsForm(this);
    this.memory = new MemoryList(this);
    this.list.addEventListener('keydown', (event) => this.onListKey(event));
  }

  post(message: WebviewToHostMessage): void {
    this.port.post(message);
  }

  /** Applies a validated host message and schedules a render. */
  receive(message: HostToWebviewMessage): void {
    const before = this.state?.run?.runId;
    const { state, notice } = applyHostMessage(this.state, message);
    this.state = state;
    if (notice) this.notice = notice;
    else if (state?.run && state.run.runId !== before) this.notice = null;
    this.scheduleRender();
  }

  select(candidateId: number): void {
    const run = this.state?.run;
    if (!run || !run.candidates.some((c) => c.id === candidateId)) return;
    this.view = { ...this.view, runId: run.runId, selectedId: candidateId };
    this.port.saveViewState(this.view);
    this.renderNow();
    this.list.querySelector(`#${optionId(candidateId)}`)?.scrollIntoView({ block: 'nearest' });
  }

  setOpen(sectionId: SectionId, open: boolean): void {
    this.view = { ...this.view, open: { ...this.view.open, [sectionId]: open } };
    this.port.saveViewState(this.view);
  }

  /** The selected candidate id: the user's pick in this run, else the host's choice. */
  selectedId(run: RunView): number | null {
    const picked = this.view.runId === run.runId ? this.view.selectedId : null;
    if (picked !== null && run.candidates.some((c) => c.id === picked)) return picked;
    return defaultSelection(run);
  }

  private scheduleRender(): void {
    // Streaming sends many small deltas; one render per frame is all the eye can use.
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.renderNow());
  }

  private renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const state = this.state;
    if (!state) return;
    if (this.root.childElementCount === 0) this.mount();
    const run = state.run;
    const selected = run ? this.selectedId(run) : null;
    const candidate = run?.candidates.find((c) => c.id === selected);

    this.region('environment', [state.workspaceTrusted, state.apiKeySet, state.bubblewrapStatus], () => replaceContent(this.environment, ...renderEnvironment(state, this)));
    this.region('notice', [this.notice], () => replaceContent(this.noticeRegion, ...renderNotice(this.notice)));
    this.region('header', [run, state.workspaceTrusted], () => replaceContent(this.header, ...renderRunHeader(state, this)));
    this.region('banners', [run], () => replaceContent(this.banners, ...(run ? renderRunBanners(run, this) : [])));
    this.region('totals', [run?.totals, run?.progress, run?.stoppedBy, run?.plan, samplingStatsKey(run)], () => replaceContent(this.totals, ...(run ? renderTotals(run) : [])));
    this.region('list', [run?.runId, run?.candidates, run?.ranking, run?.choice?.candidateId, run?.status, selected], () => this.renderList(run, selected));
    // Only what the details show: a run update that changed another candidate leaves them be.
    const detailInputs = [run?.runId, candidate, run?.targetText, run?.currentTargetText, run?.ranking, run?.choice?.candidateId, run?.choice?.reason];
    this.region('details', detailInputs, () =>
      replaceContent(this.details, ...(run && candidate ? renderDetails(run, candidate, this) : run ? [h('p', { class: 'muted' }, 'Select a candidate.')] : [])),
    );
    this.region('controls', [state.controls], () => this.controls.update(state.controls));
    this.region('memory', [state.memory, run?.memoryItemIds], () => this.memory.update(state.memory, run?.memoryItemIds ?? []));
    this.region('footer', [state.bubblewrapStatus], () =>
      replaceContent(this.footer, state.bubblewrapStatus.available ? `Sandbox: ${state.bubblewrapStatus.detail}` : 'Sandbox: none (temp copy)'),
    );
    this.root.setAttribute('aria-busy', 'false');
  }

  private mount(): void {
    const controlsSection = section(this, 'controls', ['Next run: reasoning and sampling'], this.controls.element);
    const memorySection = section(this, 'memory', ['Memory'], this.memory.element);
    this.root.replaceChildren(
      this.environment,
      this.noticeRegion,
      this.header,
      this.banners,
      this.totals,
      this.listLabel,
      this.list,
      this.details,
      controlsSection,
      memorySection,
      this.footer,
    );
  }

  /** Runs `render` when any of `inputs` is a different object than last time. */
  private region(name: string, inputs: readonly unknown[], render: () => void): void {
    const last = this.rendered.get(name);
    if (last && last.length === inputs.length && last.every((value, i) => value === inputs[i])) return;
    this.rendered.set(name, inputs);
    render();
  }

  private renderList(run: RunView | null, selected: number | null): void {
    const visible = run !== null;
    this.list.hidden = !visible;
    this.listLabel.hidden = !visible;
    if (!run) return;
    this.options.update(this.list, run, selected);
    if (selected !== null) this.list.setAttribute('aria-activedescendant', optionId(selected));
    else this.list.removeAttribute('aria-activedescendant');
  }

  private onListKey(event: KeyboardEvent): void {
    const run = this.state?.run;
    if (!run) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.details.querySelector<HTMLElement>('#details-title')?.focus();
      return;
    }
    const next = nextSelection(run.candidates.map((c) => c.id), this.selectedId(run), event.key);
    if (next === undefined) return;
    event.preventDefault();
    this.select(next);
  }
}
