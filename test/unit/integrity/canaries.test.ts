import { strict as assert } from 'node:assert';
import { checkCanaries, newCanaryNames } from '../../../src/engine/verify/integrity/canaries';
import { judgeRun } from '../../../src/engine/verify/judge';
import type { RunProcessOutcome } from '../../../src/engine/verify/processRunner';
import type { CollectedReport } from '../../../src/engine/verify/reportCollection';
import { prepareTestCommand } from '../../../src/engine/verify/runnerDetection';
import type { TestOutcome } from '../../../src/engine/verify/types';

const names = { mustPass: 'test_aaaa11112222', mustFail: 'test_bbbb33334444' };

function run(overrides: Partial<RunProcessOutcome>): RunProcessOutcome {
  return { exitCode: 1, exitSignal: null, timedOut: false, cancelled: false, durationMs: 10, output: '', outputTruncated: false, ...overrides } as RunProcessOutcome;
}

function report(tests: TestOutcome[]): CollectedReport {
  return { format: 'junit', tests };
}

const user: TestOutcome[] = [
  { name: 'test_a::test_one', status: 'passed' },
  { name: 'test_a::test_two', status: 'passed' },
];
const good: TestOutcome[] = [
  ...user,
  { name: names.mustPass, status: 'passed' },
  { name: names.mustFail, status: 'failed', message: 'assert False' },
];

describe('canaries', () => {
  it('are fresh random names per verification that look like ordinary tests', () => {
    const a = newCanaryNames();
    const b = newCanaryNames();
    assert.match(a.mustPass, /^test_[0-9a-f]{12}$/);
    assert.notEqual(a.mustPass, a.mustFail);
    assert.notEqual(a.mustPass, b.mustPass);
  });

  it('are taken out of the report, and counted per file (node --test runs them once per file)', () => {
    const perFile = [...good, { name: `x.test.js > ${names.mustPass}`, status: 'passed' as const }, { name: `x.test.js > ${names.mustFail}`, status: 'failed' as const }];
    const verdict = checkCanaries(perFile, names);
    assert.equal(verdict.state, 'ok');
    assert.deepEqual(verdict.tests, user);
  });

  it('call a report forged when the must-fail one passed, the must-pass one failed, or they are uneven', () => {
    const flipped = good.map((t) => (t.name === names.mustFail ? { ...t, status: 'passed' as const } : t));
    assert.equal(checkCanaries(flipped, names).state, 'forged');
    const broken = good.map((t) => (t.name === names.mustPass ? { ...t, status: 'failed' as const } : t));
    assert.equal(checkCanaries(broken, names).state, 'forged');
    assert.equal(checkCanaries([...good, { name: names.mustPass, status: 'passed' }], names).state, 'forged');
    assert.equal(checkCanaries(user, names).state, 'missing');
    assert.equal(checkCanaries(user, undefined).state, 'none');
  });
});

