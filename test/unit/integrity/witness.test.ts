import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { runBaseline } from '../../../src/engine/verify/integrity/baseline';
import type { Verifier } from '../../../src/engine/verify/types';
import {
  materializePythonProject,
  materializeTsJestProject,
  PYTHON_PROJECT,
  removeProject,
  TS_JEST_PROJECT,
  type FixtureProjectInfo,
  type PythonInstall,
} from '../../fixtures/projects/materialize';
import { copyFixture, requireSandbox } from '../verify/helpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

/**
 * The witness run on realistic projects, through the real general verifier under bubblewrap,
 * which mounts each copy at the workspace's own path: an editable install then resolves to
 * the candidate's copy and is reached; a regular install is caught.
 */
describe('witness run on realistic projects (bubblewrap)', function () {
  before(() => ensureLanguageLayer());

  this.timeout(240_000);
  let verifier: Verifier;

  before(async function () {
    await requireSandbox(this);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 120_000 });
  });
  after(async () => {
    await verifier?.dispose();
  });

  async function baselineOf(dir: string, project: FixtureProjectInfo, testCommand = project.testCommand) {
    const text = await fs.readFile(path.join(dir, project.targetFile), 'utf8');
    const task = taskForFunction({ workspaceRoot: dir, filePath: project.targetFile, fileText: text, functionName: project.targetFunction, testCommand });
    return runBaseline(task, verifier, new AbortController().signal);
  }

  async function python(install: PythonInstall, testCommand?: string) {
    const dir = await materializePythonProject(install);
    try {
      return await baselineOf(dir, PYTHON_PROJECT, testCommand);
    } finally {
      await removeProject(dir);
    }
  }

  it('src layout, editable install: the tests reach the copy; all 84 tests are the baseline', async () => {
    const { summary, stop } = await python('editable');
    assert.equal(stop, undefined, summary.explanation);
    assert.equal(summary.witness, 'reached');
    assert.equal(summary.testIds.length, PYTHON_PROJECT.testCount);
    assert.ok(summary.reaching.length > 0 && summary.reaching.length < PYTHON_PROJECT.testCount, String(summary.reaching.length));
    assert.deepEqual(summary.failingBefore, []);
  });

  it('src layout, regular install: not reached, and the message names site-packages and the fix', async () => {
    const { summary, stop } = await python('regular');
    assert.equal(summary.witness, 'not-reached');
    assert.equal(stop?.kind, 'tests-do-not-reach');
    assert.match(summary.explanation, /import unitfmt from \.venv\/lib\/python3\.\d+\/site-packages, not src\/: install it editable \(pip install -e \.\)/);
  });

  it('src layout, nothing installed: not reached, and the message names the import error', async () => {
    const { summary, stop } = await python('none', 'python3 -m pytest -q');
    assert.equal(summary.witness, 'not-reached');
    assert.ok(stop);
    assert.match(summary.explanation, /cannot import unitfmt \(ModuleNotFoundError\)/);
  });

  it('TypeScript with jest + ts-jest: reached (the stub compiles under the project tsconfig)', async () => {
    const dir = await materializeTsJestProject();
    try {
      const { summary, stop } = await baselineOf(dir, TS_JEST_PROJECT);
      assert.equal(stop, undefined, summary.explanation);
      assert.equal(summary.witness, 'reached');
      assert.equal(summary.testIds.length, TS_JEST_PROJECT.testCount);
    } finally {
      await removeProject(dir);
    }
  });

  it('a command with no per-test report: witness unknown, the run is not blocked, and it says so', async () => {
    const dir = await copyFixture('python-sample');
    try {
      const text = await fs.readFile(path.join(dir, 'stats.py'), 'utf8');
      const task = taskForFunction({ workspaceRoot: dir, filePath: 'stats.py', fileText: text, functionName: 'median', testCommand: 'python3 -c "import stats"' });
      const { summary, stop } = await runBaseline(task, verifier, new AbortController().signal);
      assert.equal(stop, undefined);
      assert.equal(summary.witness, 'unknown');
      assert.match(summary.explanation, /no per-test results/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
