import { strict as assert } from 'node:assert';
import type { Candidate } from '../../../src/engine/events';
import { agreeingVotes } from '../../../src/engine/run/candidates';
import { finalResult } from '../../../src/engine/run/runResult';
import type { SolveOptions } from '../../../src/engine/options';
import { choose, verifierStrength } from '../../../src/engine/select/choose';
import { rankCandidates, type RankContext } from '../../../src/engine/select/rank';
import type { Task } from '../../../src/engine/task';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

function verdict(tests: Record<string, boolean>, extra: Partial<VerifierResult> = {}): VerifierResult {
  const list = Object.entries(tests).map(([name, ok]) => ({ name, status: ok ? ('passed' as const) : ('failed' as const) }));
  const passed = list.filter((t) => t.status === 'passed').length;
  return { status: passed === list.length ? 'passed' : 'failed', tests: list, passed, failed: list.length - passed, total: list.length, reportFormat: 'junit', exitCode: 0, durationMs: 1, output: '', outputTruncated: false, sandbox: 'bubblewrap', ...extra };
}

function cand(id: number, code: string, v: VerifierResult, extra: Partial<Candidate> = {}): Candidate {
  return { id, state: v.status, wave: 1, reasoning: {}, rawContent: code, reasoningText: '', code, votes: 1, usage: { prompt: 10, completion: 100, reasoning: 0, estimated: false }, costUsd: 0, cheatsheetItemIds: [], verification: v, ...extra };
}

const ALL = { a: true, b: true, c: true };

// The JS case: a correct-looking function that also copies process.env to /tmp, shorter than the clean one.
const JS_ORIGINAL = '/**\n * Human-readable file size.\n * @param {number} bytes\n */\nfunction humanSize(bytes) {\n  throw new Error("todo");\n}';
const JS_CLEAN = [
  '/**',
  ' * Human-readable file size.',
  ' * @param {number} bytes',
  ' */',
  'function humanSize(bytes) {',
  "  const units = ['B', 'KB', 'MB', 'GB', 'TB'];",
  '  let value = bytes;',
  '  let unit = 0;',
  '  while (value >= 1024 && unit < units.length - 1) {',
  '    value /= 1024;',
  '    unit += 1;',
  '  }',
  "  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;",
  '}',
].join('\n');
const JS_RISKY = [
  'function humanSize(bytes) {',
  "  require('fs').writeFileSync('/tmp/.e', JSON.stringify(process.env));",
  "  const u = ['B', 'KB', 'MB', 'GB', 'TB'];",
  '  let i = 0;',
  '  for (; bytes >= 1024 && i < 4; i++) bytes /= 1024;',
  "  return `${bytes.toFixed(i ? 1 : 0)} ${u[i]}`;",
  '}',
].join('\n');
const JS_CONTEXT: RankContext = { originalTarget: JS_ORIGINAL, language: 'javascript' };

const PY_ORIGINAL = 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b."""\n    raise NotImplementedError';
const PY_CLEAN = 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b."""\n    total = a + b\n    return total';
const PY_MANGLED = 'def add(a:int,b:int)->int:\n    """Return the sum of a and b."""\n    total=a+b\n    return total';
const PY_CONTEXT: RankContext = { originalTarget: PY_ORIGINAL, language: 'python' };

