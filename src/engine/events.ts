import type { CheatsheetItem } from './cheatsheet/types';
import type { AppliedKnobs, ReasoningControls, TokenUsage } from './model/types';
import type { Task } from './task';
import type { TestSelection } from './verify/selection/testSelection';
import type { RiskSign, VerifierResult } from './verify/types';

/**
 * Where a candidate is in its life:
 * sampling → (rejected | truncated | duplicate | verifying) → (passed | failed | timeout | error);
 * `cancelled` when the run stopped first.
 */
export type CandidateState =
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

/** Why a candidate ranks where it does. Higher is better for every field. */
export interface CandidateScore {
  testsPassed: number;
  testsTotal: number;
  /** Candidates (duplicates included) that behaved identically. */
  agreement: number;
  /** Tokens spent, negated (kept for display and for compatibility; no longer a ranking criterion). */
  tokens: number;
  rank: number;
  /**
   * 1-based rank of its behaviour group (candidates with the same agreement key), best group
   * first: the group of its best-ranked member decides. Surfaces group by it instead of
   * recomputing the key. Set by `rankCandidates`.
   */
  group?: number;
  /** Distinct candidates in its behaviour group (duplicates not counted; `agreement` counts them). */
  groupSize?: number;
  /** One sentence for the UI. */
  explanation: string;
}

/** One sampled implementation and everything known about it. */
export interface Candidate {
  /** 1-based, in the order sampling started. */
  id: number;
  state: CandidateState;
  /** Sampling wave (1-based) it was drawn in. */
  wave: number;
  /** The reasoning controls it was drawn with. */
  reasoning: ReasoningControls;
  /** In a mixed pool, the model that wrote it (its pool label: the model name, unique within the pool). */
  model?: string;
  applied?: AppliedKnobs;
  /** The raw model content (reasoning removed). */
  rawContent: string;
  reasoningText: string;
  /** The code that replaces the target range, after extraction. */
  code?: string;
  /** Hash of the normalised code; equal hashes are verified once. */
  codeHash?: string;
  duplicateOf?: number;
  /** 1 + number of duplicates of this candidate. */
  votes: number;
  usage: TokenUsage;
  finishReason?: string;
  latencyMs?: number;
  costUsd: number;
  /** Why extraction rejected it, or why sampling failed. */
  rejection?: string;
  verification?: VerifierResult;
  score?: CandidateScore;
  /** Ids of cheatsheet items its prompt offered. */
  cheatsheetItemIds: string[];
  /** `repair`: a revision of a failing candidate (Self-Refine); absent means a plain sample. */
  origin?: 'sample' | 'repair';
  /** For a repair: the id of the failing candidate it revises. */
  repairOf?: number;
  /** Risk signs from a static scan of its code and from what the sandbox observed; ranked below clean candidates. */
  riskSigns?: RiskSign[];
}

/**
 * What the tests do before any candidate is drawn: the **baseline** (the current code's run:
 * which tests exist, which fail) and the **witness** run (the target replaced by a stub raising
 * a per-run nonce: tests whose outcome shows the nonce reach the code being replaced).
 */
export interface BaselineSummary {
  /** Test ids the command ran with the current code; every candidate's report must account for them. */
  testIds: string[];
  /** Failing with the current code and unaffected by the target (no nonce in the witness run): left out of verdicts. */
  failingBefore: string[];
  /** Tests whose witness outcome showed the nonce. */
  reaching: string[];
  /** `reached`: tests exercise the target; `not-reached`: they do not, and the run stops before sampling; `unknown`: the runner gives no per-test report to tell. */
  witness: 'reached' | 'not-reached' | 'unknown';
  /** One or two sentences for the user: what was found, and what to change when the tests do not reach the code. */
  explanation: string;
  durationMs: number;
  /** Which tests each candidate will run (the related tests or the whole command), and why. */
  selection?: TestSelection;
}

/** Which limit ended sampling. */
export type StopReason = 'completed' | 'early-stop' | 'tokens' | 'cost' | 'time' | 'cancelled' | 'error';

