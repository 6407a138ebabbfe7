import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { Task } from '../../../src/engine/task';
import { verifierForTask } from '../../../src/engine/verify/verifierForTask';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const FIXTURES = path.resolve(__dirname, '../../fixtures/workspaces');

function fixtureTask(folder: string, file: string, functionName: string, testCommand: string): Task {
  const workspaceRoot = path.join(FIXTURES, folder);
  const fileText = readFileSync(path.join(workspaceRoot, file), 'utf8');
  return taskForFunction({ workspaceRoot, filePath: file, fileText, functionName, testCommand, targetKind: 'function' });
}

// Both front ends pick the verifier per task through verifierForTask (the extension via its engine loader).
describe('verifier per task (CLI and extension)', () => {
  before(() => ensureLanguageLayer());

  it('gives plain-assert pytest the warm runner and other tests the general verifier', async () => {
    const options = { sandbox: 'none' as const, timeoutMs: 10_000, concurrency: 1, logger: (): void => undefined };
    const warm = await verifierForTask(fixtureTask('humaneval-sample', 'solution.py', 'has_close_elements', 'python3 -m pytest -q'), options);
    const general = await verifierForTask(fixtureTask('python-sample', 'stats.py', 'median', 'python3 -m pytest -q'), options);
    const js = await verifierForTask(fixtureTask('js-sample', 'slug.js', 'slugify', 'node --test'), options);
    try {
      assert.equal(warm.kind, 'warm');
      assert.equal(warm.verifier.description, 'warm Python runner, no OS sandbox (1 workers)');
      assert.equal(general.kind, 'general');
      assert.match(general.why, /test_stats\.py imports pytest/);
      assert.doesNotMatch(general.verifier.description, /warm/);
      assert.equal(js.kind, 'general');
      assert.match(js.why, /not a Python task/);
    } finally {
      await Promise.all([warm.verifier.dispose(), general.verifier.dispose(), js.verifier.dispose()]);
    }
  });
});
