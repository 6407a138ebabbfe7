import type { RunView } from '../../../src/protocol';

/** A finished run's panel view for `a.py`'s `f`, with `overrides` on top: the shape Accept tests start from. */
export function finishedRunView(targetText: string, overrides: Partial<RunView> = {}): RunView {
  return {
    runId: 'r',
    status: 'finished',
    task: { filePath: 'a.py', functionName: 'f', language: 'python', testCommand: 'pytest', targetKind: 'function' },
    targetText,
    n: 2,
    verifier: 'v',
    startedAt: 0,
    reasoning: {},
    plan: { mode: 'all', repair: false, ladder: [{}] },
    candidates: [],
    ranking: [],
    choice: null,
    abstention: null,
    stoppedBy: 'completed',
    totals: { samples: 2, promptTokens: 0, completionTokens: 0, reasoningTokens: 0, costUsd: 0, wallMs: 0, verified: 2, duplicates: 0, cacheHits: 0 },
    progress: [],
    verifierStrength: null,
    notices: [],
    memoryItemIds: [],
    ...overrides,
  };
}