/** How much to trust a pick, from the strength of the local tests (Inference Scaling fLaws). */
export interface VerifierStrength {
  level: 'strong' | 'moderate' | 'weak';
  testsCount: number;
  candidatesPassing: number;
  candidatesVerified: number;
  /** Distinct behaviours among passing candidates. */
  passingClusters: number;
  note: string;
  /**
   * With generated tests: estimated chance the pick is wrong, from the size of its agreeing
   * group (the share of such picks that were wrong in the HumanEval benchmark).
   */
  falsePositiveRisk?: number;
  /**
   * True when `falsePositiveRisk` was measured under this run's setting (Python, generated
   * tests ran for the pick); false when the note says the risk is unmeasured here.
   */
  riskMeasured?: boolean;
}

/** Totals of one run. */
export interface RunTotals {
  /** Samples that came back from the model (with an answer, whatever it held). */
  samples: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  costUsd: number;
  wallMs: number;
  /**
   * Distinct candidates whose tests ran to a verdict (passed, failed, timeout or error; not
   * cancelled, duplicates not counted) — "verified" in the engine's sense: *tested*, not *passed*.
   */
  verified: number;
  /** Distinct candidates that passed every test (a subset of `verified`). */
  passing: number;
  duplicates: number;
  cacheHits: number;
}

/** The end of a run: the pick, or an abstention with its reason. */
export interface SolveResult {
  runId: string;
  candidates: Candidate[];
  /** Candidate ids, best first (duplicates excluded). */
  ranking: number[];
  choice: { candidateId: number; reason: string } | null;
  abstention: { reason: string; bestPartialId?: number } | null;
  stoppedBy: StopReason;
  totals: RunTotals;
  verifierStrength: VerifierStrength;
  /** The baseline and witness outcome, when they ran. */
  baseline?: BaselineSummary;
  /** Which tests candidates ran, and the whole command's runs on the pick, when a baseline ran. */
  testSelection?: TestSelection;
  /** The generated-test probes every candidate ran (calls, then checks); absent when none ran. */
  agreementProbes?: { calls: number; checks: number };
  /** Per model of a mixed pool, in pool order; absent when one model drew every sample. */
  models?: ModelStats[];
}

/** What one model of a pool contributed to a run. */
export interface ModelStats {
  model: string;
  /** Provider profile label, e.g. "OpenAI". */
  provider: string;
  share: number;
  /** Samples that came back (duplicates included). */
  samples: number;
  /** Distinct candidates tested to a verdict. */
  tested: number;
  /** Distinct candidates that passed every test. */
  passing: number;
  /** Samples (duplicates included) in the pick's agreeing group. */
  inPickGroup: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Sum of its samples' request times; mean = latencyMs / samples. */
  latencyMs: number;
  /** The pick came from this model. */
  picked: boolean;
}

/**
 * What a run is doing: running the baseline tests, asking the model for extra (generated)
 * tests, sampling wave `wave`, or waiting for the tests of the candidates drawn so far.
 */
export type RunPhase = 'baseline' | 'generating-tests' | 'sampling' | 'verifying';

/** Every event of one run, in order. Consumed by the CLI and the panel. */
export type SolveEvent =
  | {
      type: 'run/started';
      runId: string;
      task: Pick<Task, 'filePath' | 'functionName' | 'language' | 'testCommand' | 'targetKind'>;
      n: number;
      promptTokens: number;
      cheatsheetItems: CheatsheetItem[];
      verifier: string;
      startedAt: number;
    }
  | { type: 'candidate/updated'; runId: string; candidate: Candidate }
  | {
      type: 'candidate/delta';
      runId: string;
      candidateId: number;
      /** Text to append to the candidate's streamed content / reasoning. */
      content?: string;
      reasoning?: string;
      /** The request was retried after a dropped stream: discard the text streamed so far (before appending). */
      reset?: boolean;
    }
  | { type: 'ranking/updated'; runId: string; ranking: number[]; scores: Record<number, CandidateScore> }
  | { type: 'budget/notice'; runId: string; budget: Exclude<StopReason, 'completed' | 'cancelled' | 'error'>; message: string }
  | { type: 'run/baseline'; runId: string; baseline: BaselineSummary }
  /** The run entered `phase`; `wave` is the sampling wave it belongs to (1-based), when waves apply. */
  | { type: 'run/phase'; runId: string; phase: RunPhase; wave?: number }
  | { type: 'run/finished'; runId: string; result: SolveResult }
  | { type: 'run/error'; runId: string; message: string; kind: string };
