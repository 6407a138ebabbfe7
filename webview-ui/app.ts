import type { HostToWebviewMessage, PanelState, RunView, WebviewToHostMessage } from '../src/protocol';
import { h, replaceContent } from './dom';
import { renderEnvironment, renderNotice, renderTrust } from './render/banners';
import { GroupList, nextSelection, optionId } from './render/candidateList';
import type { PanelContext } from './render/context';
import { ControlsForm } from './render/controls';
import { renderCurrentModel } from './render/currentModel';
import { renderDetails } from './render/details';
import { MemoryList } from './render/memory';
import { renderPick } from './render/pick';
import { renderRunDetails, runSummary } from './render/runDetails';
import { renderRunHeader } from './render/runHeader';
import { samplingStatsKey } from './render/sampling';
import { section } from './render/section';
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
 * Top to bottom, in the order a reviewer needs them: the run's status, the pick (Accept, why,
 * how strong the tests are), the candidates grouped by behaviour, the selected candidate;
 * then, collapsed, the run's details (totals, chart, baseline), the next run's controls and
 * memory; then setup banners. A narrow sidebar sees the pick without scrolling.
 *
 * Hooks that tests outside this folder (code-server integration) rely on, so keep them:
 * `#candidate-list` with `[role=option]` rows `#candidate-<id>` and their `[data-role=state]`,
 * `.badge.chosen`, `[data-role=run-status]`, `[data-role=empty-state]`, `[data-banner=<kind>]`,
 * `#details-title`, `[data-role=current-model-name]`, and the buttons' visible names (Accept — exactly one, for the pick —,
 * Open Diff, Cancel, Re-run).
 */
export class PanelApp implements PanelContext {
  private state: PanelState | null = null;
  private notice: Notice | null = null;
  private frame = 0;
  /** The run on screen when the user asked for a new one: shown as old until another run arrives. */
  private staleRunId: string | null = null;
  private readonly rendered = new Map<string, readonly unknown[]>();
  /** The run and selection whose group was last opened for it. */
  private revealed = '';

  private readonly trust = h('div', { class: 'region', attrs: { id: 'trust' } });
  private readonly noticeRegion = h('div', { class: 'region', attrs: { id: 'notice', 'aria-live': 'polite' } });
  private readonly header = h('section', { class: 'region', attrs: { id: 'run-header' } });
  private readonly pick = h('section', { class: 'region', attrs: { id: 'pick', 'aria-label': 'Recommendation' } });
  private readonly results = h('div', { attrs: { id: 'results' } });
  private readonly listLabel = h('h2', { attrs: { id: 'candidates-label' } }, 'Candidates by behaviour');
  private readonly list = h('div', {
    class: 'candidate-list',
    attrs: { id: 'candidate-list', role: 'listbox', tabindex: 0, 'aria-labelledby': 'candidates-label' },
  });
  private readonly details = h('section', { class: 'region', attrs: { id: 'details', 'aria-label': 'Selected candidate' } });
  private readonly runDetailsSummary = h('span', { class: 'muted', attrs: { 'data-role': 'run-summary' } });
  private readonly runDetails = h('div', { attrs: { id: 'run-details' } });
  private runSection: HTMLDetailsElement | null = null;
  private readonly environment = h('div', { class: 'region', attrs: { id: 'environment' } });
  private readonly modelLine = h('div', { class: 'region', attrs: { id: 'current-model' } });
  private readonly groups = new GroupList(
    (id) => {
      this.list.focus();
      this.select(id);
    },
    () => this.renderList(true),
  );
  private readonly controls: ControlsForm;
  private readonly memory: MemoryList;
  private memorySection: HTMLDetailsElement | null = null;
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

  startRun(message: Extract<WebviewToHostMessage, { type: 'run/start' | 'run/rerun' }>): void {
    // The host answers with a new run within a message or two; until then, no live Accept on the old one.
    this.staleRunId = this.state?.run?.runId ?? null;
    this.port.post(message);
    this.scheduleRender();
  }

  /** Applies a validated host message and schedules a render. */
  receive(message: HostToWebviewMessage): void {
    const before = this.state?.run?.runId;
    const { state, notice } = applyHostMessage(this.state, message);
    this.state = state;
    if (notice) {
      this.notice = notice;
      // A refused start leaves the old run current: it is no longer about to be replaced.
      if (notice.level === 'error') this.staleRunId = null;
    } else if (state?.run && state.run.runId !== before) this.notice = null;
    if (state?.run?.runId !== this.staleRunId) this.staleRunId = null;
    if (message.type === 'panel/reveal') this.reveal(message.section);
    this.scheduleRender();
  }

