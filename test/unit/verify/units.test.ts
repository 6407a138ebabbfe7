import * as assert from 'node:assert/strict';
import { judgeRun } from '../../../src/engine/verify/judge';
import type { RunProcessOutcome } from '../../../src/engine/verify/processRunner';
import { OutputCapture } from '../../../src/engine/verify/outputCapture';
import { prepareTestCommand } from '../../../src/engine/verify/runnerDetection';
import { buildSandboxEnv } from '../../../src/engine/verify/sandboxEnv';

describe('OutputCapture', () => {
  it('keeps everything under the cap', () => {
    const capture = new OutputCapture(100);
    capture.push(Buffer.from('hello '));
    capture.push(Buffer.from('world'));
    assert.equal(capture.text(), 'hello world');
    assert.equal(capture.truncated, false);
  });

  it('keeps the head and the latest tail of a long stream, with a marker', () => {
    const capture = new OutputCapture(20);
    capture.push(Buffer.from('0123456789'));
    for (let i = 0; i < 1000; i += 1) capture.push(Buffer.from('abc'));
    capture.push(Buffer.from('THE-END'));
    assert.equal(capture.truncated, true);
    assert.equal(capture.totalBytes, 10 + 3000 + 7);
    const text = capture.text();
    assert.ok(text.startsWith('0123456789\n[… 2997 bytes of output omitted …]\n'));
    assert.ok(text.endsWith('bcTHE-END'));
  });

  it('handles one chunk larger than the whole budget', () => {
    const capture = new OutputCapture(8);
    capture.push(Buffer.from('ABCDEFGHIJKLMNOP'));
    assert.equal(capture.text(), 'ABCD\n[… 8 bytes of output omitted …]\nMNOP');
  });

  it('rejects a nonsensical cap', () => {
    assert.throws(() => new OutputCapture(1), RangeError);
  });
});

