import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { Task } from '../../../src/engine/task';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';

/** The file under work: `grow(x)` should double x. */
export const GROW_SOLUTION = 'def grow(x):\n    """Double x."""\n    raise NotImplementedError\n';

/** A temp Python workspace for `grow` with the given pytest file, and a warm sandboxed verifier for it. */
export interface GrowWorkspace {
  task: Task;
  verifier: WarmVerifier;
}

/**
 * Registers mocha hooks that create the workspace before the suite and remove it (and stop the
 * verifier's worker) after it; read `task` and `verifier` inside tests, once the hooks have run.
 */
export function useGrowWorkspace(prefix: string, testFile: string): GrowWorkspace {
  const workspace = {} as GrowWorkspace;
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    writeFileSync(path.join(dir, 'solution.py'), GROW_SOLUTION);
    writeFileSync(path.join(dir, 'test_grow.py'), testFile);
    workspace.task = taskForFunction({ workspaceRoot: dir, filePath: 'solution.py', fileText: GROW_SOLUTION, functionName: 'grow', testCommand: 'python3 -m pytest -q' });
    workspace.verifier = new WarmVerifier({ sandbox: 'auto', timeoutMs: 3000, workers: 1 });
  });
  after(async () => {
    await workspace.verifier?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return workspace;
}