describe('judgeRun with canaries', () => {
  // node --test and mocha: the must-fail canary fails the run, so a clean run exits 1.
  const prepared = { expectsReport: true, canaries: { ...names, cleanExit: 1 as const } };
  // pytest: the canary plugin gives the user's exit status back.
  const pytestPrepared = { expectsReport: true, canaries: { ...names, cleanExit: 0 as const } };

  it('takes exit 1 with only the must-fail canary failing for a clean pass, and hides the canaries', () => {
    const verdict = judgeRun(run({ exitCode: 1 }), report(good), prepared, 1000);
    assert.equal(verdict.status, 'passed');
    assert.equal(verdict.total, 2);
    assert.deepEqual(verdict.tests.map((t) => t.name), ['test_a::test_one', 'test_a::test_two']);
    assert.deepEqual(verdict.integrity, { missingTests: [], canaries: 'ok', ignoredPreexisting: [] });
  });

  it('judges by the report, not the exit code: exit 0 with right canaries passes, no report never does', () => {
    // `node --test | tee log` exits 0: the canaries in the report still show a genuine run.
    assert.equal(judgeRun(run({ exitCode: 0 }), report(good), prepared, 1000).status, 'passed');
    assert.equal(judgeRun(run({ exitCode: 0 }), undefined, prepared, 1000).status, 'tampered');
  });

  it('under pytest, a later step failing after every test passed fails the candidate', () => {
    assert.equal(judgeRun(run({ exitCode: 0 }), report(good), pytestPrepared, 1000).status, 'passed');
    const laterStep = judgeRun(run({ exitCode: 1 }), report(good), pytestPrepared, 1000);
    assert.equal(laterStep.status, 'failed');
    assert.match(laterStep.reason ?? '', /ended with exit code 1/);
  });

  it('rejects a report without canaries as tampered, a flipped canary as forged', () => {
    const missing = judgeRun(run({ exitCode: 1 }), report(user), prepared, 1000);
    assert.equal(missing.status, 'tampered');
    assert.equal(missing.integrity?.canaries, 'missing');
    const flipped = good.map((t) => (t.name === names.mustFail ? { ...t, status: 'passed' as const } : t));
    const forged = judgeRun(run({ exitCode: 1 }), report(flipped), prepared, 1000);
    assert.equal(forged.status, 'tampered');
    assert.equal(forged.integrity?.canaries, 'forged');
  });

  it('keeps an honest failure failed: a collection error stops pytest before the canaries run', () => {
    const collection = judgeRun(run({ exitCode: 2 }), report([{ name: 'test_a', status: 'error', message: 'ModuleNotFoundError' }]), prepared, 1000);
    assert.equal(collection.status, 'error');
    assert.equal(collection.integrity?.canaries, 'missing');
    const failing = judgeRun(run({ exitCode: 1 }), report([{ ...user[0], status: 'failed' }, ...good.slice(1)]), prepared, 1000);
    assert.equal(failing.status, 'failed');
    assert.equal(failing.failed, 1);
  });
});

describe('prepareTestCommand canaries', () => {
  const where = { reportDir: '/tmp/r', supportDir: '/tmp/s' };

  it('pytest: a plugin in the support dir holds the names; env and argv name only the module', () => {
    const p = prepareTestCommand('python -m pytest -q', where);
    assert.ok(p.canaries);
    const files = Object.entries(p.supportFiles ?? {});
    assert.equal(files.length, 1);
    const [file, text] = files[0];
    assert.match(file, /^bon_[0-9a-f]{12}\.py$/);
    assert.ok(text.includes(p.canaries.mustPass) && text.includes(p.canaries.mustFail));
    assert.match(p.env.PYTEST_ADDOPTS, new RegExp(`-p ${file.replace('.py', '')}$`));
    // What the candidate can see of its own process: no canary name.
    const visible = `${p.command} ${Object.values(p.env).join(' ')}`;
    assert.ok(!visible.includes(p.canaries.mustPass) && !visible.includes(p.canaries.mustFail));
    // PYTHONPATH is extended, never replaced, also where the command sets its own.
    assert.match(p.command, /^PYTHONPATH="\$\{PYTHONPATH:\+\$PYTHONPATH:\}"'\/tmp\/s'; export PYTHONPATH; python -m pytest -q$/);
    assert.match(prepareTestCommand('PYTHONPATH=src pytest', where).command, / PYTHONPATH='\/tmp\/s':src pytest$/);
  });

  it('node --test: a preload in the support dir; mocha: a --file spec; jest, vitest, go and cargo: none', () => {
    const node = prepareTestCommand('node --test test/', where);
    assert.ok(node.canaries);
    assert.match(node.command, /^node --require '\/tmp\/s\/bon_[0-9a-f]{12}\.cjs' --test-reporter=junit/);
    assert.ok(Object.values(node.supportFiles ?? {})[0].includes('NODE_TEST_CONTEXT'));
    const mocha = prepareTestCommand('npx mocha', where);
    assert.ok(mocha.canaries);
    assert.match(mocha.command, /--file '\/tmp\/s\/bon_[0-9a-f]{12}\.cjs'$/);
    assert.equal(prepareTestCommand('npx mocha --parallel', where).canaries, undefined);
    for (const command of ['npx jest', 'npx vitest run', 'go test ./...', 'cargo test']) {
      assert.equal(prepareTestCommand(command, where).canaries, undefined, command);
    }
    // Without a support dir nothing changes (the report-only form older callers use).
    assert.equal(prepareTestCommand('python -m pytest -q', '/tmp/r').canaries, undefined);
  });
});
