import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Task } from '../../../src/engine/task';
import { canUseWarmRunner } from '../../../src/engine/verify/warm/warmRunnerCheck';

describe('canUseWarmRunner', () => {
  let dir: string;
  const task = (testCommand: string, extra: Partial<Task> = {}): Task => ({
    workspaceRoot: dir,
    filePath: 'solution.py',
    fileText: 'def f():\n    pass\n',
    range: { start: 0, end: 0 },
    targetKind: 'function',
    spec: '',
    testCommand,
    language: 'python',
    ...extra,
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warm-check-'));
    writeFileSync(path.join(dir, 'solution.py'), 'def f():\n    pass\n');
    writeFileSync(path.join(dir, 'test_f.py'), 'from solution import f\n\ndef test_f():\n    assert f() is None\n\nassert f() is None\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts plain pytest commands on plain-assert test files', async () => {
    for (const command of ['pytest', 'python -m pytest -q', 'python3 -m pytest -q test_f.py', 'pytest -x -p no:cacheprovider .']) {
      assert.deepEqual(await canUseWarmRunner(task(command)), { ok: true, testFiles: ['test_f.py'] }, command);
    }
  });

  it('refuses other runners, shell syntax, selections and unsupported options', async () => {
    for (const command of ['npm test', 'pytest && rm -rf /', 'pytest test_f.py::test_f', 'pytest -k fast', 'pytest tests/']) {
      const verdict = await canUseWarmRunner(task(command));
      assert.equal(verdict.ok, false, command);
    }
  });

  it('refuses fixtures, pytest imports, test classes and pytest configuration', async () => {
    const cases: [string, string, RegExp][] = [
      ['test_f.py', 'import pytest\n\ndef test_f():\n    assert True\n', /imports pytest/],
      ['test_f.py', 'def test_f(tmp_path):\n    assert True\n', /fixtures/],
      ['test_f.py', 'class TestF:\n    def test_a(self):\n        assert True\n', /test classes/],
      ['conftest.py', 'import pytest\n', /conftest/],
    ];
    for (const [file, text, reason] of cases) {
      writeFileSync(path.join(dir, file), text);
      const verdict = await canUseWarmRunner(task('pytest'));
      assert.ok(!verdict.ok && reason.test(verdict.reason), `${file}: ${JSON.stringify(verdict)}`);
      rmSync(path.join(dir, file));
      writeFileSync(path.join(dir, 'test_f.py'), 'def test_f():\n    assert True\n');
    }
  });

  it('refuses when pytest would also collect tests in subfolders, or the target is not at the root', async () => {
    mkdirSync(path.join(dir, 'tests'));
    writeFileSync(path.join(dir, 'tests', 'test_more.py'), 'def test_more():\n    assert True\n');
    const verdict = await canUseWarmRunner(task('pytest'));
    assert.ok(!verdict.ok && /tests\/test_more\.py/.test(verdict.reason));
    assert.equal((await canUseWarmRunner(task('pytest test_f.py', { filePath: 'pkg/solution.py' }))).ok, false);
    assert.equal((await canUseWarmRunner(task('pytest', { language: 'javascript' }))).ok, false);
  });
});
