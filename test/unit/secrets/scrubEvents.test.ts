import * as assert from 'node:assert/strict';
import type { Candidate, SolveResult } from '../../../src/engine/events';
import { scrubSolveEvent, scrubSolveResult } from '../../../src/engine/secrets/scrubEvents';
import { API_KEY, leaked } from './leakyOutput';

function candidate(): Candidate {
  return {
    id: 1, state: 'failed', wave: 1, reasoning: {}, rawContent: '', reasoningText: '', votes: 1, costUsd: 0, cheatsheetItemIds: [],
    usage: { prompt: 0, completion: 0, reasoning: 0, estimated: false },
    code: `KEY = "${API_KEY}"`,
    verification: { status: 'failed', tests: [{ name: 't', status: 'failed', message: `saw ${API_KEY}` }], passed: 0, failed: 1, total: 1, reportFormat: 'junit', exitCode: 1, durationMs: 1, output: `printed ${API_KEY}`, outputTruncated: false, sandbox: 'bubblewrap', reason: `1 of 1 failed — t: saw ${API_KEY}` },
    score: { testsPassed: 0, testsTotal: 1, agreement: 1, tokens: 0, rank: 1, explanation: `the test run ended failed (${API_KEY})` },
  };
}

describe('scrubSolveEvent / scrubSolveResult', () => {
  const options = { secrets: [API_KEY], env: {} };

  it('masks every text a finished run shows — output, messages, reasons, explanations, baseline — but never the code', () => {
    const result: SolveResult = {
      runId: 'r', candidates: [candidate()], ranking: [1], choice: null, stoppedBy: 'completed',
      abstention: { reason: `none passed; best printed ${API_KEY}` },
      totals: { samples: 1, promptTokens: 0, completionTokens: 0, reasoningTokens: 0, costUsd: 0, wallMs: 0, verified: 1, passing: 0, duplicates: 0, cacheHits: 0 },
      verifierStrength: { level: 'weak', testsCount: 1, candidatesPassing: 0, candidatesVerified: 1, passingClusters: 0, note: '' },
      baseline: { testIds: ['t'], failingBefore: [], reaching: ['t'], witness: 'reached', explanation: `import failed: ${API_KEY}`, durationMs: 1 },
    };
    const shown = scrubSolveResult(result, options);
    const { code, ...rest } = shown.candidates[0];
    assert.deepEqual(leaked(JSON.stringify({ ...shown, candidates: [rest] })), []);
    // The code is the user's to accept, byte for byte.
    assert.equal(code, result.candidates[0].code);
  });

  it('masks live events: candidate updates, scores, the baseline and errors', () => {
    const events = [
      scrubSolveEvent({ type: 'candidate/updated', runId: 'r', candidate: { ...candidate(), code: undefined } }, options),
      scrubSolveEvent({ type: 'ranking/updated', runId: 'r', ranking: [1], scores: { 1: candidate().score! } }, options),
      scrubSolveEvent({ type: 'run/baseline', runId: 'r', baseline: { testIds: [], failingBefore: [], reaching: [], witness: 'not-reached', explanation: API_KEY, durationMs: 1 } }, options),
      scrubSolveEvent({ type: 'run/error', runId: 'r', message: `boom ${API_KEY}`, kind: 'internal' }, options),
    ];
    assert.deepEqual(leaked(JSON.stringify(events)), []);
    assert.match(JSON.stringify(events), /redacted/);
  });
});
