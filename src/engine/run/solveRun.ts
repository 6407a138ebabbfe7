import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { repairRequest } from '../agreement/repair';
import type { BaselineSummary, Candidate, RunPhase, SolveEvent, SolveResult, StopReason } from '../events';
import { extractCode } from '../extract/extractCode';
import { ModelError, type CompletionChoice, type CompletionRequest } from '../model/types';
import { findRelatedTests } from '../language/relatedTests';
import { agreeingToStop, type SolveOptions } from '../options';
import { buildPrompt, type BuiltPrompt } from '../prompt/buildPrompt';
import { riskSignsOf } from '../risk/riskSigns';
import { rankCandidates, rankContextOf } from '../select/rank';
import { applyToFile, type Task } from '../task';
import { BaselineCheckedVerifier } from '../verify/integrity/accounting';
import { runBaseline } from '../verify/integrity/baseline';
import { planSelection, runSelectedBaseline, SelectedTestsVerifier, type SelectedBaselineRun, type TestSelection } from '../verify/selection/testSelection';
import type { Verifier, VerifierResult } from '../verify/types';
import { AdaptiveTimeLimit, DEFAULT_ADAPTIVE_TIME_LIMIT } from './adaptiveTimeLimit';
import { Limiter } from './asyncQueue';
import { BudgetTracker } from './budget';
import { agreeingVotes, isSettled, newCandidate, recordChoice, stateOf, streamingEscalationStep, TRUNCATED_MESSAGE } from './candidates';
import { confirmationNote, confirmPick } from './confirmPick';
import { codeHash, taskFingerprint, VerificationCache } from './dedupe';
import { ModelPool, type PoolEntry } from './modelPool';
import { modelStatsOf } from './modelStats';
import { finalResult, retrieveCheatsheet } from './runResult';
import { runWaves, waveSettingsFor, type WaveHost } from './waveLoop';

/** Model errors that will fail every request alike: retrying N times only burns time. */
const FATAL_KINDS = new Set<ModelError['kind']>(['auth', 'not-found', 'bad-request']);
/** How long the first request goes alone before the rest of the first wave follows anyway. */
const GATE_GRACE_MS = 1500;
/** OpenAI's cap on `n`: a wave larger than this goes in several requests. */
const MAX_CHOICES_PER_REQUEST = 128;
/** Failures in a row, with no success yet, after which the server is taken to be down. */
const FAILURES_BEFORE_GIVING_UP = 3;

/** One solve: sampling, extraction, dedupe, verification and ranking, reported as events. */
export class SolveRun {
  private readonly runId = randomUUID();
  private readonly candidates: Candidate[] = [];
  private readonly byHash = new Map<string, Candidate>();
  private readonly verifications: Promise<void>[] = [];
  private readonly budget: BudgetTracker;
  private readonly pool: ModelPool;
  private readonly cache: VerificationCache;
  private readonly fingerprint: string;
  private readonly verifyLimiter: Limiter;
  /** Aborts model requests (a stop or cancel); verification continues unless the run is cancelled or out of time. */
  private readonly sampling = new AbortController();
  private readonly verifying = new AbortController();
  private stoppedBy: StopReason | undefined;
  private fatal: ModelError | undefined;
  private successes = 0;
  private failuresInRow = 0;
  private cacheHits = 0;
  private drawn = 0;
  private requests = 0;
  private readonly startedAt = Date.now();
  private prompt: BuiltPrompt | undefined;
  /** What the tests did before sampling; candidates are held to it. */
  private baseline: BaselineSummary | undefined;
  /** Which tests candidates run; with `selected`, the whole command confirms the pick through `wholeVerifier`. */
  private selection: TestSelection | undefined;
  private wholeVerifier: Verifier | undefined;
  private readonly timeLimit: AdaptiveTimeLimit;
  private openGate: () => void = () => undefined;
  /**
   * Resolves when the server has shown it answers (a first fragment or answer), when the
   * first request failed in a way other requests may not, when the run stops, or after
   * {@link GATE_GRACE_MS} — auth and unknown-model errors come back well within it.
   */
  private readonly serverAnswering = new Promise<void>((resolve) => (this.openGate = resolve));