  select(candidateId: number): void {
    const run = this.state?.run;
    if (!run || !run.candidates.some((c) => c.id === candidateId)) return;
    this.view = { ...this.view, runId: run.runId, selectedId: candidateId };
    this.port.saveViewState(this.view);
    this.groups.reveal(run, candidateId);
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

  private reveal(sectionId: 'memory'): void {
    if (this.root.childElementCount === 0 && this.state) this.mount();
    this.setOpen(sectionId, true);
    const target = this.memorySection;
    if (!target) return;
    target.open = true;
    target.scrollIntoView({ block: 'start' });
    target.querySelector<HTMLElement>('summary')?.focus();
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
    const stale = run !== null && run.runId === this.staleRunId;
    const selected = run ? this.selectedId(run) : null;
    const candidate = run?.candidates.find((c) => c.id === selected);
    this.root.classList.toggle('stale', stale);

    this.region('trust', [state.workspaceTrusted], () => replaceContent(this.trust, ...renderTrust(state, this)));
    this.region('notice', [this.notice], () => replaceContent(this.noticeRegion, ...renderNotice(this.notice)));
    this.region('header', [run, state.workspaceTrusted, stale], () => replaceContent(this.header, ...renderRunHeader(state, this, stale)));
    this.region('pick', [run, stale], () => replaceContent(this.pick, ...(run ? renderPick(run, this, stale) : [])));
    this.results.hidden = run === null;
    this.region('list', [run?.runId, run?.candidates, run?.ranking, run?.choice?.candidateId, run?.status, selected], () => this.renderList(false));
    // Only what the details show: a run update that changed another candidate leaves them be.
    const detailInputs = [run?.runId, candidate, run?.targetText, run?.currentTargetText, run?.ranking, run?.choice?.candidateId, run?.choice?.reason, run?.status, stale];
    this.region('details', detailInputs, () =>
      replaceContent(this.details, ...(run && candidate ? renderDetails(run, candidate, this, stale) : [])),
    );
    // Candidates too: the run-wide notes (sandbox, knobs not applied) are read from them.
    this.region('run-details', [run?.candidates, run?.totals, run?.progress, run?.stoppedBy, run?.plan, run?.baseline, run?.notices, run?.verifierStrength, run?.status, samplingStatsKey(run)], () => {
      if (this.runSection) this.runSection.hidden = run === null;
      replaceContent(this.runDetailsSummary, run ? ` · ${runSummary(run)}` : '');
      replaceContent(this.runDetails, ...(run ? renderRunDetails(run) : []));
    });
    this.region('current-model', [state.controls.providerLabel, state.controls.model], () => replaceContent(this.modelLine, ...renderCurrentModel(state.controls, this)));
    this.region('environment', [state.apiKeySet, state.bubblewrapStatus], () => replaceContent(this.environment, ...renderEnvironment(state, this)));
    this.region('controls', [state.controls], () => this.controls.update(state.controls));
    this.region('memory', [state.memory, run?.memoryItemIds], () => this.memory.update(state.memory, run?.memoryItemIds ?? []));
    this.region('footer', [state.bubblewrapStatus], () =>
      replaceContent(this.footer, state.bubblewrapStatus.available ? `Sandbox: ${state.bubblewrapStatus.detail}` : 'Sandbox: none (temp copy)'),
    );
    this.root.setAttribute('aria-busy', 'false');
  }

  private mount(): void {
    this.runSection = section(this, 'run', ['Run details', this.runDetailsSummary], this.runDetails);
    const controlsSection = section(this, 'controls', ['Next run: reasoning, sampling and budgets'], this.controls.element);
    this.memorySection = section(this, 'memory', ['Memory'], this.memory.element);
    this.results.replaceChildren(this.listLabel, this.list, this.details);
    this.root.replaceChildren(
      this.trust,
      this.noticeRegion,
      this.modelLine,
      this.header,
      this.pick,
      this.results,
      this.runSection,
      this.environment,
      controlsSection,
      this.memorySection,
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

  private renderList(force: boolean): void {
    const run = this.state?.run;
    if (!run) return;
    if (force) this.rendered.delete('list');
    const selected = this.selectedId(run);
    // A selection restored from saved view state may sit in a collapsed group: open it, once.
    const revealKey = `${run.runId}:${selected}`;
    if (selected !== null && revealKey !== this.revealed) {
      this.revealed = revealKey;
      this.groups.reveal(run, selected);
    }
    this.groups.update(this.list, run, selected);
    if (selected !== null && this.list.querySelector(`#${optionId(selected)}`)) this.list.setAttribute('aria-activedescendant', optionId(selected));
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
    const next = nextSelection(this.groups.visibleIds(run), this.selectedId(run), event.key);
    if (next === undefined) return;
    event.preventDefault();
    this.select(next);
  }
}
