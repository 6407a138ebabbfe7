/*
 * The messages between the extension host and the panel webview: types only.
 *
 * The webview imports only `src/protocol*.ts`, so this module defines its own view types
 * rather than reusing the engine's: the host maps engine objects onto these shapes. The
 * host owns the state and pushes snapshots and deltas; the webview keeps only view state
 * (selection, collapsed sections) and says `ready` before the host posts anything.
 *
 * Diffs: the host sends the candidate's `code` and the run's `targetText` (and, when
 * the document changed since the run started, `currentTargetText`); the webview
 * computes the line diff with src/engine/diff/lineDiff.ts — the same pure module the CLI
 * prints its diffs with — so the two cannot disagree and streaming code costs no extra
 * messages.
 *
 * Every inbound message is validated before it is used: `parseWebviewMessage`
 * (src/protocolWebviewMessages.ts, host side) and `parseHostMessage`
 * (src/protocolHostMessages.ts, webview side). Those validators are typed against these
 * interfaces, so the two cannot drift apart.
 */

// ---------------------------------------------------------------------------
// View types
// ---------------------------------------------------------------------------

/** A candidate's life: sampling → (rejected | truncated | duplicate | queued → verifying) → verdict. */
export type CandidateStateView =
  | 'sampling'
  | 'rejected'
  | 'truncated'
  | 'duplicate'
  | 'queued'
  | 'verifying'
  | 'passed'
  | 'failed'
  | 'timeout'
  | 'error'
  | 'cancelled'
  | 'tampered';

/** Reasoning effort values of the OpenAI API; `none` asks for no reasoning. */
export type ReasoningEffortView = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/** The effort control's value: `default` sends no `reasoning_effort` at all. */
export type EffortChoice = ReasoningEffortView | 'default';

/** Reasoning controls of one request (or of a run: what it asked for). */
export interface ReasoningView {
  /** `reasoning_effort` asked for; absent sends none. */
  effort?: ReasoningEffortView;
  /** Cap on reasoning tokens. */
  budgetTokens?: number;
  /** No thinking at all. */
  fastMode?: boolean;
}

/** How samples are drawn: `adaptive` in waves that stop once verified candidates agree, `all` N at once. */
export type WavesModeView = 'adaptive' | 'all';

/** How a run samples: waves, repair and the reasoning ladder it may climb. */
export interface SamplingPlanView {
  /** `adaptive`: waves tested one by one, stopping on agreement; `all`: N at once. */
  mode: WavesModeView;
  /** Fixed wave size; absent with `adaptive` means the engine's growing schedule. */
  waveSize?: number;
  /** A wave with nothing passing may be followed by a repair of the best near miss. */
  repair: boolean;
  /** Reasoning settings from cheapest to the ceiling; one step means no escalation. */
  ladder: ReasoningView[];
}

/** Which limit ended sampling. */
export type StopReasonView = 'completed' | 'early-stop' | 'tokens' | 'cost' | 'time' | 'cancelled' | 'error';

/** Token counts of one candidate. */
export interface UsageView {
  /** Prompt tokens. */
  prompt: number;
  /** Completion tokens, reasoning included where the server counts it so. */
  completion: number;
  /** Reasoning (thinking) tokens. */
  reasoning: number;
  /** True when counted locally because the server sent no `usage`. */
  estimated: boolean;
}

/** One request knob as sent to the server, for display. */
export interface KnobView {
  /** Wire name, e.g. `reasoning_effort`. */
  name: string;
  /** The value, rendered to text by the host. */
  value: string;
}

/** One test case's outcome. */
export interface TestView {
  /** Test name as the runner reported it. */
  name: string;
  /** Outcome as the runner reported it. */
  status: 'passed' | 'failed' | 'error' | 'skipped';
  /** Failure message, truncated by the host. Rendered as text. */
  message?: string;
  /** Duration in milliseconds, when reported. */
  durationMs?: number;
}

