import * as vscode from 'vscode';
import type { Task, TextRange } from '../engine/task';
import type { ControlUpdate, PanelCommand, RunView, WebviewToHostMessage } from '../protocol';
import type { RunContext } from './acceptFlow';
import { acceptCandidate, openCandidateDiff } from './acceptFlow';
import type { FunctionRelocator } from './acceptPlan';
import { planAccept } from './acceptPlan';
import { ApiKeyStore } from './apiKeyStore';
import { CandidateDocuments } from './candidateDocuments';
import type { ReviewSource } from './candidateReview';
import { linkTokenToController } from './cancellation';
import { currentSettings, writeSetting } from './configuration';
import { settingForControl } from './controls';
import { Disposable } from './disposable';
import type { EnginePort } from './enginePort';
import type { ExtensionLog } from './log';
import type { PanelActions } from './panelConnection';
import type { MemoryMessage, MemoryService } from './memoryService';
import type { PanelStore } from './panelStore';
import { announceRun } from './runNotices';
import { prepareOptions } from './runOptions';
import { runSession } from './runSession';
import { acceptedTask, rebaseRun } from './runView';
import type { SolveArgs } from './solveArgs';
import { RunBaselines } from './runBaselines';
import type { Baseline } from './runBaselines';
import { reportProviderSources } from './settingSources';
import { RunStatusBar } from './statusBar';
import { checkTrust } from './trust';
import { confirmClearMemory } from './runNotices';
import { languageOf, buildTask } from './taskFromDocument';
import { pickTarget, targetByName } from './targetPicker';
import { resolveTestCommand } from './testCommandPicker';
import { needsTestsFirst, offerTestsFirst, writeTestsFirst } from './writeTestsFirst';

interface ActiveRun {
  /** The texts the document is known to have held; `current.task` is what Accept starts from. */
  baselines: RunBaselines;
  documentUri: vscode.Uri;
  /** Null until the engine has started the run. */
  run: RunView | null;
  controller: AbortController | undefined;
}

/**
 * Owns runs: builds the task from the editor and the options from settings + secrets,
 * drives the engine, keeps the panel store current, and carries out Accept / diff /
 * cancel / re-run. One run at a time.
 */
