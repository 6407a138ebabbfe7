import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadGrammars, parseWith } from '../../../src/engine/language/treeSitter';
import { shippedScript } from '../../../src/engine/shippedScript';

const PYTHON_TESTS = path.resolve(__dirname, '../../python');

/** Module-level `def test_*` functions of the pytest files: what pytest must report as passed. */
async function pytestFunctionCount(): Promise<number> {
  await loadGrammars(['python']);
  let count = 0;
  for (const name of readdirSync(PYTHON_TESTS).filter((n) => n.startsWith('test_') && n.endsWith('.py'))) {
    const root = parseWith('python', readFileSync(path.join(PYTHON_TESTS, name), 'utf8')).rootNode;
    count += root.namedChildren.filter((n) => n?.type === 'function_definition' && n.childForFieldName('name')?.text.startsWith('test_')).length;
  }
  return count;
}

describe('the Python files the extension ships', function () {
  this.timeout(180000);

  it('pass their own pytest suite (worker, assert parser, canary plugin)', async () => {
    const expected = await pytestFunctionCount();
    assert.ok(expected >= 15, `found ${expected} test functions`);
    const run = await promisify(execFile)('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', PYTHON_TESTS], {
      cwd: path.resolve(__dirname, '../../..'),
      // No .pyc beside the shipped sources, and nothing of this process's environment.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1' },
    }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
    );
    const summary = run.stdout.trim().split('\n').pop() ?? '';
    assert.match(summary, new RegExp(`^${expected} passed in [\\d.]+s$`), run.stdout + run.stderr);
  });

  it('are read next to their module from source and from scripts/ in the bundle, and a missing one is named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bon-shipped-'));
    try {
      writeFileSync(path.join(dir, 'beside.py'), 'print(1)\n');
      mkdirSync(path.join(dir, 'scripts'));
      writeFileSync(path.join(dir, 'scripts', 'bundled.py'), 'print(2)\n');
      assert.equal(shippedScript(dir, 'beside.py'), 'print(1)\n');
      assert.equal(shippedScript(dir, 'bundled.py'), 'print(2)\n');
      assert.throws(() => shippedScript(dir, 'absent.py'), /absent\.py is missing from the extension \(looked in .*absent\.py and .*scripts\/absent\.py\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
