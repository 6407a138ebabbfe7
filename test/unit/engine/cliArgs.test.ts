import { strict as assert } from 'node:assert';
import { isLocalURL, parseSolveArgs } from '../../../src/cli/solveArgs';
import { candidateLine, escalationLine, resultTable, statusLine } from '../../../src/cli/solveReport';
import { wavesFrom, wavesNotes } from '../../../src/cli/solveWaves';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { Candidate } from '../../../src/engine/events';
import { makeCandidate, makeResult } from '../../doubles/scriptedSolve';

const REQUIRED = ['--workspace', 'w', '--file', 'f.py', '--function', 'g', '--test-cmd', 'pytest', '--model', 'm'];

describe('solve CLI arguments and output', () => {
  it('parses flags with defaults and picks the provider from the URL', () => {
    const a = parseSolveArgs([...REQUIRED, '--n', '3', '--fast', '--reasoning-effort', 'low', '--max-cost', '0.5', '--sandbox', 'none']);
    assert.deepEqual([a.n, a.fast, a.reasoningEffort, a.maxCost, a.sandbox, a.concurrency, a.provider, a.target], [3, true, 'low', 0.5, 'none', 4, 'openai', 'function']);
    assert.equal(parseSolveArgs([...REQUIRED, '--base-url', 'http://127.0.0.1:8000/v1']).provider, 'custom');
  });

  it('asks for generated tests by default, as the extension does, unless --no-generated-tests', () => {
    assert.equal(parseSolveArgs(REQUIRED).generatedTests, true);
    assert.equal(parseSolveArgs([...REQUIRED, '--no-generated-tests']).generatedTests, false);
  });

  it('rejects bad values with messages naming the flag', () => {
    assert.throws(() => parseSolveArgs(REQUIRED.slice(2)), /--workspace is required/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--n', '2.5']), /--n must be a whole number/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--temperature', '9']), /--temperature must be a number from 0 to 2/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--sandbox', 'docker']), /--sandbox must be auto, bubblewrap or none/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--reasoning-effort', 'max']), /--reasoning-effort must be one of/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--bogus']), /Unknown option '--bogus'/);
  });

  it('reads the wave, escalation, repair and strict flags, and refuses contradictions', () => {
    const a = parseSolveArgs([...REQUIRED, '--waves', '4', '--repair', '--strict']);
    assert.deepEqual([a.waves, a.repair, a.strict, a.escalate], [4, true, true, false]);
    const auto = parseSolveArgs([...REQUIRED, '--waves', 'auto', '--escalate']);
    assert.deepEqual([auto.waves, auto.escalate, auto.repair], ['auto', true, false]);
    const none = parseSolveArgs(REQUIRED);
    assert.deepEqual([none.waves, none.repair, none.strict, none.escalate], [undefined, false, false, false]);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--repair']), /--repair needs --waves SIZE or --waves auto/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--escalate']), /--escalate needs --waves SIZE or --waves auto/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--waves', 'auto', '--escalate', '--fast']), /--escalate and --fast contradict/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--waves', '0']), /--waves must be auto or a whole number of at least 1, got "0"/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--waves', 'grow']), /--waves must be auto or a whole number of at least 1, got "grow"/);
    assert.throws(() => parseSolveArgs([...REQUIRED, '--strict', '--best-partial']), /contradict/);
  });

  it('maps --waves auto / SIZE, --repair and --escalate to the engine options, with the profile ladder up to the chosen setting', () => {
    const vllm = getProviderProfile('vllm');
    const openai = getProviderProfile('openai');
    assert.deepEqual(wavesFrom(parseSolveArgs(REQUIRED), vllm, {}), {});
    assert.deepEqual(wavesFrom(parseSolveArgs([...REQUIRED, '--waves', 'auto']), vllm, {}), { waves: { repair: false } });
    assert.deepEqual(wavesFrom(parseSolveArgs([...REQUIRED, '--waves', '6', '--repair']), vllm, {}), { waves: { size: 6, repair: true } });
    // An effort server climbs from its cheapest effort to the chosen one, never past it.
    const escalating = wavesFrom(parseSolveArgs([...REQUIRED, '--waves', 'auto', '--escalate', '--reasoning-effort', 'medium']), openai, { effort: 'medium' });
    assert.deepEqual(escalating.waves, { repair: false });
    assert.ok(escalating.reasoningLadder && escalating.reasoningLadder.length >= 2, 'a ladder with somewhere to climb');
    assert.deepEqual(escalating.reasoningLadder[escalating.reasoningLadder.length - 1], { effort: 'medium' });
    assert.ok(escalating.reasoningLadder.every((step) => step.effort !== 'high'));
    // vLLM with no effort chosen: no thinking first, the server's own setting last.
    const thinking = wavesFrom(parseSolveArgs([...REQUIRED, '--waves', 'auto', '--escalate']), vllm, {}).reasoningLadder;
    assert.deepEqual([thinking?.[0], thinking?.[thinking.length - 1]], [{ fastMode: true }, {}]);
  });

  it('notes what the wave flags will do when it may not be what was meant', () => {
    const openai = getProviderProfile('openai');
    const noStop = wavesNotes(parseSolveArgs([...REQUIRED, '--waves', 'auto']), openai, undefined);
    assert.deepEqual(noStop, ['--waves without --early-stop K draws every wave up to --n; add --early-stop K to stop once K passing candidates agree.']);
    assert.deepEqual(wavesNotes(parseSolveArgs([...REQUIRED, '--waves', 'auto', '--early-stop', '2']), openai, undefined), []);
    // No effort given to an effort server: nothing to climb, and the note says how to get a ladder.
    const flat = wavesNotes(parseSolveArgs([...REQUIRED, '--waves', 'auto', '--early-stop', '2', '--escalate']), openai, undefined);
    assert.match(flat.join('\n'), /--escalate: OpenAI has no cheaper reasoning setting to start from here \(it climbs efforts up to --reasoning-effort/);
    const ladder = wavesNotes(parseSolveArgs([...REQUIRED, '--waves', 'auto', '--early-stop', '2', '--escalate']), openai, [{ effort: 'low' }, { effort: 'medium' }]);
    assert.deepEqual(ladder, ['escalation ladder: effort low → effort medium.']);
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

  it('lays out the ranked table best first, unranked after, with each candidate\'s wave and reasoning setting', () => {
    const result = makeResult('r', [makeCandidate(1, { state: 'rejected' }), makeCandidate(2, { state: 'passed', wave: 2, reasoning: { effort: 'medium' }, score: { testsPassed: 1, testsTotal: 1, agreement: 1, tokens: -50, rank: 1, explanation: '' } })], { ranking: [2] });
    const lines = resultTable(result).split('\n');
    assert.match(lines[0], /^rank\s+cand\s+state\s+tests\s+risk\s+votes\s+tokens p\/r\/c\s+time s\/t\s+wave\s+reasoning$/);
    assert.match(lines[2], /^1\s+#2\s+passed\s+-\s+-\s+1\s+100\/0\/50\s+-\/-\s+2\s+effort medium$/);
    assert.match(lines[3], /^-\s+#1\s+rejected\s+-\s+-\s+1\s+100\/0\/50\s+-\/-\s+1\s+default$/);
    assert.equal(escalationLine(result), undefined, 'one answer, one setting: nothing to tally');
  });

  it('names the candidate a repair revised, and tallies the settings an escalating run drew with', () => {
    const answered = { finishReason: 'stop', state: 'failed' as const };
    const result = makeResult('r', [
      makeCandidate(1, { ...answered, reasoning: { fastMode: true } }),
      makeCandidate(2, { ...answered, wave: 2, reasoning: { budgetTokens: 1024 } }),
      makeCandidate(3, { ...answered, wave: 2, reasoning: { budgetTokens: 1024 }, origin: 'repair', repairOf: 1 }),
      makeCandidate(4, { state: 'cancelled', wave: 3, reasoning: { budgetTokens: 4096 } }),
    ]);
    const lines = resultTable(result).split('\n');
    assert.match(lines[0], /\bvotes\s+tokens p\/r\/c\s+time s\/t\s+wave\s+reasoning\s+from$/);
    assert.match(lines.find((l) => /^\S+\s+#3\s/.test(l)) ?? '', /#3\s+failed\s+-\s+-\s+1\s+\S+\s+\S+\s+2\s+budget 1024\s+repair of #1$/);
    assert.match(lines.find((l) => /^\S+\s+#1\s/.test(l)) ?? '', /#1\s+failed\s+-\s+-\s+1\s+\S+\s+\S+\s+1\s+fast\s+sample$/);
    // The cancelled request drew nothing and is not counted.
    assert.equal(escalationLine(result), 'Drawn per reasoning setting: fast 1 · budget 1024 2 · repairs 1');
    assert.equal(candidateLine(result.candidates[2]), '#3 (repair of #1) failed');
  });
});