describe('prepareTestCommand', () => {
  const dir = '/tmp/best-of-n-x/report';
  it('asks pytest for JUnit XML through PYTEST_ADDOPTS, leaving the command alone', () => {
    const p = prepareTestCommand('python -m pytest -q tests/', dir);
    assert.equal(p.runner, 'pytest');
    assert.equal(p.command, 'python -m pytest -q tests/');
    assert.equal(p.env.PYTEST_ADDOPTS, `--junitxml=${dir}/pytest.xml -p no:cacheprovider`);
    assert.equal(p.expectsReport, true);
    assert.equal(prepareTestCommand('pytest --junitxml=mine.xml', dir).expectsReport, false);
    assert.equal(prepareTestCommand('mypytest run', dir).runner, 'unknown');
  });

  it('adds the junit reporter to node --test, after node, in the right simple command', () => {
    const p = prepareTestCommand('npm run build && node --test test/', dir);
    assert.equal(p.runner, 'node-test');
    assert.equal(
      p.command,
      `npm run build && node --test-reporter=junit --test-reporter-destination='${dir}/node-test.xml' ` +
        '--test-reporter=spec --test-reporter-destination=stdout --test test/',
    );
    assert.equal(prepareTestCommand('node script.js', dir).runner, 'unknown');
    assert.equal(prepareTestCommand('node --test --test-reporter=tap', dir).runner, 'unknown');
  });

  it('recognises mocha, vitest, jest, go test and cargo test', () => {
    assert.equal(prepareTestCommand('npx mocha', dir).command, `npx mocha --reporter xunit --reporter-option output='${dir}/mocha.xml'`);
    assert.equal(prepareTestCommand('npx vitest run', dir).command, `npx vitest --reporter=default --reporter=junit --outputFile.junit='${dir}/vitest.xml' run`);
    assert.equal(prepareTestCommand('npx jest --ci', dir).command, `npx jest --json --outputFile='${dir}/jest.json' --ci`);
    assert.equal(prepareTestCommand('go test ./...', dir).command, 'go test -json ./...');
    assert.equal(prepareTestCommand('cargo test --release', dir).runner, 'cargo-test');
  });

  it('quotes report paths for the shell', () => {
    const p = prepareTestCommand('npx mocha', "/tmp/it's here");
    assert.match(p.command, /output='\/tmp\/it'\\''s here\/mocha\.xml'/);
    // PYTEST_ADDOPTS splits on spaces, so it is left out rather than broken.
    assert.equal(p.env.PYTEST_ADDOPTS, undefined);
  });
});

describe('buildSandboxEnv', () => {
  it('passes only allowlisted variables and points HOME and TMPDIR into the sandbox', () => {
    const env = buildSandboxEnv({
      home: '/sb/home',
      tmp: '/sb/tmp',
      realHome: '/nonexistent-home',
      parent: {
        PATH: '/usr/bin',
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        HOME: '/home/me',
        OPENAI_API_KEY: 'sk-1',
        BEST_OF_N_API_KEY: 'k-2',
        AWS_SECRET_ACCESS_KEY: 'a-3',
        LC_AUTH_TOKEN: 'lc-4',
        NODE_OPTIONS: '--require /evil.js',
        GOPATH: '/home/me/go',
      },
      extra: { PYTEST_ADDOPTS: '-q' },
    });
    assert.deepEqual(Object.keys(env).sort(), [
      'CI', 'FORCE_COLOR', 'GOPATH', 'HOME', 'LANG', 'LC_ALL', 'NO_COLOR', 'PATH', 'PYTEST_ADDOPTS', 'PYTHONDONTWRITEBYTECODE',
      'PYTHONUNBUFFERED', 'TEMP', 'TMP', 'TMPDIR', 'npm_config_update_notifier',
    ]);
    assert.equal(env.HOME, '/sb/home');
    assert.equal(env.TMPDIR, '/sb/tmp');
  });
});

describe('judgeRun', () => {
  const run = (over: Partial<RunProcessOutcome>): RunProcessOutcome => ({
    exitCode: 0, exitSignal: null, timedOut: false, cancelled: false, output: '', outputTruncated: false, durationMs: 1, ...over,
  });
  const report = (statuses: Array<'passed' | 'failed' | 'error' | 'skipped'>) => ({
    format: 'junit' as const,
    tests: statuses.map((status, i) => ({ name: `t${i}`, status, message: status === 'passed' ? undefined : 'why' })),
  });

  it('passes only with a passing test, no failures and exit 0', () => {
    assert.equal(judgeRun(run({}), report(['passed', 'skipped']), { expectsReport: true }, 1000).status, 'passed');
    assert.equal(judgeRun(run({ exitCode: 1 }), report(['passed']), { expectsReport: true }, 1000).status, 'failed');
    assert.equal(judgeRun(run({}), report(['skipped']), { expectsReport: true }, 1000).status, 'failed');
    assert.equal(judgeRun(run({ exitCode: 5 }), report([]), { expectsReport: true }, 1000).reason, 'no tests ran (exit code 5)');
  });

  it('calls errors without any pass an error and mixed results a failure', () => {
    assert.equal(judgeRun(run({ exitCode: 2 }), report(['error']), { expectsReport: true }, 1000).status, 'error');
    const mixed = judgeRun(run({ exitCode: 1 }), report(['passed', 'failed', 'error']), { expectsReport: true }, 1000);
    assert.equal(mixed.status, 'failed');
    assert.equal(mixed.failed, 2);
    assert.equal(mixed.reason, '2 of 3 tests failed — t1: why');
  });

  it('uses the exit code only when no report was asked for', () => {
    assert.equal(judgeRun(run({}), undefined, { expectsReport: false }, 1000).status, 'passed');
    assert.equal(judgeRun(run({}), undefined, { expectsReport: true }, 1000).status, 'error');
    assert.equal(judgeRun(run({ exitCode: 3 }), undefined, { expectsReport: false }, 1000).status, 'failed');
    assert.equal(judgeRun(run({ exitCode: null, exitSignal: 'SIGSEGV' }), undefined, { expectsReport: false }, 1000).status, 'error');
  });

  it('puts timeout and cancellation before anything else', () => {
    assert.equal(judgeRun(run({ timedOut: true, exitCode: null }), undefined, { expectsReport: true }, 2000).reason, 'killed after the 2.0 s time limit');
    assert.equal(judgeRun(run({ cancelled: true }), report(['passed']), { expectsReport: true }, 2000).status, 'cancelled');
  });
});
