import * as assert from 'node:assert/strict';
import { failureExcerpt, formatFailureExcerpt } from '../../../src/engine/secrets/failureExcerpt';
import { scrubVerification } from '../../../src/engine/secrets/scrubVerification';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { API_KEY, ENV, FAILING_MESSAGE, FAILING_TEST, leaked, leakyExitCodeVerdict, leakyVerdict } from './leakyOutput';

const scrub = { secrets: [API_KEY], env: ENV };

describe('failureExcerpt (what a model may see of a failing run)', () => {
  it('keeps only the failing tests, by name and message, never the combined output', () => {
    const excerpt = failureExcerpt(leakyVerdict(), scrub);
    assert.deepEqual(excerpt.failing.map((t) => t.name), [FAILING_TEST]);
    assert.ok(excerpt.failing[0].message.startsWith(FAILING_MESSAGE));
    assert.equal(excerpt.tail, undefined);
    const text = formatFailureExcerpt(excerpt);
    assert.doesNotMatch(text, /RAW-COMBINED-OUTPUT|PASSING-TEST-CHATTER|test_passes/);
    assert.deepEqual(leaked(text), []);
  });

  it('caps each message by lines and bytes, and counts the failing tests left out', () => {
    const long = Array.from({ length: 100 }, (_, i) => `line ${i} ${'é'.repeat(40)}`).join('\n');
    const result: VerifierResult = { ...leakyVerdict(), tests: Array.from({ length: 8 }, (_, i) => ({ name: `test_${i}`, status: i % 2 ? 'error' as const : 'failed' as const, message: long })) };
    const excerpt = failureExcerpt(result, { ...scrub, maxTests: 3, maxMessageLines: 20, maxMessageBytes: 2048 });
    assert.equal(excerpt.failing.length, 3);
    assert.equal(excerpt.omitted, 5);
    for (const test of excerpt.failing) {
      assert.ok(Buffer.byteLength(test.message) <= 2048 + '\n[… cut]'.length, `${Buffer.byteLength(test.message)} bytes`);
      assert.ok(test.message.split('\n').length <= 21);
      assert.ok(!test.message.includes('\uFFFD'), 'no broken character at the cut');
      assert.ok(test.message.endsWith('[… cut]'));
    }
    assert.match(formatFailureExcerpt(excerpt), /5 more failing tests not shown/);
  });

  it('without a per-test report, sends how the run ended and the last lines of the output, scrubbed', () => {
    const excerpt = failureExcerpt(leakyExitCodeVerdict(), { ...scrub, tailLines: 12 });
    assert.deepEqual(excerpt.failing, []);
    const tail = excerpt.tail ?? '';
    assert.match(tail, /^The test run ended failed\./);
    assert.match(tail, new RegExp(FAILING_MESSAGE.replace(/[()[\]{}.*+?^$|\\]/g, '\\$&')));
    assert.doesNotMatch(tail, /HEAD-OF-OUTPUT/);
    assert.ok(tail.split('\n').length <= 14);
    assert.deepEqual(leaked(tail), []);
  });
});

describe('scrubVerification (for the panel)', () => {
  it('scrubs output, test names, messages and reason, and keeps the rest', () => {
    const raw = { ...leakyVerdict(), reason: `died printing ${API_KEY}` };
    const shown = scrubVerification(raw, scrub);
    assert.deepEqual(leaked(JSON.stringify(shown)), []);
    assert.equal(shown.tests.length, 2);
    assert.equal(shown.passed, raw.passed);
    assert.ok(shown.output.includes('RAW-COMBINED-OUTPUT'), 'the panel still shows the whole output');
    assert.ok(shown.tests[0].message?.startsWith(FAILING_MESSAGE));
  });
});
