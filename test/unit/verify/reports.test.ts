import * as assert from 'node:assert/strict';
import { parseGoTestJson } from '../../../src/engine/verify/goTestReport';
import { parseJestJson } from '../../../src/engine/verify/jestReport';
import { parseJunitReport, ReportFormatError } from '../../../src/engine/verify/junitReport';
import { parseLibtestOutput } from '../../../src/engine/verify/libtestReport';
import { parseTap } from '../../../src/engine/verify/tapReport';
import { MAX_MESSAGE_CHARS } from '../../../src/engine/verify/testOutcomes';

// Report texts below have the shapes the runners emit (pytest 9, node 20, jest 29, go 1.22).

describe('parseJunitReport', () => {
  it('reads a pytest collection error as an error outcome', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="0" skipped="0" tests="1" time="0.1"><testcase classname="" name="test_stats" time="0.000"><error message="collection failure">test_stats.py:3: in &lt;module&gt;
    from stats import median
E     File "/w/stats.py", line 5
E       return (sorted(values)
E              ^
E   SyntaxError: '(' was never closed</error></testcase></testsuite></testsuites>`;
    const tests = parseJunitReport(xml, { suiteNamesInTestName: false });
    assert.equal(tests.length, 1);
    assert.equal(tests[0].name, 'test_stats');
    assert.equal(tests[0].status, 'error');
    assert.match(tests[0].message ?? '', /^collection failure\n.*SyntaxError: '\(' was never closed/s);
  });

  it('names node --test cases by their describe blocks and reads skips', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="math" time="0.01" disabled="0" errors="0" tests="2" failures="1" skipped="1" hostname="h">
    <testsuite name="add" time="0.01" disabled="0" errors="0" tests="2" failures="1" skipped="0" hostname="h">
      <testcase name="adds" time="0.001" classname="test"/>
      <testcase name="carries" time="0.002" classname="test" failure="boom"><failure type="testCodeFailure" message="boom">stack</failure></testcase>
    </testsuite>
    <testcase name="later" time="0" classname="test"><skipped type="skipped" message="not yet"/></testcase>
  </testsuite>
  <!-- tests 3 -->
</testsuites>`;
    const tests = parseJunitReport(xml, { suiteNamesInTestName: true });
    assert.deepEqual(
      tests.map((t) => [t.name, t.status, t.message]),
      [
        ['math > add > adds', 'passed', undefined],
        ['math > add > carries', 'failed', 'boom\nstack'],
        ['math > later', 'skipped', 'not yet'],
      ],
    );
    assert.equal(tests[1].durationMs, 2);
  });

  it('reads a bare <testsuite> root and clips long messages', () => {
    const long = 'x'.repeat(MAX_MESSAGE_CHARS + 500);
    const xml = `<testsuite name="Mocha Tests" tests="1"><testcase classname="suite" name="t"><failure>${long}</failure></testcase></testsuite>`;
    const [test] = parseJunitReport(xml, { suiteNamesInTestName: false });
    assert.equal(test.name, 'suite::t');
    assert.ok((test.message ?? '').length <= MAX_MESSAGE_CHARS + 10);
    assert.ok(test.message?.endsWith('[…]'));
  });

  it('throws a ReportFormatError for something that is not JUnit', () => {
    assert.throws(() => parseJunitReport('<html><body/></html>', { suiteNamesInTestName: false }), ReportFormatError);
  });
});

describe('parseTap', () => {
  it('keeps leaf tests of nested node subtests, with YAML error messages', () => {
    const tap = `TAP version 13
# Subtest: suite
    # Subtest: inner ok
    ok 1 - inner ok
      ---
      duration_ms: 0.5
      ...
    # Subtest: inner bad
    not ok 2 - inner bad
      ---
      duration_ms: 1.2
      failureType: 'testCodeFailure'
      error: |-
        Expected values to be strictly equal:

        1 !== 2
      code: 'ERR_ASSERTION'
      ...
    1..2
not ok 1 - suite
  ---
  error: '1 subtest failed'
  ...
ok 2 - skipped one # SKIP not ready
not ok 3 - todo one # TODO later
1..3`;
    const tests = parseTap(tap);
    assert.deepEqual(
      tests?.map((t) => [t.name, t.status]),
      [
        ['inner ok', 'passed'],
        ['inner bad', 'failed'],
        ['skipped one', 'skipped'],
        ['todo one', 'skipped'],
      ],
    );
    assert.equal(tests?.[1].message, 'Expected values to be strictly equal:\n\n1 !== 2');
    assert.equal(tests?.[1].durationMs, 1);
  });

  it('turns "Bail out!" into an error and ignores text that is not TAP', () => {
    assert.deepEqual(parseTap('1..2\nok 1 - a\nBail out! database down')?.map((t) => t.status), ['passed', 'error']);
    assert.equal(parseTap('ok\nall good\nnot ok then'), undefined);
  });
});