describe('ranking a reviewer would accept', () => {
  before(() => ensureLanguageLayer());

  it('a clean passing candidate beats a shorter one that writes process.env to /tmp, and the risky one shows its signs', () => {
    const risky = cand(1, JS_RISKY, verdict(ALL), { usage: { prompt: 10, completion: 75, reasoning: 0, estimated: false } });
    const clean = cand(2, JS_CLEAN, verdict(ALL));
    const candidates = [risky, clean];
    const { ranking, scores } = rankCandidates(candidates, undefined, JS_CONTEXT);
    assert.deepEqual(ranking, [2, 1]);
    assert.deepEqual(new Set(risky.riskSigns?.map((s) => s.kind)), new Set(['file-write', 'environment']));
    assert.equal(clean.riskSigns, undefined);
    assert.match(scores[1].explanation, /risk signs \((file write, env|env, file write)\) rank it below clean candidates/);
    candidates.forEach((c) => (c.score = scores[c.id]));
    assert.equal(choose(candidates, ranking, 'abstain', 'completed').choice?.candidateId, 2);
  });

  it('a clean candidate wins even when the risky one has more votes; a risky pass still beats a failure', () => {
    const risky = cand(1, JS_RISKY, verdict(ALL), { votes: 4 });
    const clean = cand(2, JS_CLEAN, verdict(ALL, { behaviour: 'other' }));
    const failing = cand(3, JS_CLEAN.replace('1024', '1000'), verdict({ a: true, b: true, c: false }));
    assert.deepEqual(rankCandidates([risky, clean, failing], undefined, JS_CONTEXT).ranking, [2, 1, 3]);
    const alone = [cand(1, JS_RISKY, verdict(ALL)), cand(3, JS_CLEAN, verdict({ a: true, b: false, c: false }))];
    const { ranking, scores } = rankCandidates(alone, undefined, JS_CONTEXT);
    assert.deepEqual(ranking, [1, 3]);
    alone.forEach((c) => (c.score = scores[c.id]));
    const chosen = choose(alone, ranking, 'abstain', 'completed');
    assert.equal(chosen.choice?.candidateId, 1);
    assert.match(chosen.choice?.reason ?? '', /risk signs \(.*\): review them before accepting/);
  });

  it('sandbox observations count as risk signs without a static context', () => {
    const killed = cand(1, PY_CLEAN, verdict(ALL, { observed: [{ source: 'sandbox', kind: 'limit-killed', detail: 'a child was killed at the memory limit' }] }));
    const clean = cand(2, PY_CLEAN + '\n', verdict(ALL));
    assert.deepEqual(rankCandidates([killed, clean]).ranking, [2, 1]);
    assert.deepEqual(killed.riskSigns, [{ source: 'sandbox', kind: 'limit-killed', detail: 'a child was killed at the memory limit' }]);
  });

  it('a whitespace-mangled copy loses to the clean original, whichever came first', () => {
    for (const [mangledId, cleanId] of [[1, 2], [2, 1]]) {
      const candidates = [cand(mangledId, PY_MANGLED, verdict(ALL)), cand(cleanId, PY_CLEAN, verdict(ALL))];
      assert.equal(rankCandidates(candidates, undefined, PY_CONTEXT).ranking[0], cleanId);
    }
  });

  it('inside a group of 3 the medoid wins, and a narrower, shorter candidate does not win on length', () => {
    const original = 'def human_size(n):\n    """Size in decimal (kB) or binary (KiB) units."""\n    raise NotImplementedError';
    const narrow = 'def human_size(n):\n    """Size in decimal (kB) or binary (KiB) units."""\n    return f"{n / 1000:.1f} kB"';
    const full = (name: string): string =>
      `def human_size(n):\n    """Size in decimal (kB) or binary (KiB) units."""\n    for ${name} in ["B", "kB", "MB", "GB"]:\n        if n < 1000:\n            return f"{n:.1f} {${name}}"\n        n /= 1000\n    return f"{n:.1f} TB"`;
    const candidates = [cand(1, narrow, verdict(ALL)), cand(2, full('unit'), verdict(ALL)), cand(3, full('suffix'), verdict(ALL))];
    const { ranking, scores } = rankCandidates(candidates, undefined, { originalTarget: original, language: 'python' });
    assert.equal(ranking[ranking.length - 1], 1, 'the narrow candidate is least like its group');
    assert.ok(ranking[0] === 2 || ranking[0] === 3);
    assert.match(scores[ranking[0]].explanation, /its code is \d+% like the rest of its group; it keeps the file's signature and docstring/);
  });

  it('keeps the signature and docstring byte for byte before the earlier id', () => {
    const reflowed = 'def add(a: int, b: int) -> int:\n    """Return the sum\n    of a and b."""\n    return a + b';
    const kept = 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b."""\n    return a + b';
    const { ranking } = rankCandidates([cand(1, reflowed, verdict(ALL)), cand(2, kept, verdict(ALL))], undefined, PY_CONTEXT);
    assert.deepEqual(ranking, [2, 1]);
  });

  it('a tampered candidate ranks last and is never chosen, nor an error or a timeout', () => {
    const tampered = cand(1, PY_CLEAN, verdict(ALL, { status: 'tampered', reason: 'the must-fail canary passed' }));
    const timeout = cand(2, PY_CLEAN, verdict({ a: true, b: true, c: true }, { status: 'timeout' }));
    const failing = cand(3, PY_CLEAN, verdict({ a: true, b: false, c: false }));
    const candidates = [tampered, timeout, failing];
    const { ranking, scores } = rankCandidates(candidates, undefined, PY_CONTEXT);
    assert.equal(ranking[ranking.length - 1], 1);
    assert.match(scores[1].explanation, /cannot be genuine \(the must-fail canary passed\); a tampered candidate is never picked/);
    candidates.forEach((c) => (c.score = scores[c.id]));
    for (const policy of ['abstain', 'best-partial', 'strict'] as const) {
      const result = choose(candidates, ranking, policy, 'completed');
      assert.notEqual(result.choice?.candidateId, 1);
      assert.notEqual(result.choice?.candidateId, 2);
    }
    assert.equal(choose(candidates, ranking, 'best-partial', 'completed').choice?.candidateId, 3);
    assert.equal(choose([tampered], rankCandidates([tampered]).ranking, 'best-partial', 'completed').choice, null);
  });
});

describe('one notion of agreement', () => {
  before(() => ensureLanguageLayer());

  const probes = { calls: 2, checks: 1 };
  it('early stop counts the groups the ranking uses when generated tests ran', () => {
    // Same outputs on generated inputs, different generated-check verdict strings in the fingerprint.
    const a = cand(1, PY_CLEAN, verdict(ALL, { behaviour: '=1|=2|=True' }));
    const b = cand(2, PY_MANGLED, verdict(ALL, { behaviour: '=1|=2|=False' }));
    const c = cand(3, PY_CLEAN + '\n# x', verdict(ALL, { behaviour: '=1|=3|=True' }));
    const candidates = [a, b, c];
    const { scores } = rankCandidates(candidates, probes);
    assert.equal(scores[1].agreement, 2, 'ranking puts #1 and #2 in one dual-agreement group');
    assert.equal(agreeingVotes(candidates, probes).top, 2, 'early stop sees the same group');
    assert.equal(agreeingVotes(candidates).top, 1, 'without probes the fingerprints differ');
    assert.equal(verifierStrength(candidates, undefined, { probes }).passingClusters, 2);
  });
});

describe('false-positive figure only where it was measured', () => {
  before(() => ensureLanguageLayer());

  const probed = (id: number): Candidate => cand(id, PY_CLEAN, verdict(ALL, { behaviour: '=1|=2|=True' }));
  const withScores = (candidates: Candidate[], probes?: { calls: number; checks: number }): Candidate[] => {
    const { scores } = rankCandidates(candidates, probes);
    candidates.forEach((c) => (c.score = scores[c.id]));
    return candidates;
  };

  it('quotes the share of wrong picks for Python with generated tests', () => {
    const candidates = withScores([probed(1), probed(2), cand(3, PY_CLEAN, verdict({ a: false, b: true, c: true }))], { calls: 2, checks: 1 });
    const s = verifierStrength(candidates, candidates[0], { language: 'python', probes: { calls: 2, checks: 1 } });
    assert.equal(s.riskMeasured, true);
    assert.equal(s.falsePositiveRisk, 0.29);
    assert.match(s.note, /wrong about 29% of the time/);
  });

  it('says the risk is unmeasured for another language or without generated tests, with no number', () => {
    const candidates = withScores([probed(1), probed(2)], { calls: 2, checks: 1 });
    const js = verifierStrength(candidates, candidates[0], { language: 'javascript', probes: { calls: 2, checks: 1 } });
    const noProbes = verifierStrength(candidates, candidates[0], { language: 'python' });
    for (const s of [js, noProbes]) {
      assert.equal(s.riskMeasured, false);
      assert.equal(s.falsePositiveRisk, undefined);
      assert.match(s.note, /unmeasured/);
      assert.doesNotMatch(s.note, /\d+%/);
    }
  });

  it('the final result carries the setting through: figure with task + probes, none without', () => {
    const task: Task = { workspaceRoot: '/ws', filePath: 'a.py', fileText: PY_ORIGINAL, range: { start: 0, end: PY_ORIGINAL.length }, targetKind: 'function', functionName: 'add', spec: '', testCommand: 'pytest', language: 'python' };
    const options = { abstainPolicy: 'abstain', agreementProbes: { calls: 2, checks: 1 } } as SolveOptions;
    const measured = finalResult('r', [probed(1), probed(2)], options, 'completed', { wallMs: 1, cacheHits: 0, task });
    assert.equal(measured.verifierStrength.riskMeasured, true);
    const unmeasured = finalResult('r', [probed(1), probed(2)], { ...options, agreementProbes: undefined }, 'completed', { wallMs: 1, cacheHits: 0, task });
    assert.equal(unmeasured.verifierStrength.riskMeasured, false);
    assert.match(unmeasured.verifierStrength.note, /unmeasured for runs without generated tests/);
  });
});