/** The verifier's verdict on one candidate. */
export interface VerificationView {
  /** `passed`: every test passed; `failed`: some failed; `timeout`: killed at the limit; `error`: could not be judged; `cancelled`: aborted; `tampered`: its report cannot be genuine (never picked). */
  status: 'passed' | 'failed' | 'timeout' | 'error' | 'cancelled' | 'tampered';
  /** Per-test outcomes (may be empty when only an exit code was available). */
  tests: TestView[];
  /** Tests passed. */
  passed: number;
  /** Tests failed or errored. */
  failed: number;
  /** Tests run. */
  total: number;
  /** Where per-test results came from: `junit`, `tap`, `exit-code`, `warm-runner`. */
  reportFormat: string;
  /** Exit code of the test command; null when killed. */
  exitCode: number | null;
  /** Wall time of the test run in milliseconds. */
  durationMs: number;
  /** Combined stdout+stderr, capped. Rendered as text. */
  output: string;
  /** True when `output` was cut. */
  outputTruncated: boolean;
  /** `bubblewrap` or `none` (temp copy without an OS sandbox). */
  sandbox: 'bubblewrap' | 'none';
  /** Why the sandbox is weaker than bubblewrap. */
  sandboxNote?: string;
  /** Short explanation of an error, a timeout or a tampered report. */
  reason?: string;
}

/** What kind of risk a sign is: what the code does, or what the sandbox saw it do. */
export type RiskKindView = 'file-write' | 'network' | 'subprocess' | 'environment' | 'dynamic-code' | 'dynamic-import' | 'write-outside' | 'limit-killed';

/** Something a candidate does, or may do, that a reviewer should see before accepting it. */
export interface RiskSignView {
  /** `static`: seen in its code; `sandbox`: seen while its tests ran. */
  source: 'static' | 'sandbox';
  kind: RiskKindView;
  /** What and where, e.g. `subprocess.run() at line 3 of the candidate`. Rendered as text. */
  detail: string;
  /** The kind in a word or two (`subprocess`, `env`), worded once by the host for every surface. */
  label: string;
}

/** The tests before any candidate: the baseline run of the current code and the witness run (target replaced by a raising stub). */
export interface BaselineView {
  /** Tests the command ran with the current code. */
  testCount: number;
  /** Tests failing with the current code independently of the target: left out of verdicts. */
  failingBefore: string[];
  /** Tests whose outcome showed the stub: they exercise the target. */
  reachingCount: number;
  /** `reached`, `not-reached` (the run stops before sampling) or `unknown` (no per-test report). */
  witness: 'reached' | 'not-reached' | 'unknown';
  /** What was found and, when the tests do not reach the code, what to change. Rendered as text. */
  explanation: string;
  /** Wall time of the baseline and witness runs in milliseconds. */
  durationMs: number;
  /** Which tests each candidate ran, and the whole command's runs on the pick once the run ended. */
  selection?: TestSelectionView;
}

/** What each candidate ran (only the tests that exercise the target, or the whole command) and how the pick was confirmed. */
export interface TestSelectionView {
  mode: 'selected' | 'whole';
  /** The command each candidate ran. Rendered as text. */
  command: string;
  /** Test cases the selected command runs, of those the whole command runs. */
  cases?: { selected: number; whole: number };
  /** One sentence: what ran and why. Rendered as text. */
  reason: string;
  /** The whole command on the pick (and on each next pick if one failed it), in order. */
  confirmations: { candidateId: number; status: string; passed: number; total: number }[];
}

/** Why a candidate ranks where it does. */
export interface ScoreView {
  /** Tests this candidate passed. */
  testsPassed: number;
  /** Tests that ran for it. */
  testsTotal: number;
  /** Candidates (duplicates included) that behaved identically. */
  agreement: number;
  /** Tokens spent (shown for cost; not a ranking criterion). */
  tokens: number;
  /** 1-based rank. */
  rank: number;
  /** 1-based rank of its behaviour group, best group first (the ranking's own agreement key decides membership). */
  group?: number;
  /** Distinct candidates in its behaviour group (duplicates not counted). */
  groupSize?: number;
  /** One sentence for the UI. */
  explanation: string;
}

/** What a run is doing now; `starting` until the engine reports its first step. */
export interface RunPhaseView {
  /** `starting`: the run was asked for; `baseline`: the tests run on the current code; `generating-tests`: the model writes extra tests; `sampling`/`verifying`: drawing wave `wave` / running its tests. */
  name: 'starting' | 'baseline' | 'generating-tests' | 'sampling' | 'verifying';
  /** Sampling wave (1-based), when the run samples in waves. */
  wave?: number;
}