describe('parseJestJson', () => {
  it('reads assertions and turns a file that failed to load into an error', () => {
    const report = JSON.stringify({
      numFailedTests: 1,
      testResults: [
        {
          name: '/w/sum.test.js',
          status: 'failed',
          message: '',
          assertionResults: [
            { fullName: 'sum adds', title: 'adds', status: 'passed', failureMessages: [], duration: 3 },
            { fullName: 'sum carries', title: 'carries', status: 'failed', failureMessages: ['Error: expect(received).toBe(expected)'], duration: 2 },
            { fullName: 'sum later', title: 'later', status: 'todo', failureMessages: [] },
          ],
        },
        { name: '/w/broken.test.js', status: 'failed', message: 'SyntaxError: Unexpected token', assertionResults: [] },
      ],
    });
    assert.deepEqual(
      parseJestJson(report).map((t) => [t.name, t.status, t.message]),
      [
        ['sum adds', 'passed', undefined],
        ['sum carries', 'failed', 'Error: expect(received).toBe(expected)'],
        ['sum later', 'skipped', undefined],
        ['/w/broken.test.js', 'error', 'SyntaxError: Unexpected token'],
      ],
    );
  });

  it('rejects a report without testResults', () => {
    assert.throws(() => parseJestJson('{"ok":true}'), /no testResults/);
  });
});

describe('parseGoTestJson', () => {
  const ev = (o: Record<string, unknown>): string => JSON.stringify({ Time: '2024-01-01T00:00:00Z', Package: 'ex/m', ...o });
  it('reads per-test actions and the failing test output', () => {
    const stream = [
      ev({ Action: 'start' }),
      ev({ Action: 'run', Test: 'TestAdd' }),
      ev({ Action: 'output', Test: 'TestAdd', Output: '=== RUN   TestAdd\n' }),
      ev({ Action: 'output', Test: 'TestAdd', Output: '--- PASS: TestAdd (0.00s)\n' }),
      ev({ Action: 'pass', Test: 'TestAdd', Elapsed: 0 }),
      ev({ Action: 'run', Test: 'TestSub' }),
      ev({ Action: 'output', Test: 'TestSub', Output: '    m_test.go:9: got 1, want 3\n' }),
      ev({ Action: 'fail', Test: 'TestSub', Elapsed: 0.01 }),
      ev({ Action: 'output', Output: 'FAIL\n' }),
      ev({ Action: 'fail', Elapsed: 0.02 }),
    ].join('\n');
    const parsed = parseGoTestJson(stream);
    assert.deepEqual(
      parsed?.tests.map((t) => [t.name, t.status, t.message]),
      [
        ['TestAdd', 'passed', undefined],
        ['TestSub', 'failed', 'm_test.go:9: got 1, want 3'],
      ],
    );
    assert.match(parsed?.text ?? '', /got 1, want 3\nFAIL/);
  });

  it('reports a package that failed to build as an error', () => {
    const stream = `# ex/m\n./m.go:3:1: syntax error\n${ev({ Action: 'output', Output: 'FAIL\tex/m [build failed]\n' })}\n${ev({ Action: 'fail', Elapsed: 0 })}`;
    const parsed = parseGoTestJson(stream);
    assert.equal(parsed?.tests.length, 1);
    assert.equal(parsed?.tests[0].status, 'error');
    assert.match(parsed?.tests[0].message ?? '', /build failed/);
    assert.equal(parseGoTestJson('no events here'), undefined);
  });
});

describe('parseLibtestOutput', () => {
  it('returns undefined when the crate did not compile', () => {
    assert.equal(parseLibtestOutput('error[E0308]: mismatched types\nerror: could not compile `sample`'), undefined);
  });

  it('reads ignored tests and keeps the panic message of each failure', () => {
    const out = `running 3 tests
test a::skip ... ignored, slow
test a::ok ... ok
test a::bad ... FAILED

failures:

---- a::bad stdout ----
thread 'a::bad' panicked at src/lib.rs:9:21:
assertion failed: false

failures:
    a::bad

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out`;
    assert.deepEqual(
      parseLibtestOutput(out)?.map((t) => [t.name, t.status, t.message]),
      [
        ['a::skip', 'skipped', undefined],
        ['a::ok', 'passed', undefined],
        ['a::bad', 'failed', "thread 'a::bad' panicked at src/lib.rs:9:21:\nassertion failed: false"],
      ],
    );
  });
});