  /**
   * @param prepare Runs once the baseline let the run go on, before the first sample (e.g.
   * asking the model for generated tests): it may wrap the verifier or add options. Kept
   * after the baseline so a run that stops there has made no model request.
   */
  constructor(
    private task: Task,
    private options: SolveOptions,
    private readonly signal: AbortSignal,
    private readonly emit: (event: SolveEvent) => void,
    private readonly prepare?: (options: SolveOptions, signal: AbortSignal) => Promise<SolveOptions>,
  ) {
    this.budget = new BudgetTracker(options.budgets);
    this.pool = new ModelPool(options.pool ?? [{ model: options.model, share: 1, reasoning: options.reasoning, ...(options.reasoningLadder ? { reasoningLadder: options.reasoningLadder } : {}) }]);
    this.cache = options.verificationCache ?? new VerificationCache();
    this.fingerprint = taskFingerprint(task);
    this.verifyLimiter = new Limiter(options.verifyConcurrency);
    this.timeLimit = new AdaptiveTimeLimit(options.adaptiveTimeLimit === false ? undefined : (options.adaptiveTimeLimit ?? DEFAULT_ADAPTIVE_TIME_LIMIT));
    // Every request and test run in flight listens on these; many at once is expected, not a leak.
    setMaxListeners(options.sampling.concurrency + options.verifyConcurrency + 16, this.sampling.signal, this.verifying.signal);
  }

  async run(): Promise<void> {
    const onAbort = (): void => this.stop('cancelled');
    this.signal.addEventListener('abort', onAbort, { once: true });
    const timer = this.options.budgets.maxWallMs ? setTimeout(() => this.stop('time'), this.options.budgets.maxWallMs) : undefined;
    const grace = setTimeout(() => this.openGate(), GATE_GRACE_MS);
    try {
      if (this.signal.aborted) this.stop('cancelled');
      // Every front end gets the related tests, whether or not it looked them up itself.
      if (!this.task.relatedTests) this.task = { ...this.task, relatedTests: await findRelatedTests(this.task) };
      const items = await retrieveCheatsheet(this.task, this.options, this.signal);
      this.prompt = await buildPrompt(this.task, items, { promptTokenBudget: this.options.promptTokenBudget, includeTests: this.options.promptIncludeTests });
      this.emit({
        type: 'run/started',
        runId: this.runId,
        task: { filePath: this.task.filePath, functionName: this.task.functionName, language: this.task.language, testCommand: this.task.testCommand, targetKind: this.task.targetKind },
        n: this.options.sampling.n,
        promptTokens: this.prompt.promptTokens,
        cheatsheetItems: items,
        verifier: this.options.verifier.description,
        startedAt: this.startedAt,
      });
      // The baseline said the tests never reach the target: run/error is out, nothing was sampled.
      if (!(await this.beforeSampling())) return;
      if (this.options.waves) {
        await runWaves(this.waveHost(), waveSettingsFor(this.options, this.options.waves));
        // Reaching N with agreement is a completed run, not an early stop.
        if (this.drawn < this.options.sampling.n) this.checkEarlyStop(true);
      } else {
        this.phase('sampling');
        await this.drawUpTo(this.options.sampling.n);
        // Waves report their own testing; here the last tests may still be running.
        this.phase('verifying');
      }
      // Verification promises are only added by sampling, which has finished.
      await Promise.all(this.verifications);
      if (!this.fatal) await this.confirmWithWholeCommand();
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      this.signal.removeEventListener('abort', onAbort);
    }
    if (this.fatal) {
      this.emit({ type: 'run/error', runId: this.runId, message: this.fatal.message, kind: this.fatal.kind });
      return;
    }
    this.emit({ type: 'run/finished', runId: this.runId, result: this.result() });
  }

  /**
   * The baseline and witness runs (unless turned off), then `prepare`. False when the run
   * must stop here; a cancel during the baseline lets the run end as cancelled instead.
   */
  private async beforeSampling(): Promise<boolean> {
    if (this.options.baseline !== false && !this.stoppedBy) {
      this.phase('baseline');
      const inner = this.options.verifier;
      // The selected tests' run on the current code goes beside the baseline and witness, costing no extra wait.
      const selecting: Promise<SelectedBaselineRun> =
        this.options.selectTests === false ? Promise.resolve({ ok: false, reason: 'test selection is off' }) : runSelectedBaseline(this.task, inner, this.verifying.signal);
      const [outcome, selectedRun] = await Promise.all([runBaseline(this.task, inner, this.verifying.signal), selecting]);
      if (outcome.cancelled) return true;
      const plan = planSelection(this.task, selectedRun, outcome.summary);
      this.selection = plan.selection;
      this.baseline = { ...outcome.summary, selection: plan.selection };
      this.emit({ type: 'run/baseline', runId: this.runId, baseline: this.baseline });
      if (outcome.stop) {
        this.emit({ type: 'run/error', runId: this.runId, message: outcome.stop.message, kind: outcome.stop.kind });
        return false;
      }
      this.wholeVerifier = new BaselineCheckedVerifier(inner, outcome.summary);
      const verifier = plan.expected ? new BaselineCheckedVerifier(new SelectedTestsVerifier(inner, plan.selection.command), plan.expected) : this.wholeVerifier;
      this.options = { ...this.options, verifier };
    }
    if (this.options.generatedTests && this.prepare && !this.stoppedBy) this.phase('generating-tests');
    if (this.prepare && !this.stoppedBy) this.options = await this.prepare(this.options, this.signal);
    return true;
  }