export class RunController extends Disposable implements PanelActions, ReviewSource {
  private current: ActiveRun | undefined;
  private readonly docs = this._register(new CandidateDocuments());
  private readonly accepted = this._register(new vscode.EventEmitter<{ runId: string; candidateId: number }>());
  /** Fires after a candidate was written into the editor: diffs of the old text are stale. */
  readonly onDidAccept = this.accepted.event;
  private readonly statusBar = this._register(new RunStatusBar());
  private readonly keys: ApiKeyStore;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Remote-override warnings already shown this session: the log repeats them, the toast does not. */
  private readonly warnedOverrides = new Set<string>();
  /** Aborts background curation calls when the extension goes away. */
  private readonly curation = new AbortController();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: PanelStore,
    private readonly log: ExtensionLog,
    private readonly engine: () => Promise<EnginePort>,
    private readonly memoryService: MemoryService,
  ) {
    super();
    this.keys = new ApiKeyStore(context.secrets);
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e.document)));
    this._register({ dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) });
    this._register({ dispose: () => this.current?.controller?.abort(new Error('Extension deactivated')) });
    this._register({ dispose: () => this.curation.abort(new Error('Extension deactivated')) });
  }

  get running(): boolean {
    return this.current?.controller !== undefined;
  }

  /** `bestOfN.solve`: resolves with the finished run, or undefined when nothing ran. */
  async solve(args: SolveArgs = {}): Promise<RunView | undefined> {
    const target = await this.taskFromEditor(args);
    return target && this.launch(target.task, target.documentUri);
  }

  /** `bestOfN.writeTestsFirst`: proposes tests for the target, writes them on Accept, then solves. */
  async writeTestsFirst(args: SolveArgs = {}): Promise<RunView | undefined> {
    const target = await this.taskFromEditor(args);
    return target && this.testsFirstThenSolve(target.task, target.documentUri);
  }

  /** The task for the function under the cursor (or named in `args`); undefined when the user backed out. */
  private async taskFromEditor(args: SolveArgs): Promise<{ task: Task; documentUri: vscode.Uri } | undefined> {
    if (!(await checkTrust(this.log))) return undefined;
    if (this.running) {
      this.log.warn('Refused to run: a run is already going.');
      void vscode.window.showInformationMessage('Best-of-N: a run is already going. Cancel it first, or wait for it to finish.');
      return undefined;
    }
    const document = args.uri
      ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri.toString()))
      : vscode.window.activeTextEditor?.document;
    if (!document) throw new Error('Open the file with the function to solve first.');
    if (document.uri.scheme !== 'file') throw new Error('Best-of-N works on files on disk: its tests run in the workspace folder.');
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) throw new Error(`${vscode.workspace.asRelativePath(document.uri)} is not in an open workspace folder; tests run in the workspace, so open its folder first.`);
    const engine = await this.engine();
    let target;
    if (args.functionName) {
      target = await targetByName(engine, document, args.functionName);
      if (!target) throw new Error(`No function named ${args.functionName} in ${vscode.workspace.asRelativePath(document.uri)}.`);
    } else {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? (await vscode.window.showTextDocument(document));
      target = await pickTarget(engine, editor);
      if (!target) {
        this.log.info('No run: no function was picked.');
        return undefined;
      }
    }
    const { settings } = currentSettings(document.uri);
    const language = languageOf(document.languageId, document.fileName);
    const testCommand = args.testCommand ?? (await resolveTestCommand(settings.verify.testCommand, folder.uri, language, this.context.workspaceState));
    if (!testCommand) {
      this.log.info('No run: no test command was chosen.');
      return undefined;
    }
    const task = buildTask({
      workspaceRoot: folder.uri.fsPath,
      documentPath: document.uri.fsPath,
      text: document.getText(),
      languageId: document.languageId,
      range: target.range,
      targetKind: target.targetKind,
      ...(target.functionName ? { functionName: target.functionName } : {}),
      ...(target.spec ? { spec: target.spec } : {}),
      testCommand,
    });
    this.log.info(`Target: ${task.filePath} ${task.functionName ?? '(selection)'} [${task.targetKind}, from ${target.source}], ${task.range.end - task.range.start} characters.`);
    return { task, documentUri: document.uri };
  }

  /** Write tests first (see {@link writeTestsFirst}); the run starts only when tests were written. */
  private async testsFirstThenSolve(task: Task, documentUri: vscode.Uri): Promise<RunView | undefined> {
    const { settings } = currentSettings(documentUri);
    const engine = await this.engine();
    const options = await prepareOptions({ task, settings, keys: this.keys, engine, log: this.log });
    if (!options) return undefined;
    // Only the model is needed to propose; the run prepares its own verifier.
    void options.verifier.dispose();
    const generated = options.generatedTests;
    const written = await writeTestsFirst(
      task,
      {
        propose: (readText, signal) =>
          engine.proposeTests(task, { model: options.model, python: generated?.python ?? 'python3', count: generated?.count ?? 10, reasoning: options.reasoning, maxTokens: options.sampling.maxTokens, readText }, signal),
        putDocument: (label, fileName, text) => this.docs.put('tests-first', label, fileName, text),
        log: this.log,
      },
    );
    return written ? this.launch(task, documentUri, false) : undefined;
  }

  /** Re-runs the last task on the document as it is now (the target relocated if it moved). */
  async rerun(runId?: string): Promise<void> {
    const last = this.current;
    if (!last) throw new Error('Nothing to re-run yet: solve a function first.');
    if (runId !== undefined && runId !== last.run?.runId) return;
    if (!(await checkTrust(this.log))) return;
    if (this.running) throw new Error('A run is still going; cancel it first.');
    const document = await vscode.workspace.openTextDocument(last.documentUri);
    const engine = await this.engine();
    this.followDocument(last, document.getText());
    const base = last.baselines.current.task;
    const plan = planAccept(base, document.getText(), this.relocator(engine, base));
    const range = plan.kind === 'apply' ? plan.range : plan.relocated;
    if (!range) throw new Error(plan.kind === 'conflict' ? plan.reason : 'The target is gone.');
    const task: Task = { ...base, fileText: document.getText(), range };
    void this.launch(task, document.uri);
  }

  /** @param offerTests Offer to write tests first when the run finds none (not right after writing them). */
  private async launch(task: Task, documentUri: vscode.Uri, offerTests = true): Promise<RunView | undefined> {
    const { settings, problems } = currentSettings(documentUri);
    for (const problem of problems) this.log.warn(problem);
    if (problems.length > 0) void vscode.window.showWarningMessage(`Best-of-N: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more in the log)` : ''}`);
    await reportProviderSources({ log: this.log, resource: documentUri, globalStorage: this.context.globalStorageUri, warned: this.warnedOverrides });
    const engine = await this.engine();
    const sheet = await this.memoryService.get(settings).catch((error: unknown) => {
      this.log.warn(`Memory unavailable for this run: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    const options = await prepareOptions({ task, settings, keys: this.keys, engine, log: this.log, extra: sheet ? { cheatsheet: sheet.port } : { cheatsheetTokenBudget: 0 } });
    if (!options) return undefined;
    const verifier = options.verifier;

    const controller = new AbortController();
    const previous = this.current;
    this.current = { run: null, baselines: new RunBaselines(task), documentUri, controller };
    await this.setContext(true);
    this.statusBar.start();
    let finished: RunView | undefined;
    try {
      finished = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Best-of-N', cancellable: true },
        async (progress, token) => {
          const link = linkTokenToController(token, controller);
          let reported = 0;
          try {
            return await runSession(
              {
                solve: engine.solve,
                store: this.store,
                log: this.log,
                now: Date.now,
                onResult: (result) => {
                  if (!sheet || result.stoppedBy === 'cancelled') return;
                  // Learning happens after the run, in the background: the user's result is not held up.
                  void this.memoryService.curate(settings, { task, result, model: options.model, signal: this.curation.signal });
                },
                onUpdate: (run) => {
                  if (this.current) this.current.run = run;
                  this.statusBar.update(run);
                  const drawn = run.totals.samples;
                  progress.report({ message: `${drawn}/${run.n} sampled · ${run.totals.verified} verified`, increment: run.n > 0 ? ((drawn - reported) / run.n) * 100 : 0 });
                  reported = drawn;
                },
              },
              task,
              options,
              controller.signal,
            );
          } finally {
            link.dispose();
          }
        },
      );
      if (this.current) this.current.run = finished;
      this.docs.prune(finished.runId);
      if (offerTests && needsTestsFirst(finished)) void this.offerTestsFirstAfter(finished, task, documentUri);
      else announceRun(finished, this.log);
      return finished;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Run failed: ${message}`);
      this.store.notice('error', message);
      void vscode.window.showErrorMessage(`Best-of-N: ${message}`, 'Show Log').then((c) => c && this.log.channel.show());
      return undefined;
    } finally {
      if (this.current) this.current.controller = undefined;
      // A run that never started leaves the previous one as the one Accept and Re-run refer to.
      if (this.current?.run === null) this.current = previous;
      this.statusBar.stop();
      await this.setContext(false);
      void verifier.dispose().catch((e: unknown) => this.log.warn(`Verifier cleanup: ${String(e)}`));
    }
  }

  private async offerTestsFirstAfter(run: RunView, task: Task, documentUri: vscode.Uri): Promise<void> {
    const reason = run.error?.message ?? 'no test ran, so no candidate could be verified.';
    try {
      if (await offerTestsFirst(reason, task.functionName ?? task.filePath)) await this.testsFirstThenSolve(task, documentUri);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Write tests first: ${message}`);
      void vscode.window.showErrorMessage(`Best-of-N: ${message}`);
    }
  }

  cancel(runId?: string): void {
    const active = this.current;
    if (!active?.controller) return;
    if (runId !== undefined && active.run !== null && runId !== active.run.runId) return;
    this.log.info('Cancelling the run.');
    active.controller.abort(new Error('Cancelled'));
  }

  /** The run and candidate a command means, with the baseline matching the document's text now. */
  private async candidateFor(runId: string | undefined, candidateId: number | undefined): Promise<{ ctx: RunContext; candidateId: number }> {
    const active = this.current;
    if (!active?.run) throw new Error('No run yet: solve a function first.');
    const document = await vscode.workspace.openTextDocument(active.documentUri);
    this.followDocument(active, document.getText());
    if (!active.run) throw new Error('No run yet: solve a function first.');
    const ctx: RunContext = { run: active.run, task: active.baselines.current.task, documentUri: active.documentUri };
    if (runId !== undefined && runId !== ctx.run.runId) throw new Error('That run was replaced by a newer one.');
    const id = candidateId ?? ctx.run.choice?.candidateId ?? ctx.run.abstention?.bestPartialId ?? ctx.run.ranking[0];
    if (id === undefined) throw new Error('The run has no candidate to use yet.');
    return { ctx, candidateId: id };
  }

  private relocator(engine: EnginePort, task: Task): FunctionRelocator {
    return (text, name) => {
      const found = engine.listFunctions(text, task.language).find((f) => f.name === name);
      return task.targetKind === 'body' ? found?.bodyRange : found?.range;
    };
  }

  async accept(runId: string | undefined, candidateId?: number, applyToNewText?: boolean): Promise<void> {
    await this.acceptCandidate(runId, candidateId, applyToNewText);
  }

  /** Accept with a result, for the command: true when the editor changed. */
  async acceptCandidate(runId: string | undefined, candidateId?: number, applyToNewText?: boolean): Promise<boolean> {
    const { ctx, candidateId: id } = await this.candidateFor(runId, candidateId);
    const candidate = ctx.run.candidates.find((c) => c.id === id);
    if (!candidate) throw new Error(`There is no candidate #${id} in this run.`);
    const engine = await this.engine();
    const applied = await acceptCandidate({
      ctx,
      candidate,
      docs: this.docs,
      log: this.log,
      relocate: this.relocator(engine, ctx.task),
      ...(applyToNewText !== undefined ? { applyToNewText } : {}),
      rerun: () => this.rerun(),
      baselineFor: (text) => {
        const active = this.current;
        if (!active || active.run?.runId !== ctx.run.runId) return ctx.task;
        this.followDocument(active, text);
        return active.baselines.current.task;
      },
      onApplied: (edit) => this.rebaseAfterAccept(ctx.run.runId, id, edit),
    });
    if (applied) {
      this.store.notice('info', `Candidate #${id} was applied to ${ctx.task.filePath}; undo restores the previous text.`);
      this.accepted.fire({ runId: ctx.run.runId, candidateId: id });
    }
    return applied;
  }

  /** The review's view of the current run: the baseline for the document now, the relocator and the diff documents. */
  async reviewContext(): Promise<{ ctx: RunContext; relocate: FunctionRelocator; docs: CandidateDocuments }> {
    const { ctx } = await this.candidateFor(undefined, undefined);
    const engine = await this.engine();
    return { ctx, relocate: this.relocator(engine, ctx.task), docs: this.docs };
  }

  /** The accepted text becomes the run's baseline, so the panel shows no conflict for its own edit. */
  private rebaseAfterAccept(runId: string, candidateId: number, edit: { before: string; after: string; range: TextRange }): void {
    const active = this.current;
    if (!active || active.run?.runId !== runId) return;
    active.baselines.accepted(acceptedTask(active.baselines.current.task, edit.before, edit.after, edit.range), candidateId);
    const run = this.store.run;
    if (run?.runId !== runId) return;
    active.run = rebaseRun(run, active.baselines.current.task);
    this.store.setRun(active.run);
  }

  /**
   * When the document's text is one the run knows (its start, or an accepted candidate), that
   * text becomes the baseline again and the panel says so: undo after Accept is no conflict.
   */
  private followDocument(active: ActiveRun, text: string): Baseline | undefined {
    const baseline = active.baselines.follow(text);
    const run = this.store.run;
    if (!baseline || !active.run || run?.runId !== active.run.runId) return baseline;
    active.run = rebaseRun(run, baseline.task);
    this.store.setRun(active.run);
    const what = baseline.task.functionName ?? 'the selected code';
    const message =
      baseline.acceptedCandidateId === undefined
        ? `The document holds the original text of ${what} again, as the run started; Accept applies to it directly.`
        : `The document holds candidate #${baseline.acceptedCandidateId} again.`;
    this.log.info(message);
    this.store.notice('info', message);
    return baseline;
  }

  async openDiff(runId: string | undefined, candidateId?: number): Promise<void> {
    const { ctx, candidateId: id } = await this.candidateFor(runId, candidateId);
    const candidate = ctx.run.candidates.find((c) => c.id === id);
    if (!candidate) throw new Error(`There is no candidate #${id} in this run.`);
    const engine = await this.engine();
    await openCandidateDiff(ctx, candidate, this.docs, this.relocator(engine, ctx.task));
  }

  /** The panel's Solve button. */
  async start(): Promise<void> {
    await this.solve();
  }

  async updateControl(update: Extract<WebviewToHostMessage, { type: 'controls/update' }>): Promise<void> {
    const { type: _type, ...control } = update;
    const { key, value } = settingForControl(control as ControlUpdate);
    await writeSetting(key, value, this.current?.documentUri);
  }

  async memory(message: MemoryMessage): Promise<void> {
    if (message.type === 'memory/clear' && !(await confirmClearMemory())) return;
    await this.memoryService.apply(currentSettings(this.current?.documentUri).settings, message);
  }

  async executeCommand(command: PanelCommand): Promise<void> {
    const ids: Record<PanelCommand, [string, ...unknown[]]> = {
      setApiKey: ['bestOfN.setApiKey'],
      showLog: ['bestOfN.showLog'],
      manageTrust: ['workbench.trust.manage'],
      openSettings: ['workbench.action.openSettings', '@ext:best-of-n.best-of-n'],
      chooseModel: ['bestOfN.chooseModel'],
    };
    const [id, ...args] = ids[command];
    await vscode.commands.executeCommand(id, ...args);
  }

  private async setContext(running: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'bestOfN.running', running);
    await vscode.commands.executeCommand('setContext', 'bestOfN.hasRun', this.store.run !== null);
  }

  /** Keeps `currentTargetText` in the run view while the user edits the run's document. */
  private onDocumentChanged(document: vscode.TextDocument): void {
    const ctx = this.current;
    if (!ctx?.run || document.uri.toString() !== ctx.documentUri.toString()) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      void this.engine().then((engine) => {
        const run = this.store.run;
        if (!run || run.runId !== ctx.run?.runId) return;
        const text = document.getText();
        if (this.followDocument(ctx, text)) return;
        const base = ctx.baselines.current.task;
        const plan = planAccept(base, text, this.relocator(engine, base));
        const { currentTargetText: _old, ...rest } = run;
        const next: RunView =
          plan.kind === 'apply' ? rest : { ...rest, currentTargetText: plan.relocated ? text.slice(plan.relocated.start, plan.relocated.end) : '' };
        ctx.run = next;
        this.store.setRun(next);
      });
    }, 300);
  }
}