/** Everything the panel shows about one candidate. */
export interface CandidateView {
  /** 1-based, in the order sampling started. */
  id: number;
  /** Where it is in its life; see {@link CandidateStateView}. */
  state: CandidateStateView;
  /** Sampling wave (1-based). */
  wave: number;
  /** In a mixed-model pool, the model that wrote it. */
  model?: string;
  /** 1 + number of duplicates of this candidate. */
  votes: number;
  /** The candidate this one duplicates (state `duplicate`). */
  duplicateOf?: number;
  /** Extracted code that would replace the target range. Rendered as text. */
  code?: string;
  /** Raw model content, reasoning removed; grows with `candidate/delta`. Rendered as text. */
  content: string;
  /** Reasoning text; grows with `candidate/delta`. Rendered as text. */
  reasoningText: string;
  /** Token counts of its request. */
  usage: UsageView;
  /** Request latency in milliseconds, once the choice completed. */
  latencyMs?: number;
  /** Cost in US dollars (0 when prices are unknown). */
  costUsd: number;
  /** The server's finish reason, e.g. `stop`, `length`. */
  finishReason?: string;
  /** Why extraction rejected it or sampling failed. */
  rejection?: string;
  /** Reasoning controls this candidate was drawn with (a step of the run's ladder when it escalates). */
  reasoning: ReasoningView;
  /** `repair`: a revision of a failing candidate; absent or `sample` is a plain sample. */
  origin?: 'sample' | 'repair';
  /** For a repair (and only then): the id of the failing candidate it revises, lower than its own. */
  repairOf?: number;
  /** Knobs actually sent, and requested controls the provider could not express. */
  applied?: { sent: KnobView[]; notApplied: string[] };
  /** The verifier's verdict, once tested (duplicates share their original's). */
  verification?: VerificationView;
  /** Ranking inputs, once ranked. */
  score?: ScoreView;
  /** Risk signs (static scan and sandbox observations); a candidate with any ranks below clean ones. */
  riskSigns?: RiskSignView[];
}

/** Totals of one run. */
export interface TotalsView {
  /** Samples drawn. */
  samples: number;
  /** Prompt tokens over all requests. */
  promptTokens: number;
  /** Completion tokens over all requests. */
  completionTokens: number;
  /** Reasoning tokens over all requests. */
  reasoningTokens: number;
  /** Cost in US dollars (0 when prices are unknown). */
  costUsd: number;
  /** Wall time so far, in milliseconds. */
  wallMs: number;
  /**
   * Distinct candidates that passed every test — the panel's sense of "verified" (the engine's
   * `RunTotals.passing`; the engine's own `verified` counts every tested candidate).
   */
  verified: number;
  /** Samples whose code duplicated an earlier one. */
  duplicates: number;
  /** Verifications skipped because an identical candidate was already verified. */
  cacheHits: number;
}

/** One point of the chart: verified candidates after `samples` samples were drawn. */
export interface ProgressPointView {
  /** Samples drawn so far. */
  samples: number;
  /** Candidates verified (passing every test) by then. */
  verified: number;
}

/** How much to trust a pick, from the strength of the local tests. */
export interface VerifierStrengthView {
  /** `weak`: few tests or every candidate passes them; a pass says little. */
  level: 'strong' | 'moderate' | 'weak';
  /** Local tests that ran. */
  testsCount: number;
  /** Candidates that passed every test. */
  candidatesPassing: number;
  /** Candidates whose tests ran. */
  candidatesVerified: number;
  /** Distinct behaviours among passing candidates. */
  passingClusters: number;
  /** Sentence shown to the user. */
  note: string;
  /** The false-positive figure in `note` was measured under this run's setting; false: the note says it is unmeasured. */
  riskMeasured?: boolean;
}

/** One run as the panel sees it. */
export interface RunView {
  /** Host-generated id; messages for another run are dropped. */
  runId: string;
  /** Lifecycle; `finished` carries `choice` or `abstention`. */
  status: 'running' | 'finished' | 'cancelled' | 'error';
  /** What a running run is doing; absent once it ended. */
  phase?: RunPhaseView;
  /** True until the engine started the run: the host shows the request at once, before the engine gives it an id. */
  pending?: boolean;
  /** What is being solved. */
  task: { filePath: string; functionName?: string; language: string; testCommand: string; targetKind: 'function' | 'body' | 'selection' };
  /** The target range's text when the run started (diff base). */
  targetText: string;
  /** The target's text now, when the document changed since the run started; otherwise absent. */
  currentTargetText?: string;
  /** Sample cap of the run. */
  n: number;
  /** Verifier description, e.g. `bubblewrap sandbox`. */
  verifier: string;
  /** The baseline and witness outcome, once the tests ran on the current code (before sampling). */
  baseline?: BaselineView;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Reasoning controls the run was started with (the ceiling when it escalates). */
  reasoning: ReasoningView;
  /** How it samples: waves or all at once, repair, the reasoning ladder. */
  plan: SamplingPlanView;
  /** Candidates in id order. */
  candidates: CandidateView[];
  /** Candidate ids, best first (duplicates excluded). */
  ranking: number[];
  /** The pick, once the run finished with one (never on a cancelled run). */
  choice: { candidateId: number; reason: string } | null;
  /** Set when the run finished without a candidate passing every test. */
  abstention: { reason: string; bestPartialId?: number } | null;
  /** Which limit ended sampling; null while running. */
  stoppedBy: StopReasonView | null;
  /** Totals so far (final once the run ended). */
  totals: TotalsView;
  /** Verified count against samples drawn, in order, for the chart. */
  progress: ProgressPointView[];
  /** Null until enough is known. */
  verifierStrength: VerifierStrengthView | null;
  /** Budget notices raised during the run. */
  notices: string[];
  /** Set when status is `error`. */
  error?: { message: string; kind: string };
  /** Ids of memory items the prompt offered. */
  memoryItemIds: string[];
  /** Per model of a mixed-model pool, once the run finished. */
  models?: ModelStatsView[];
}