  /** Tells listeners what the run is doing now (the panel's header shows it). */
  private phase(phase: RunPhase, wave?: number): void {
    this.emit({ type: 'run/phase', runId: this.runId, phase, ...(wave !== undefined ? { wave } : {}) });
  }

  /** Samples until `until` are drawn (or the run stops), in `concurrency` loops; a fixed wave when given. */
  private async drawUpTo(until: number, wave?: { number: number; step: number }): Promise<void> {
    const span = until - this.drawn;
    await Promise.all(Array.from({ length: Math.min(this.options.sampling.concurrency, span) }, (_, i) => this.sampleLoop(i === 0, until, span, wave)));
  }

  private waveHost(): WaveHost {
    return {
      drawn: () => this.drawn,
      stopped: () => this.stoppedBy !== undefined,
      candidates: () => this.candidates,
      drawWave: async (size, wave, step) => {
        this.phase('sampling', wave);
        await this.drawUpTo(this.drawn + size, { number: wave, step });
        this.phase('verifying', wave);
        await Promise.all(this.verifications);
      },
      repair: (target, wave, step) => this.repair(target, wave, step),
    };
  }

  /**
   * A repair round: one sample whose prompt is the failing candidate and its test output,
   * asked of the model that wrote it; verified like any other.
   */
  private async repair(target: Candidate, wave: number, step: number): Promise<void> {
    if (target.code === undefined || !target.verification) return;
    this.drawn++;
    const entry = this.pool.entryFor(target.model);
    entry.drawn++;
    const reasoning = this.pool.reasoningAt(entry, step);
    const c: Candidate = { ...newCandidate(this.candidates.length + 1, wave, reasoning, []), ...this.modelOf(entry), origin: 'repair', repairOf: target.id };
    this.candidates.push(c);
    this.update(c);
    const s = this.options.sampling;
    await this.sample([c], entry, repairRequest(this.task, { code: target.code, verification: target.verification }, { reasoning, maxTokens: s.maxTokens, timeoutMs: s.requestTimeoutMs }));
    await Promise.all(this.verifications);
  }

  /** One of `concurrency` loops drawing requests until `until` samples are drawn or the run stops. */
  private async sampleLoop(first: boolean, until: number, span: number, fixed?: { number: number; step: number }): Promise<void> {
    // Only the first loop starts at once: a wrong key or model fails one request, not a whole wave.
    if (!first) await this.serverAnswering;
    const { concurrency } = this.options.sampling;
    // With `n` support a request carries several choices. Streaming keeps batches small so early
    // stop stays responsive; a wave is decided on only when whole, so it goes in as few requests
    // as possible, each paying for the prompt once.
    const perRequest = fixed ? span : Math.ceil(span / concurrency);
    const batch = (entry: PoolEntry): number => (entry.member.model.profile.supportsN ? Math.max(1, Math.min(fixed ? MAX_CHOICES_PER_REQUEST : 8, perRequest)) : 1);
    while (!this.stoppedBy && this.drawn < until) {
      const { entry, count } = this.pool.take(until - this.drawn, batch);
      this.drawn += count;
      const wave = fixed?.number ?? Math.floor(this.requests++ / concurrency) + 1;
      const reasoning = this.pool.reasoningAt(entry, fixed?.step ?? streamingEscalationStep(this.candidates, wave));
      const first = this.candidates.length + 1;
      const group = Array.from({ length: count }, (_, i) => ({ ...newCandidate(first + i, wave, reasoning, this.prompt?.cheatsheetItemIds ?? []), ...this.modelOf(entry) }));
      this.candidates.push(...group);
      group.forEach((c) => this.update(c));
      await this.sample(group, entry);
    }
  }

  /** Candidates of a mixed pool name their model; with one model there is nothing to tell apart. */
  private modelOf(entry: PoolEntry): Pick<Candidate, 'model'> {
    return this.pool.mixed ? { model: entry.label } : {};
  }

