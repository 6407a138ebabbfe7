import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { Task } from '../../../src/engine/task';

/** The target: `grow(x)` in a package, importing a helper from a sibling module. */
export const NESTED_SOLUTION = 'from growth.helpers import twice\n\n\ndef grow(x):\n    """Double x."""\n    raise NotImplementedError\n';

/** A weak unittest test in a subfolder: `x * 3` passes it as well as `x * 2` does. */
export const WEAK_UNITTEST =
  'import unittest\n\nfrom growth.solution import grow\n\n\nclass GrowTest(unittest.TestCase):\n    def test_zero(self):\n        self.assertEqual(grow(0), 0)\n\n\nif __name__ == "__main__":\n    unittest.main()\n';

/**
 * A project the warm runner refuses (unittest classes, tests in `tests/`, the target in a
 * package): `growth/{__init__,helpers,solution}.py` and `tests/test_grow.py`.
 */
export function makeNestedWorkspace(prefix: string, testCommand = 'python3 -m pytest -q'): { dir: string; task: Task } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, 'growth'));
  mkdirSync(path.join(dir, 'tests'));
  writeFileSync(path.join(dir, 'growth', '__init__.py'), '');
  writeFileSync(path.join(dir, 'growth', 'helpers.py'), 'def twice(x):\n    return 2 * x\n');
  writeFileSync(path.join(dir, 'growth', 'solution.py'), NESTED_SOLUTION);
  writeFileSync(path.join(dir, 'tests', 'test_grow.py'), WEAK_UNITTEST);
  const task = taskForFunction({ workspaceRoot: dir, filePath: 'growth/solution.py', fileText: NESTED_SOLUTION, functionName: 'grow', testCommand, targetKind: 'body' });
  return { dir, task };
}

