import { readFileSync } from 'fs';
import path from 'path';
import type { CandidateView, ControlsView, PanelState, RunView, TestView, VerificationView } from '../../src/protocol';

/*
 * Panel states built around a real HumanEval task (HumanEval/0, has_close_elements) and
 * real CodeGen-16B samples for it, so screenshots and renderings show what users see.
 */

const DATA = path.resolve(__dirname, '../../../shared/data/humaneval');

function readJsonLine(file: string, taskId: string): Record<string, unknown> {
  const full = path.join(DATA, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new Error(`webview fixtures need the HumanEval data at ${DATA} (see its README.md): ${(error as Error).message}`);
  }
  for (const line of text.split('\n')) {
    if (line.includes(`"${taskId}"`)) return JSON.parse(line) as Record<string, unknown>;
  }
  throw new Error(`${taskId} not found in ${full}`);
}

const problem = readJsonLine('problems.jsonl', 'HumanEval/0');
const samples = readJsonLine('codegen16b-samples.jsonl', 'HumanEval/0').samples as string[];
/** The docstring examples of HumanEval/0 as asserts (the visible, weak tests). */
export const VISIBLE_ASSERTS = (JSON.parse(readFileSync(path.join(DATA, 'visible-tests.json'), 'utf8')) as { tests: Record<string, { asserts: string[] }> }).tests['HumanEval/0'].asserts;