  private async sample(group: Candidate[], entry: PoolEntry, request?: CompletionRequest): Promise<void> {
    const s = this.options.sampling;
    let choices: CompletionChoice[];
    try {
      choices = await entry.member.model.complete(
        request ?? {
          messages: this.prompt?.messages ?? [],
          n: group.length,
          temperature: s.temperature,
          topP: s.topP,
          maxTokens: s.maxTokens,
          reasoning: group[0]?.reasoning ?? entry.member.reasoning,
          timeoutMs: s.requestTimeoutMs,
        },
        this.sampling.signal,
        (delta) => {
          this.openGate();
          const c = group[delta.index];
          if (c) this.emit({ type: 'candidate/delta', runId: this.runId, candidateId: c.id, content: delta.content, reasoning: delta.reasoning, ...(delta.reset ? { reset: true } : {}) });
        },
      );
    } catch (error) {
      this.sampleFailed(group, error);
      this.openGate();
      return;
    }
    this.openGate();
    this.successes++;
    this.failuresInRow = 0;
    group.forEach((c, i) => {
      const choice = choices.find((ch) => ch.index === i) ?? choices[i];
      if (!choice) return this.settle(c, 'error', 'the server returned fewer choices than requested');
      this.accept(c, choice);
    });
    const spent = this.budget.exceeded();
    if (spent) this.stop(spent.reason, spent.message);
  }

  private sampleFailed(group: Candidate[], error: unknown): void {
    const e = error instanceof ModelError ? error : new ModelError(error instanceof Error ? error.message : String(error), 'bad-response');
    if (e.kind === 'cancelled' || this.sampling.signal.aborted) {
      group.forEach((c) => this.settle(c, 'cancelled', this.stoppedBy ? `sampling stopped (${this.stoppedBy})` : 'cancelled'));
      return;
    }
    this.failuresInRow++;
    const serverDown = this.successes === 0 && (e.kind === 'network' || this.failuresInRow >= FAILURES_BEFORE_GIVING_UP);
    if (FATAL_KINDS.has(e.kind) || serverDown) {
      this.fatal ??= e;
      this.stop('error');
    }
    group.forEach((c) => this.settle(c, 'error', e.message));
  }

  /** Extraction and dedupe of one answer; distinct code goes to verification. */
  private accept(c: Candidate, choice: CompletionChoice): void {
    recordChoice(c, choice, this.budget.add(choice.usage, this.pool.entryFor(c.model).member.prices));
    const extraction = extractCode(this.task, choice.content);
    if (!extraction.ok) {
      if (choice.finishReason === 'length' && extraction.empty) return this.settle(c, 'truncated', TRUNCATED_MESSAGE);
      const cut = choice.finishReason === 'length' ? ' (the answer hit the token limit)' : '';
      return this.settle(c, 'rejected', extraction.reason + cut);
    }
    c.code = extraction.code;
    c.codeHash = codeHash(extraction.code, this.task.language);
    const original = this.byHash.get(c.codeHash);
    if (original) {
      c.duplicateOf = original.id;
      original.votes++;
      this.settle(c, 'duplicate');
      this.update(original);
      if (original.verification) this.rerank();
      return;
    }
    this.byHash.set(c.codeHash, c);
    c.state = 'queued';
    this.update(c);
    this.verifications.push(this.verify(c));
  }

