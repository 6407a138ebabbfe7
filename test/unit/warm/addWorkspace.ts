import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Task } from '../../../src/engine/task';

/** A stub `add` the warm runner's tests fill in. */
export const SOLUTION = 'def add(a, b):\n    """Add two numbers."""\n    raise NotImplementedError\n';
/** Plain-assert pytest tests for `add`: what the warm runner stands in for. */
export const TESTS = 'from solution import add\n\n\ndef test_small():\n    assert add(1, 2) == 3\n\n\ndef test_negative():\n    assert add(-1, -1) == -2\n';

/** A fresh workspace with `solution.py` and `test_add.py`, and the task for `add`'s body. */
export function makeAddWorkspace(prefix: string): { dir: string; task: Task } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, 'solution.py'), SOLUTION);
  writeFileSync(path.join(dir, 'test_add.py'), TESTS);
  const start = SOLUTION.indexOf('    raise');
  const task: Task = {
    workspaceRoot: dir,
    filePath: 'solution.py',
    fileText: SOLUTION,
    range: { start, end: SOLUTION.length },
    targetKind: 'body',
    functionName: 'add',
    spec: 'Add two numbers.',
    testCommand: 'python -m pytest -q',
    language: 'python',
  };
  return { dir, task };
}
