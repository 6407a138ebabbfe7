import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSolveArgs } from '../../../src/cli/solveArgs';
import { baselineLines, candidateLine, humanReport, resultTable, riskLines, sandboxLine } from '../../../src/cli/solveReport';
import type { BaselineSummary } from '../../../src/engine/events';
import type { Task } from '../../../src/engine/task';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { makeCandidate, makeResult } from '../../doubles/scriptedSolve';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { cli } from './cliProcess';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/workspaces/python-sample');

function verdict(status: VerifierResult['status'], extra: Partial<VerifierResult> = {}): VerifierResult {
  return { status, tests: [], passed: 3, failed: 0, total: 3, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap', ...extra };
}

const BASELINE: BaselineSummary = {
  testIds: ['t::a', 't::b', 't::c', 't::d'],
  failingBefore: ['t::d'],
  reaching: ['t::a', 't::b', 't::c'],
  witness: 'reached',
  explanation: 'Three tests failed with the stub, so they exercise median.',
  durationMs: 1500,
};
const TEXT = 'def f():\n    raise NotImplementedError\n';
const TASK: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: TEXT, range: { start: 0, end: TEXT.length - 1 }, targetKind: 'function', functionName: 'f', spec: '', testCommand: 'pytest', language: 'python' };

describe('CLI output of trust states', () => {
  const risky = makeCandidate(1, {
    state: 'passed',
    code: 'def f():\n    return 1',
    verification: verdict('passed'),
    riskSigns: [
      { source: 'static', kind: 'subprocess', detail: 'subprocess.run() at line 3 of the candidate' },
      { source: 'static', kind: 'environment', detail: 'os.environ at line 4 of the candidate' },
    ],
    score: { testsPassed: 3, testsTotal: 3, agreement: 1, tokens: -50, rank: 2, explanation: '' },
  });
  const clean = makeCandidate(2, { state: 'passed', code: 'def f():\n    return 1', verification: verdict('passed'), score: { testsPassed: 3, testsTotal: 3, agreement: 1, tokens: -50, rank: 1, explanation: '' } });
  const tampered = makeCandidate(3, { state: 'tampered', verification: verdict('tampered', { reason: 'the must-fail canary passed' }), score: { testsPassed: 3, testsTotal: 3, agreement: 1, tokens: -50, rank: 3, explanation: '' } });

  it('has a risk column with the signs or a dash, and states a tampered candidate plainly with its reason', () => {
    const result = makeResult('r', [risky, clean, tampered], { ranking: [2, 1, 3], choice: { candidateId: 2, reason: 'clean' } });
    const lines = resultTable(result).split('\n');
    assert.match(lines[0], /^rank\s+cand\s+state\s+tests\s+risk\s+votes/);
    assert.match(lines[2], /^1\s+#2\s+passed\s+3\/3\s+-\s+1\s/);
    assert.match(lines[3], /^2\s+#1\s+passed\s+3\/3\s+⚠ subprocess, env\s+1\s/);
    assert.match(lines[4], /^3\s+#3\s+tampered\s+3\/3\s+-/);
    assert.equal(lines[5], '#3 tampered (rejected, never picked): the must-fail canary passed');
    assert.equal(candidateLine(tampered), '#3 tampered 3/3 tests: the must-fail canary passed');
    assert.equal(candidateLine(risky), '#1 passed 3/3 tests ⚠ subprocess, env');
  });

  it('prints the baseline and witness first, before the table', () => {
    assert.deepEqual(baselineLines(BASELINE), [
      'Baseline: 4 tests found; 1 test failing before the run, left out of verdicts (t::d) (1.5s).',
      'Witness: the tests reach the code being replaced (3 tests hit the stub). Three tests failed with the stub, so they exercise median.',
    ]);
    const report = humanReport(TASK, makeResult('r', [clean], { ranking: [2], baseline: BASELINE }));
    assert.ok(report.indexOf('Baseline: 4 tests found') < report.indexOf('rank  cand'), report);
    assert.match(baselineLines({ ...BASELINE, witness: 'not-reached', reaching: [], explanation: 'The tests import f from site-packages.' })[1], /^Witness: the tests do NOT reach the code being replaced\. The tests import f from site-packages\.$/);
    assert.match(baselineLines({ ...BASELINE, witness: 'unknown' })[1], /unknown \(the test runner gives no per-test report/);
  });

  it('says plainly when the tests ran without an OS sandbox', () => {
    const bare = makeCandidate(4, { state: 'passed', verification: verdict('passed', { sandbox: 'none', sandboxNote: 'bubblewrap is not installed' }) });
    assert.equal(sandboxLine(makeResult('r', [bare, clean])), 'Sandbox: NONE for 1 of 2 tested candidates — their tests ran in a temp copy on this machine without an OS sandbox (bubblewrap is not installed).');
    assert.equal(sandboxLine(makeResult('r', [clean])), "Sandbox: every candidate's tests ran inside bubblewrap.");
    assert.match(humanReport(TASK, makeResult('r', [bare], { ranking: [4] })), /Sandbox: NONE/);
  });

  it('lists each risk sign with where it was seen', () => {
    assert.deepEqual(riskLines(risky, [...(risky.riskSigns ?? []), { source: 'sandbox', kind: 'write-outside', detail: 'wrote /root/x' }]), [
      'Risk signs of #1 (subprocess, env, wrote outside copy):',
      '  ⚠ subprocess: subprocess.run() at line 3 of the candidate (seen in its code)',
      '  ⚠ environment: os.environ at line 4 of the candidate (seen in its code)',
      '  ⚠ write-outside: wrote /root/x (seen by the sandbox)',
    ]);
    assert.deepEqual(riskLines(clean, []), []);
  });

  it('takes --accept-risk only with --apply', () => {
    const base = ['--workspace', '.', '--file', 'a.py', '--function', 'f', '--test-cmd', 'pytest', '--model', 'm'];
    assert.equal(parseSolveArgs([...base, '--apply']).acceptRisk, false);
    assert.equal(parseSolveArgs([...base, '--apply', '--accept-risk']).acceptRisk, true);
    assert.throws(() => parseSolveArgs([...base, '--accept-risk']), /--accept-risk only matters with --apply/);
  });
});

const RISKY_MEDIAN = [
  '```python',
  'def median(values: list[float]) -> float:',
  '    import os',
  '    home = os.environ.get("HOME", "")',
  '    ordered = sorted(values)',
  '    if not ordered:',
  '        raise ValueError("median of an empty list" + home[:0])',
  '    mid = len(ordered) // 2',
  '    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2',
  '```',
].join('\n');


describe('best-of-n solve --apply with a risky pick (CLI process)', function () {
  this.timeout(90_000);
  let workspace: string;
  let server: ScriptedModelServer | undefined;
  beforeEach(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'cli-risk-'));
    cpSync(FIXTURE, workspace, { recursive: true });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(workspace, { recursive: true, force: true });
  });
  const args = (url: string): string[] => ['--workspace', workspace, '--file', 'stats.py', '--function', 'median', '--test-cmd', 'python3 -m pytest -q -p no:cacheprovider', '--n', '1', '--concurrency', '1', '--base-url', url, '--model', 'scripted', '--provider', 'ollama', '--sandbox', 'none', '--no-generated-tests'];

  it('shows the risk signs right above the apply line and refuses to write without --accept-risk', async () => {
    server = await startScriptedModelServer([{ content: RISKY_MEDIAN }]);
    const before = readFileSync(path.join(workspace, 'stats.py'), 'utf8');
    const run = await cli([...args(server.url), '--apply']);
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /Risk signs of #1 \(env\):\n {2}⚠ environment: os\.environ\.get\(\) at line \d+ of the candidate \(seen in its code\)\nNot written: #1 has risk signs/);
    assert.equal(readFileSync(path.join(workspace, 'stats.py'), 'utf8'), before);
  });

  it('stops before sampling, says why and writes nothing when the tests do not reach the function', async () => {
    writeFileSync(path.join(workspace, 'test_stats.py'), 'def test_unrelated():\n    assert sorted([2, 1]) == [1, 2]\n');
    server = await startScriptedModelServer([{ content: RISKY_MEDIAN }]);
    const before = readFileSync(path.join(workspace, 'stats.py'), 'utf8');
    const run = await cli([...args(server.url), '--apply', '--accept-risk']);
    assert.notEqual(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /Witness: the tests do NOT reach the code being replaced/);
    assert.match(run.stderr, /error: the tests do not reach median in stats\.py\. .*\nNothing was sampled or written\./);
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0, 'no sample was drawn');
    assert.equal(readFileSync(path.join(workspace, 'stats.py'), 'utf8'), before);
  });

  it('writes it with --apply --accept-risk, after showing the signs', async () => {
    server = await startScriptedModelServer([{ content: RISKY_MEDIAN }]);
    const run = await cli([...args(server.url), '--apply', '--accept-risk']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /⚠ environment: os\.environ[^\n]*\nWrote candidate #1 into stats\.py/);
    assert.match(readFileSync(path.join(workspace, 'stats.py'), 'utf8'), /os\.environ\.get/);
  });
});
