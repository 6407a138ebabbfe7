import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVerifier, detectBubblewrap } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { copyFixture, makeJob, makeTask, SLUGIFY_BODY, withBody } from './helpers';

// The project's own node_modules, linked into the test workspace as a user's would be: the verifier
// shares it read-only with the sandbox, wherever the checkout lives (even under /tmp, which bwrap hides).
const NODE_MODULES = path.resolve(__dirname, '../../../node_modules');

function hasCargo(): boolean {
  try {
    execFileSync('cargo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Real runners other than pytest and `node --test`, through the verifier's best sandbox. */
describe('verifier with other runners', function () {
  this.timeout(60_000);
  let verifier: Verifier;
  let mode: 'bubblewrap' | 'none';
  const dirs: string[] = [];
  const signal = new AbortController().signal;

  before(async () => {
    mode = (await detectBubblewrap()).available ? 'bubblewrap' : 'none';
    verifier = createVerifier({ sandbox: mode, timeoutMs: 50_000 });
  });
  after(async () => {
    await verifier.dispose();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  async function workspace(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-test-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), text);
    }
    return dir;
  }

  it('reads mocha results from its xunit report', async () => {
    const ws = await workspace({
      'double.js': 'module.exports = (x) => x * 2;\n',
      'test/double.spec.js':
        "const assert = require('node:assert');\nconst double = require('../double');\n" +
        "describe('double', () => {\n  it('doubles two', () => assert.strictEqual(double(2), 4));\n" +
        "  it('doubles zero', () => assert.strictEqual(double(0), 0));\n});\n",
    });
    await fs.symlink(NODE_MODULES, path.join(ws, 'node_modules'));
    const task = makeTask(ws, 'double.js', 'node_modules/.bin/mocha test/double.spec.js', 'javascript');
    const ok = await verifier.verify(makeJob(task, 'module.exports = (x) => x + x;\n'), signal);
    assert.equal(ok.status, 'passed', ok.reason ?? ok.output);
    assert.equal(ok.reportFormat, 'junit');
    assert.deepEqual(ok.tests.map((t) => t.name).sort(), ['double::doubles two', 'double::doubles zero']);
    const bad = await verifier.verify(makeJob(task, 'module.exports = (x) => x + 2;\n'), signal);
    assert.equal(bad.status, 'failed');
    assert.deepEqual(bad.tests.filter((t) => t.status === 'failed').map((t) => t.name), ['double::doubles zero']);
    assert.match(bad.tests.find((t) => t.status === 'failed')?.message ?? '', /2 !== 0|Expected values to be strictly equal/);
  });

  it('parses TAP from stdout when the command picks its own reporter', async () => {
    const ws = await copyFixture('js-sample');
    dirs.push(ws);
    const text = (await withBody(ws, 'slug.js', "throw new Error('not implemented');", SLUGIFY_BODY)).replace(
      ".normalize('NFKD')",
      '',
    );
    const task = makeTask(ws, 'slug.js', 'node --test --test-reporter=tap', 'javascript');
    const result = await verifier.verify(makeJob(task, text), signal);
    assert.equal(result.reportFormat, 'tap');
    assert.equal(result.status, 'failed');
    assert.equal(result.total, 4);
    const failed = result.tests.filter((t) => t.status === 'failed');
    assert.deepEqual(failed.map((t) => t.name), ['strips accents']);
    assert.match(failed[0].message ?? '', /Expected values to be strictly equal/);
  });

  it('reads cargo test results from libtest output', async function () {
    if (!hasCargo()) {
      console.warn('cargo is not installed here');
      this.skip();
    }
    const lib = (body: string): string =>
      `pub fn add(a: i32, b: i32) -> i32 { ${body} }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n` +
      '    #[test]\n    fn adds_zero() { assert_eq!(add(2, 0), 2); }\n' +
      '    #[test]\n    fn adds_two() { assert_eq!(add(2, 2), 4, "two plus two"); }\n}\n';
    const ws = await workspace({
      'Cargo.toml': '[package]\nname = "sample"\nversion = "0.1.0"\nedition = "2021"\n',
      'src/lib.rs': lib('a + b'),
    });
    const result = await verifier.verify(makeJob(makeTask(ws, 'src/lib.rs', 'cargo test --offline', 'rust'), lib('a - b')), signal);
    assert.equal(result.reportFormat, 'libtest', result.output);
    assert.equal(result.status, 'failed');
    assert.deepEqual(
      result.tests.map((t) => [t.name, t.status]).sort(),
      [
        ['tests::adds_two', 'failed'],
        ['tests::adds_zero', 'passed'],
      ],
    );
    assert.match(result.tests.find((t) => t.status === 'failed')?.message ?? '', /two plus two/);
  });
});
