/*
 * Validation of host → webview messages: the webview checks every message the host posts
 * with {@link parseHostMessage} before acting on it. Typed against the interfaces in
 * src/protocol.ts, so a field added there without a check here fails to compile.
 */

import type {
  BaselineView,
  TestSelectionView,
  CandidateStateView,
  CandidateView,
  ControlsView,
  HostToWebviewMessage,
  KnobView,
  MemoryItemView,
  ModelStatsView,
  PanelState,
  ProgressPointView,
  RangeView,
  ReasoningView,
  RiskSignView,
  RunPhaseView,
  RunView,
  SamplingPlanView,
  SandboxStatusView,
  ScoreView,
  StopReasonView,
  TestView,
  TotalsView,
  UsageView,
  VerificationView,
  VerifierStrengthView,
} from './protocol';
import type { Guard } from './protocolGuards';
import {
  arrayOf,
  isBool,
  isCount,
  isEffort,
  isEffortChoice,
  isId,
  isNonEmpty,
  isNum,
  isStr,
  isWavesMode,
  nullable,
  obj,
  oneOf,
  opt,
  parseWith,
} from './protocolGuards';

const isReasoning = obj<ReasoningView>({ effort: opt(isEffort), budgetTokens: opt(isCount), fastMode: opt(isBool) });
const isRange = obj<RangeView>({ min: isNum, max: isNum, step: isNum });
const isLadder = (v: unknown): v is ReasoningView[] => arrayOf(isReasoning)(v) && v.length > 0;
const isPlan = obj<SamplingPlanView>({ mode: isWavesMode, waveSize: opt(isId), repair: isBool, ladder: isLadder });

const isRiskSign = obj<RiskSignView>({
  source: oneOf('static', 'sandbox'),
  kind: oneOf('file-write', 'network', 'subprocess', 'environment', 'dynamic-code', 'dynamic-import', 'write-outside', 'limit-killed'),
  detail: isStr,
  label: isStr,
});
const isBaseline = obj<BaselineView>({
  testCount: isCount,
  failingBefore: arrayOf(isStr),
  reachingCount: isCount,
  witness: oneOf('reached', 'not-reached', 'unknown'),
  explanation: isStr,
  durationMs: isNum,
  selection: opt(
    obj<TestSelectionView>({
      mode: oneOf('selected', 'whole'),
      command: isStr,
      cases: opt(obj<{ selected: number; whole: number }>({ selected: isCount, whole: isCount })),
      reason: isStr,
      confirmations: arrayOf(obj<TestSelectionView['confirmations'][number]>({ candidateId: isId, status: isStr, passed: isCount, total: isCount })),
    }),
  ),
});

const isCandidateShape = obj<CandidateView>({
  id: isId,
  state: oneOf<CandidateStateView>('sampling', 'rejected', 'truncated', 'duplicate', 'queued', 'verifying', 'passed', 'failed', 'timeout', 'error', 'cancelled', 'tampered'),
  wave: isCount,
  model: opt(isNonEmpty),
  votes: isCount,
  duplicateOf: opt(isId),
  code: opt(isStr),
  content: isStr,
  reasoningText: isStr,
  usage: obj<UsageView>({ prompt: isCount, completion: isCount, reasoning: isCount, estimated: isBool }),
  latencyMs: opt(isNum),
  costUsd: isNum,
  finishReason: opt(isStr),
  rejection: opt(isStr),
  reasoning: isReasoning,
  applied: opt(obj<NonNullable<CandidateView['applied']>>({ sent: arrayOf(obj<KnobView>({ name: isStr, value: isStr })), notApplied: arrayOf(isStr) })),
  verification: opt(
    obj<VerificationView>({
      status: oneOf('passed', 'failed', 'timeout', 'error', 'cancelled', 'tampered'),
      tests: arrayOf(obj<TestView>({ name: isStr, status: oneOf('passed', 'failed', 'error', 'skipped'), message: opt(isStr), durationMs: opt(isNum) })),
      passed: isCount,
      failed: isCount,
      total: isCount,
      reportFormat: isStr,
      exitCode: nullable(isNum),
      durationMs: isNum,
      output: isStr,
      outputTruncated: isBool,
      sandbox: oneOf('bubblewrap', 'none'),
      sandboxNote: opt(isStr),
      reason: opt(isStr),
    }),
  ),
  score: opt(obj<ScoreView>({ testsPassed: isCount, testsTotal: isCount, agreement: isCount, tokens: isNum, rank: isCount, group: opt(isId), groupSize: opt(isId), explanation: isStr })),
  origin: opt(oneOf('sample', 'repair')),
  repairOf: opt(isId),
  riskSigns: opt(arrayOf(isRiskSign)),
});
/** A repair names the earlier candidate it revises; nothing else names one. */
const isCandidate = (v: unknown): v is CandidateView =>
  isCandidateShape(v) && (v.origin === 'repair' ? v.repairOf !== undefined && v.repairOf < v.id : v.repairOf === undefined);

const isModelStats = obj<ModelStatsView>({
  model: isNonEmpty,
  provider: isStr,
  share: isNum,
  samples: isCount,
  tested: isCount,
  passing: isCount,
  inPickGroup: isCount,
  promptTokens: isCount,
  completionTokens: isCount,
  reasoningTokens: isCount,
  costUsd: isNum,
  latencyMs: isNum,
  picked: isBool,
});

