import { strict as assert } from 'node:assert';
import { isLocalURL, parseSolveArgs } from '../../../src/cli/solveArgs';
import { candidateLine, resultTable, statusLine } from '../../../src/cli/solveReport';
import type { Candidate } from '../../../src/engine/events';
import { makeCandidate, makeResult } from '../../doubles/scriptedSolve';

const REQUIRED = ['--workspace', 'w', '--file', 'f.py', '--function', 'g', '--test-cmd', 'pytest', '--model', 'm'];

describe('solve CLI arguments and output', () => {
  it('parses flags with defaults and picks the provider from the URL', () => {
    const a = parseSolveArgs([...REQUIRED, '--n', '3', '--fast', '--reasoning-effort', 'low', '--max-cost', '0.5', '--sandbox', 'none']);
    assert.deepEqual([a.n, a.fast, a.reasoningEffort, a.maxCost, a.sandbox, a.concurrency, a.provider, a.target], [3, true, 'low', 0.5, 'none', 4, 'openai', 'function']);
    assert.equal(parseSolveArgs([...REQUIRED, '--base-url', 'http://127.0.0.1:8000/v1']).provider, 'custom');
  });

  it('rejects bad values with messages naming the flag', () => {
    assert.throws(() => parseSolveArgs(REQUIRED.slice(2)), /--workspace is required/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--n', '2.5']), /--n must be a whole number/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--temperature', '9']), /--temperature must be a number from 0 to 2/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--sandbox', 'docker']), /--sandbox must be auto, bubblewrap or none/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--reasoning-effort', 'max']), /--reasoning-effort must be one of/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--bogus']), /Unknown option '--bogus'/);
  });

  it('reads the wave, repair and strict flags, and refuses contradictions', () => {
    const a = parseSolveArgs([...REQUIRED, '--waves', '4', '--repair', '--strict']);
    assert.deepEqual([a.waves, a.repair, a.strict], [4, true, true]);
    assert.deepEqual([parseSolveArgs(REQUIRED).waves, parseSolveArgs(REQUIRED).repair, parseSolveArgs(REQUIRED).strict], [undefined, false, false]);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--repair']), /--repair needs --waves SIZE/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--waves', '0']), /--waves must be a whole number of at least 1/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--strict', '--best-partial']), /contradict/);
  });

  it('reads the memory flags, with a budget of 800 tokens unless told, and refuses them without a file', () => {
    const a = parseSolveArgs([...REQUIRED, '--cheatsheet', 'mem.json']);
    assert.deepEqual([a.cheatsheet, a.cheatsheetMode, a.cheatsheetBudget], ['mem.json', 'retrieval', 800]);
    const b = parseSolveArgs([...REQUIRED, '--cheatsheet', 'mem.json', '--cheatsheet-mode', 'cumulative', '--cheatsheet-budget', '300']);
    assert.deepEqual([b.cheatsheetMode, b.cheatsheetBudget], ['cumulative', 300]);
    assert.equal(parseSolveArgs(REQUIRED).cheatsheet, undefined);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--cheatsheet', 'm.json', '--cheatsheet-mode', 'all']), /--cheatsheet-mode must be cumulative or retrieval/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--cheatsheet', 'm.json', '--cheatsheet-budget', '0']), /--cheatsheet-budget must be a whole number of at least 1/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--cheatsheet-mode', 'cumulative']), /need --cheatsheet FILE/);
  });

  it('allows keyless servers only on this machine', () => {
    assert.ok(isLocalURL('http://localhost:1234/v1'));
    assert.ok(isLocalURL('http://127.0.0.1:8000/v1'));
    assert.ok(isLocalURL('http://[::1]:8000/v1'));
    assert.ok(!isLocalURL('http://127.0.0.1.example.com/v1'));
    assert.ok(!isLocalURL('https://api.openai.com/v1'));
  });

  it('prints one line per state change and a compact status', () => {
    const failed: Candidate = makeCandidate(3, { state: 'rejected', rejection: 'the answer has no code' });
    assert.equal(candidateLine(failed), '#3 rejected: the answer has no code');
    assert.equal(candidateLine(makeCandidate(4, { state: 'duplicate', duplicateOf: 1 })), '#4 duplicate of #1');
    assert.equal(statusLine([makeCandidate(1, { state: 'passed' }), makeCandidate(2, { state: 'sampling' }), makeCandidate(3, { state: 'passed' })], 8), '[3/8] sampling 1 · passed 2');
  });

  it('lays out the ranked table best first, unranked after', () => {
    const result = makeResult('r', [makeCandidate(1, { state: 'rejected' }), makeCandidate(2, { state: 'passed', score: { testsPassed: 1, testsTotal: 1, agreement: 1, tokens: -50, rank: 1, explanation: '' } })], { ranking: [2] });
    const lines = resultTable(result).split('\n');
    assert.match(lines[0], /^rank\s+cand\s+state\s+tests\s+votes\s+tokens p\/r\/c\s+time s\/t$/);
    assert.match(lines[2], /^1\s+#2\s+passed/);
    assert.match(lines[3], /^-\s+#1\s+rejected\s+-\s+1\s+100\/0\/50/);
  });
});