  private async verify(c: Candidate): Promise<void> {
    try {
      await this.verifyLimiter.run(async () => {
        if (this.verifying.signal.aborted) return this.settle(c, 'cancelled', 'the run stopped before this candidate was tested');
        c.state = 'verifying';
        this.update(c);
        const fileText = applyToFile(this.task, c.code ?? '');
        const key = VerificationCache.key(this.fingerprint, c.codeHash ?? '');
        const timed = this.timeLimit.start(this.verifying.signal);
        let outcome: { result: VerifierResult; cached: boolean };
        try {
          outcome = await this.cache.getOrVerify(key, () => this.options.verifier.verify({ task: this.task, candidateId: c.id, fileText }, timed.signal));
        } finally {
          timed.end();
        }
        const { cached } = outcome;
        const result = this.overAdaptiveLimit(outcome.result, timed.stoppedAtMs());
        if (cached) this.cacheHits++;
        else if (result.status === 'passed') this.timeLimit.recordPass(result.durationMs);
        c.verification = result;
        // Shown on the card as soon as the verdict is in, not only when the run ends.
        const signs = riskSignsOf(c, rankContextOf(this.task));
        if (signs.length) c.riskSigns = signs;
        this.settle(c, stateOf(result));
        this.rerank();
      });
    } catch (error) {
      this.settle(c, 'error', `the test run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A run the adaptive limit stopped is a timeout (not a cancel), with the limit and why in its reason. */
  private overAdaptiveLimit(result: VerifierResult, stoppedAtMs: number | undefined): VerifierResult {
    if (result.status !== 'cancelled' || stoppedAtMs === undefined || this.verifying.signal.aborted) return result;
    const policy = this.options.adaptiveTimeLimit || DEFAULT_ADAPTIVE_TIME_LIMIT;
    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    return {
      ...result,
      status: 'timeout',
      reason: `stopped at ${s(stoppedAtMs)}: the run's adaptive limit (${policy.factor} × the slowest passing candidate, at least ${s(policy.floorMs)}) instead of the full time limit`,
    };
  }

  /** With selected tests, the whole command runs on the pick (and on the next if one fails it). */
  private async confirmWithWholeCommand(): Promise<void> {
    if (this.selection?.mode !== 'selected' || !this.wholeVerifier) return;
    await confirmPick({
      task: this.task,
      candidates: this.candidates,
      options: this.options,
      stoppedBy: this.stoppedBy ?? 'completed',
      whole: this.wholeVerifier,
      selection: this.selection,
      signal: this.verifying.signal,
      update: (c) => this.update(c),
    });
  }

  private rerank(): void {
    const { ranking, scores } = rankCandidates(this.candidates, this.options.agreementProbes, rankContextOf(this.task));
    for (const c of this.candidates) c.score = scores[c.id];
    this.emit({ type: 'ranking/updated', runId: this.runId, ranking, scores });
    this.checkEarlyStop();
  }

  /**
   * Stops sampling once enough verified candidates (duplicates included) pass and behave alike.
   * With waves the check waits for the whole wave (`waveEnded`): a wave's first two answers
   * agreeing by chance must not cut off the rest of it, which the wave policy decides on.
   */
  private checkEarlyStop(waveEnded = false): void {
    const need = agreeingToStop(this.options);
    if (need <= 0 || this.stoppedBy || (this.options.waves && !waveEnded)) return;
    const best = agreeingVotes(this.candidates, this.options.agreementProbes).top;
    if (best >= need) this.stop('early-stop', `${best} verified candidates pass every test and agree; sampling stopped early.`);
  }

  private stop(reason: StopReason, message?: string): void {
    if (this.stoppedBy && reason !== 'cancelled') return;
    if (this.stoppedBy === 'cancelled') return;
    this.stoppedBy = reason;
    this.openGate();
    this.sampling.abort();
    // Tests already sampled still run after a token/cost/early stop; a cancel, the wall-time limit or a dead model ends them too.
    if (reason === 'cancelled' || reason === 'time' || reason === 'error') this.verifying.abort();
    if (reason === 'early-stop' || reason === 'tokens' || reason === 'cost' || reason === 'time') {
      const text = message ?? `Wall-time budget of ${Math.round((this.options.budgets.maxWallMs ?? 0) / 1000)} s spent; the run stops.`;
      this.emit({ type: 'budget/notice', runId: this.runId, budget: reason, message: text });
    }
  }

  private settle(c: Candidate, state: Candidate['state'], rejection?: string): void {
    if (isSettled(c.state) && c.state !== 'duplicate') return;
    c.state = state;
    if (rejection) c.rejection = rejection;
    this.update(c);
  }

  private update(c: Candidate): void {
    this.emit({ type: 'candidate/updated', runId: this.runId, candidate: structuredClone(c) });
  }

  private result(): SolveResult {
    for (const c of this.candidates) if (!isSettled(c.state)) this.settle(c, 'cancelled', 'the run stopped first');
    const final = finalResult(this.runId, this.candidates, this.options, this.stoppedBy ?? 'completed', { wallMs: Date.now() - this.startedAt, cacheHits: this.cacheHits, baseline: this.baseline, task: this.task });
    const result = this.pool.mixed ? { ...final, models: modelStatsOf(this.pool, final.candidates, final.choice?.candidateId) } : final;
    if (!this.selection) return result;
    const choice = result.choice && this.selection.mode === 'selected' ? { ...result.choice, reason: `${result.choice.reason} ${confirmationNote(this.selection, result.choice.candidateId)}` } : result.choice;
    return { ...result, choice, testSelection: structuredClone(this.selection) };
  }
}