const isRun = obj<RunView>({
  runId: isNonEmpty,
  status: oneOf('running', 'finished', 'cancelled', 'error'),
  phase: opt(obj<RunPhaseView>({ name: oneOf('starting', 'baseline', 'generating-tests', 'sampling', 'verifying'), wave: opt(isId) })),
  pending: opt(isBool),
  task: obj<RunView['task']>({ filePath: isStr, functionName: opt(isStr), language: isStr, testCommand: isStr, targetKind: oneOf('function', 'body', 'selection') }),
  targetText: isStr,
  currentTargetText: opt(isStr),
  n: isCount,
  verifier: isStr,
  baseline: opt(isBaseline),
  startedAt: isNum,
  reasoning: isReasoning,
  plan: isPlan,
  candidates: arrayOf(isCandidate),
  ranking: arrayOf(isId),
  choice: nullable(obj<NonNullable<RunView['choice']>>({ candidateId: isId, reason: isStr })),
  abstention: nullable(obj<NonNullable<RunView['abstention']>>({ reason: isStr, bestPartialId: opt(isId) })),
  stoppedBy: nullable(oneOf<StopReasonView>('completed', 'early-stop', 'tokens', 'cost', 'time', 'cancelled', 'error')),
  totals: obj<TotalsView>({
    samples: isCount,
    promptTokens: isCount,
    completionTokens: isCount,
    reasoningTokens: isCount,
    costUsd: isNum,
    wallMs: isNum,
    verified: isCount,
    duplicates: isCount,
    cacheHits: isCount,
  }),
  progress: arrayOf(obj<ProgressPointView>({ samples: isCount, verified: isCount })),
  verifierStrength: nullable(
    obj<VerifierStrengthView>({
      level: oneOf('strong', 'moderate', 'weak'),
      testsCount: isCount,
      candidatesPassing: isCount,
      candidatesVerified: isCount,
      passingClusters: isCount,
      note: isStr,
      riskMeasured: opt(isBool),
    }),
  ),
  notices: arrayOf(isStr),
  error: opt(obj<NonNullable<RunView['error']>>({ message: isStr, kind: isStr })),
  memoryItemIds: arrayOf(isStr),
  models: opt(arrayOf(isModelStats)),
});

const isControls = obj<ControlsView>({
  values: obj<ControlsView['values']>({
    reasoningEffort: isEffortChoice,
    reasoningBudget: isCount,
    fastMode: isBool,
    n: isId,
    earlyStop: isCount,
    temperature: isNum,
    waves: isWavesMode,
    waveSize: isCount,
    repair: isBool,
    escalate: isBool,
    concurrency: isId,
    topP: isNum,
    maxTokens: isCount,
    maxCostUsd: isNum,
    maxWallSeconds: isCount,
  }),
  writesTo: oneOf('workspace', 'user'),
  allowedEfforts: arrayOf(isEffort),
  supportsReasoningBudget: isBool,
  supportsFastMode: isBool,
  supportsSamplingParams: isBool,
  limits: obj<ControlsView['limits']>({
    n: isRange,
    earlyStop: isRange,
    temperature: isRange,
    reasoningBudget: isRange,
    waveSize: isRange,
    concurrency: isRange,
    topP: isRange,
    maxTokens: isRange,
    maxCostUsd: isRange,
    maxWallSeconds: isRange,
  }),
  escalationSteps: isLadder,
  providerLabel: isStr,
  model: isStr,
});

const isMemoryItem = obj<MemoryItemView>({
  id: isNonEmpty,
  kind: oneOf('strategy', 'snippet', 'pitfall'),
  text: isStr,
  timesUsed: isCount,
  timesHelped: isCount,
  pinned: isBool,
  tokens: isCount,
});
const isSandboxStatus = obj<SandboxStatusView>({ available: isBool, detail: isStr });

type HostGuards = { [K in HostToWebviewMessage['type']]: Guard<Extract<HostToWebviewMessage, { type: K }>> };
const hostGuards: HostGuards = {
  'state/snapshot': obj({
    type: oneOf('state/snapshot'),
    state: obj<PanelState>({
      run: nullable(isRun),
      controls: isControls,
      workspaceTrusted: isBool,
      apiKeySet: isBool,
      bubblewrapStatus: isSandboxStatus,
      memory: arrayOf(isMemoryItem),
    }),
  }),
  'run/updated': obj({ type: oneOf('run/updated'), run: isRun }),
  'candidate/updated': obj({ type: oneOf('candidate/updated'), runId: isNonEmpty, candidate: isCandidate }),
  'candidate/delta': obj({ type: oneOf('candidate/delta'), runId: isNonEmpty, candidateId: isId, content: opt(isStr), reasoning: opt(isStr), reset: opt(isBool) }),
  'controls/changed': obj({ type: oneOf('controls/changed'), controls: isControls }),
  'memory/changed': obj({ type: oneOf('memory/changed'), items: arrayOf(isMemoryItem) }),
  'environment/changed': obj({ type: oneOf('environment/changed'), workspaceTrusted: isBool, apiKeySet: isBool, bubblewrapStatus: isSandboxStatus }),
  'panel/reveal': obj({ type: oneOf('panel/reveal'), section: oneOf('memory') }),
  'notice/show': obj({ type: oneOf('notice/show'), level: oneOf('info', 'warning', 'error'), message: isStr }),
};

/** Validates a message from the host (webview side). Unknown types or wrong field types give `undefined`. */
export function parseHostMessage(data: unknown): HostToWebviewMessage | undefined {
  return parseWith<HostToWebviewMessage>(hostGuards, data);
}