const prompt = problem.prompt as string;
/** The function as it stands in the user's file: signature, docstring, a stub body. */
const signature = prompt.slice(prompt.indexOf('def '));
export const TARGET_TEXT = `${signature}    raise NotImplementedError\n`;
/** Candidate code: the signature and docstring plus real sample `i`'s body, cut by CodeT's rule. */
export function sampleCode(i: number): string {
  const body = samples[i].split(/\n(?=class|def|#|if|print)/)[0];
  return `${signature}${body.replace(/\n+$/, '')}\n`;
}

export function tests(passing: number): TestView[] {
  return VISIBLE_ASSERTS.map((assertion, i) => ({
    name: `test_solution.py::test_docstring_example_${i + 1}`,
    status: i < passing ? 'passed' : 'failed',
    message: i < passing ? undefined : `AssertionError: ${assertion}`,
    durationMs: 3,
  }));
}

export function verification(passing: number, overrides: Partial<VerificationView> = {}): VerificationView {
  const list = tests(passing);
  const failed = list.length - passing;
  return {
    status: failed === 0 ? 'passed' : 'failed',
    tests: list,
    passed: passing,
    failed,
    total: list.length,
    reportFormat: 'junit',
    exitCode: failed === 0 ? 0 : 1,
    durationMs: 412,
    output: failed === 0 ? `${list.length} passed in 0.05s` : `FAILED test_solution.py::test_docstring_example_2\n${failed} failed, ${passing} passed in 0.07s`,
    outputTruncated: false,
    sandbox: 'bubblewrap',
    ...overrides,
  };
}

export function candidate(id: number, overrides: Partial<CandidateView> = {}): CandidateView {
  return {
    id,
    state: 'sampling',
    wave: 1,
    votes: 1,
    content: '',
    reasoningText: '',
    usage: { prompt: 182, completion: 0, reasoning: 0, estimated: false },
    costUsd: 0,
    reasoning: { effort: 'low' },
    ...overrides,
  };
}

/** A finished candidate: code from sample `sample`, `passing` of the visible tests passed. */
export function finished(id: number, sample: number, passing: number, overrides: Partial<CandidateView> = {}): CandidateView {
  const code = sampleCode(sample);
  const v = verification(passing);
  return candidate(id, {
    state: v.status === 'passed' ? 'passed' : 'failed',
    code,
    content: `\`\`\`python\n${code}\`\`\``,
    reasoningText: 'Compare every pair of numbers and return True when two are closer than the threshold.',
    usage: { prompt: 182, completion: 64 + sample * 3, reasoning: 120 + sample * 10, estimated: false },
    latencyMs: 1800 + sample * 150,
    costUsd: 0.00042 + sample * 0.00001,
    finishReason: 'stop',
    applied: { sent: [{ name: 'reasoning_effort', value: 'low' }, { name: 'temperature', value: '0.8' }], notApplied: [] },
    verification: v,
    ...overrides,
  });
}

export function controls(overrides: Partial<ControlsView> = {}): ControlsView {
  return {
    values: { reasoningEffort: 'low', reasoningBudget: 0, fastMode: false, n: 8, earlyStop: 2, temperature: 0.8, waves: 'adaptive', waveSize: 0, repair: false, escalate: true, concurrency: 4, topP: 0.95, maxTokens: 0, maxCostUsd: 0, maxWallSeconds: 300 },
    writesTo: 'workspace',
    allowedEfforts: ['low', 'medium', 'high'],
    supportsReasoningBudget: true,
    supportsFastMode: true,
    supportsSamplingParams: true,
    limits: {
      n: { min: 1, max: 100, step: 1 },
      earlyStop: { min: 0, max: 20, step: 1 },
      temperature: { min: 0, max: 2, step: 0.1 },
      reasoningBudget: { min: 0, max: 32768, step: 256 },
      waveSize: { min: 0, max: 100, step: 1 },
      concurrency: { min: 1, max: 32, step: 1 },
      topP: { min: 0, max: 1, step: 0.05 },
      maxTokens: { min: 0, max: 100_000_000, step: 1000 },
      maxCostUsd: { min: 0, max: 10_000, step: 0.01 },
      maxWallSeconds: { min: 0, max: 86_400, step: 10 },
    },
    escalationSteps: [{ effort: 'low' }],
    providerLabel: 'vLLM',
    model: 'codegen-16b-mono',
    ...overrides,
  };
}

export function run(overrides: Partial<RunView> = {}): RunView {
  return {
    runId: 'run-1',
    status: 'running',
    task: { filePath: 'solution.py', functionName: 'has_close_elements', language: 'python', testCommand: 'python -m pytest -q', targetKind: 'function' },
    targetText: TARGET_TEXT,
    n: 8,
    verifier: 'bubblewrap sandbox',
    startedAt: 1_764_140_000_000,
    reasoning: { effort: 'low' },
    plan: { mode: 'adaptive', repair: false, ladder: [{ effort: 'low' }] },
    candidates: [],
    ranking: [],
    choice: null,
    abstention: null,
    stoppedBy: null,
    totals: { samples: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0, costUsd: 0, wallMs: 0, verified: 0, duplicates: 0, cacheHits: 0 },
    progress: [],
    verifierStrength: null,
    notices: [],
    memoryItemIds: [],
    ...overrides,
  };
}

export function panelState(overrides: Partial<PanelState> = {}): PanelState {
  return {
    run: null,
    controls: controls(),
    workspaceTrusted: true,
    apiKeySet: true,
    bubblewrapStatus: { available: true, detail: 'bubblewrap at /usr/bin/bwrap' },
    memory: [],
    ...overrides,
  };
}

/** A finished run with one candidate in every terminal state, plus the chart's points. */
export function finishedRun(): RunView {
  const candidates: CandidateView[] = [
    finished(1, 0, 2, { score: { testsPassed: 2, testsTotal: 2, agreement: 3, tokens: -366, rank: 1, group: 1, groupSize: 2, explanation: 'passes 2/2 tests; 3 candidates behave the same on generated inputs' }, votes: 2 }),
    finished(2, 1, 1, { score: { testsPassed: 1, testsTotal: 2, agreement: 1, tokens: -379, rank: 3, group: 2, groupSize: 1, explanation: 'passes 1/2 tests' } }),
    finished(3, 2, 2, { score: { testsPassed: 2, testsTotal: 2, agreement: 3, tokens: -392, rank: 2, group: 1, groupSize: 2, explanation: 'passes 2/2 tests; same behaviour as #1, more tokens' } }),
    candidate(4, { state: 'duplicate', duplicateOf: 1, code: sampleCode(0), content: sampleCode(0), usage: { prompt: 182, completion: 64, reasoning: 120, estimated: false }, latencyMs: 1700 }),
    candidate(5, { state: 'timeout', code: sampleCode(3), verification: verification(0, { status: 'timeout', exitCode: null, tests: [], passed: 0, failed: 0, total: 0, reportFormat: 'exit-code', reason: 'killed after 10 s' }) }),
    candidate(6, { state: 'error', code: sampleCode(3), verification: verification(0, { status: 'error', tests: [], passed: 0, failed: 0, total: 0, reportFormat: 'exit-code', exitCode: 2, reason: 'collection error' }) }),
    candidate(7, { state: 'rejected', content: 'I cannot help with that.', rejection: 'no code block in the reply' }),
    candidate(8, { state: 'truncated', content: 'def has_close_elements(', finishReason: 'length', rejection: 'the reply hit max_tokens' }),
  ];
  return run({
    status: 'finished',
    candidates,
    ranking: [1, 3, 2],
    choice: { candidateId: 1, reason: 'passes every test and has the most agreement' },
    stoppedBy: 'completed',
    totals: { samples: 8, promptTokens: 1456, completionTokens: 520, reasoningTokens: 980, costUsd: 0.0034, wallMs: 12_400, verified: 2, duplicates: 1, cacheHits: 1 },
    progress: [
      { samples: 1, verified: 1 },
      { samples: 2, verified: 1 },
      { samples: 3, verified: 2 },
      { samples: 8, verified: 2 },
    ],
    verifierStrength: { level: 'weak', testsCount: 2, candidatesPassing: 2, candidatesVerified: 5, passingClusters: 1, note: 'Only 2 local tests: a wrong function can pass them.' },
  });
}