/** What one model of a mixed pool contributed to a run. */
export interface ModelStatsView {
  model: string;
  /** Provider profile label. */
  provider: string;
  share: number;
  samples: number;
  /** Distinct candidates tested to a verdict. */
  tested: number;
  /** Distinct candidates that passed every test. */
  passing: number;
  /** Its samples in the pick's agreeing group. */
  inPickGroup: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Sum of its request times. */
  latencyMs: number;
  picked: boolean;
}

/** Bounds of a numeric control. */
export interface RangeView {
  /** Smallest accepted value. */
  min: number;
  /** Largest accepted value. */
  max: number;
  /** Input step. */
  step: number;
}

/** The settings the panel edits for the next run, with what the provider allows. */
export interface ControlsView {
  /** Current values, as the settings hold them. */
  values: {
    /** `reasoning_effort` for the next run; `default` sends none. */
    reasoningEffort: EffortChoice;
    /** Reasoning-token budget; 0 means no budget. */
    reasoningBudget: number;
    /** No-think mode. */
    fastMode: boolean;
    /** Samples per run. */
    n: number;
    /** Stop once this many verified candidates agree; 0 turns early stop off. */
    earlyStop: number;
    /** Sampling temperature (sent only where the provider accepts it). */
    temperature: number;
    /** Adaptive waves or all N at once. */
    waves: WavesModeView;
    /** Fixed wave size; 0 means the growing schedule. */
    waveSize: number;
    /** Repair the best near miss after a wave with nothing passing. */
    repair: boolean;
    /** Start at the cheapest reasoning setting and climb after failed waves. */
    escalate: boolean;
    /** Model requests in flight at once. */
    concurrency: number;
    /** Nucleus sampling `top_p` (sent only where the provider accepts it). */
    topP: number;
    /** Token budget of a run (prompt + completion); 0 means none. */
    maxTokens: number;
    /** Cost budget of a run in US dollars; 0 means none. */
    maxCostUsd: number;
    /** Wall-time budget of a run in seconds; 0 means none. */
    maxWallSeconds: number;
  };
  /** Where panel edits are written: the workspace settings when a folder is open, else the user settings. */
  writesTo: 'workspace' | 'user';
  /** Effort values the provider profile accepts (without `default`); empty when it takes none. */
  allowedEfforts: ReasoningEffortView[];
  /** The provider takes a thinking budget. */
  supportsReasoningBudget: boolean;
  /** The provider can switch thinking off. */
  supportsFastMode: boolean;
  /** The provider accepts temperature / top_p. */
  supportsSamplingParams: boolean;
  /** Accepted ranges of the numeric controls. */
  limits: {
    n: RangeView;
    earlyStop: RangeView;
    temperature: RangeView;
    reasoningBudget: RangeView;
    waveSize: RangeView;
    concurrency: RangeView;
    topP: RangeView;
    maxTokens: RangeView;
    maxCostUsd: RangeView;
    maxWallSeconds: RangeView;
  };
  /**
   * The reasoning steps the next run would climb with escalation on (cheapest first, the
   * ceiling last); one step means there is nothing to climb with these settings.
   */
  escalationSteps: ReasoningView[];
  /** Provider profile label, e.g. `vLLM`. */
  providerLabel: string;
  /** Model name. */
  model: string;
}

/** One memory (cheatsheet) item. */
export interface MemoryItemView {
  /** Stable id of the item. */
  id: string;
  /** What sort of insight it is. */
  kind: 'strategy' | 'snippet' | 'pitfall';
  /** Rendered as text. */
  text: string;
  /** Runs whose prompt offered it. */
  timesUsed: number;
  /** Of those, runs where a candidate passed the tests. */
  timesHelped: number;
  /** Pinned items are always offered and never evicted. */
  pinned: boolean;
  /** Its size in the prompt. */
  tokens: number;
}

/** Whether the bubblewrap sandbox can be used. */
export interface SandboxStatusView {
  /** bubblewrap can be used here. */
  available: boolean;
  /** e.g. `bubblewrap 0.8.0 at /usr/bin/bwrap`, or why it is unavailable. */
  detail: string;
}

/** The whole host state the panel renders. */
export interface PanelState {
  /** The current (or last) run; null before the first. */
  run: RunView | null;
  /** The next run's controls. */
  controls: ControlsView;
  /** Tests are refused in an untrusted workspace. */
  workspaceTrusted: boolean;
  /** An API key is stored (the key itself never leaves the host). */
  apiKeySet: boolean;
  /** Sandbox availability, shown in the footer or a banner. */
  bubblewrapStatus: SandboxStatusView;
  /** Memory items, for the Memory section. */
  memory: MemoryItemView[];
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/** Host → webview. */
export type HostToWebviewMessage =
  /** The whole state; sent after `ready` and whenever a delta would be larger. */
  | { type: 'state/snapshot'; state: PanelState }
  /** The run changed as a whole (started, finished, totals, ranking). */
  | { type: 'run/updated'; run: RunView }
  /** One candidate changed; replaces the candidate with the same id (or appends it). */
  | { type: 'candidate/updated'; runId: string; candidate: CandidateView }
  /**
   * Streamed text appended to a candidate's `content` / `reasoningText`. With `reset`, the
   * request was retried after a dropped stream: clear both before appending.
   */
  | { type: 'candidate/delta'; runId: string; candidateId: number; content?: string; reasoning?: string; reset?: boolean }
  /** Settings changed (in the panel or elsewhere). */
  | { type: 'controls/changed'; controls: ControlsView }
  | { type: 'memory/changed'; items: MemoryItemView[] }
  /** Trust, key or sandbox status changed. */
  | { type: 'environment/changed'; workspaceTrusted: boolean; apiKeySet: boolean; bubblewrapStatus: SandboxStatusView }
  /** Open and scroll to a section of the panel (the Show Cheatsheet command). */
  | { type: 'panel/reveal'; section: 'memory' }
  /** A short message for the panel's notice line. Rendered as text. */
  | { type: 'notice/show'; level: 'info' | 'warning' | 'error'; message: string };

/** One edit of a panel control; the host writes the matching `bestOfN.*` setting. */
export type ControlUpdate =
  | { key: 'reasoningEffort'; value: EffortChoice }
  | { key: 'reasoningBudget'; value: number }
  | { key: 'fastMode'; value: boolean }
  | { key: 'n'; value: number }
  | { key: 'earlyStop'; value: number }
  | { key: 'temperature'; value: number }
  | { key: 'waves'; value: WavesModeView }
  | { key: 'waveSize'; value: number }
  | { key: 'repair'; value: boolean }
  | { key: 'escalate'; value: boolean }
  | { key: 'concurrency'; value: number }
  | { key: 'topP'; value: number }
  | { key: 'maxTokens'; value: number }
  | { key: 'maxCostUsd'; value: number }
  | { key: 'maxWallSeconds'; value: number };

/** Host commands the panel can trigger from its empty states. */
export type PanelCommand = 'setApiKey' | 'showLog' | 'manageTrust' | 'openSettings' | 'chooseModel';

/** Webview → host. */
export type WebviewToHostMessage =
  /** The webview is listening; the host answers with `state/snapshot`. */
  | { type: 'ready' }
  /** Solve the target at the active editor's cursor/selection. */
  | { type: 'run/start' }
  | { type: 'run/cancel'; runId: string }
  /** Start again with the same task and the current controls. */
  | { type: 'run/rerun'; runId: string }
  /** Apply the candidate to the editor; the host confirms unverified ones. */
  | { type: 'candidate/accept'; runId: string; candidateId: number }
  /** Open the native diff of the target against the candidate. */
  | { type: 'candidate/openDiff'; runId: string; candidateId: number }
  | ({ type: 'controls/update' } & ControlUpdate)
  | { type: 'memory/edit'; id: string; text: string }
  | { type: 'memory/pin'; id: string; pinned: boolean }
  | { type: 'memory/delete'; id: string }
  | { type: 'memory/clear' }
  | { type: 'command/execute'; command: PanelCommand };
