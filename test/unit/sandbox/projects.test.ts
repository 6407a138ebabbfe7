import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { materializePythonProject, materializeTsJestProject, PYTHON_PROJECT, removeProject, TS_JEST_PROJECT } from '../../fixtures/projects/materialize';
import type { FixtureProjectInfo } from '../../fixtures/projects/materialize';
import { makeJob, makeTask, requireSandbox } from '../verify/helpers';

/**
 * Real projects under bubblewrap. The copy is shown at the workspace's own path, so what names
 * that path (the editable install's .pth file, the venv's shebangs, an absolute node_modules
 * link) resolves to the candidate's copy: each candidate's own code is what the tests run.
 */
describe('real projects in the sandbox, the copy at the workspace\'s own path', function () {
  this.timeout(180_000);
  let verifier: Verifier;
  const signal = new AbortController().signal;

  before(async function () {
    await requireSandbox(this);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 120_000 });
  });
  after(async () => verifier?.dispose());

  async function verifyBoth(dir: string, project: FixtureProjectInfo, language: 'python' | 'typescript') {
    const original = await fs.readFile(path.join(dir, project.targetFile), 'utf8');
    assert.ok(original.includes(project.breakingEdit.find));
    const task = makeTask(dir, project.targetFile, project.testCommand, language);
    const correct = await verifier.verify(makeJob(task, original), signal);
    const broken = await verifier.verify(makeJob(task, original.replace(project.breakingEdit.find, project.breakingEdit.replace)), signal);
    return { correct, broken };
  }

  it('verifies each candidate\'s own code through an editable install in .venv', async () => {
    const dir = await materializePythonProject('editable');
    try {
      const { correct, broken } = await verifyBoth(dir, PYTHON_PROJECT, 'python');
      assert.equal(correct.sandbox, 'bubblewrap');
      assert.equal(correct.status, 'passed', `${correct.reason}\n${correct.output.slice(-2000)}`);
      assert.ok(correct.passed >= PYTHON_PROJECT.testCount, `${correct.passed} passed`);
      assert.equal(broken.status, 'failed', `${broken.reason}\n${broken.output.slice(-2000)}`);
      assert.ok(broken.failed >= 20, `${broken.failed} failed`);
    } finally {
      await removeProject(dir);
    }
  });

  it('runs jest + ts-jest through an absolute node_modules link', async () => {
    const dir = await materializeTsJestProject();
    try {
      const { correct, broken } = await verifyBoth(dir, TS_JEST_PROJECT, 'typescript');
      assert.equal(correct.status, 'passed', `${correct.reason}\n${correct.output.slice(-2000)}`);
      assert.notEqual(broken.status, 'passed');
      assert.ok(broken.failed > 0, `${broken.reason}\n${broken.output.slice(-2000)}`);
    } finally {
      await removeProject(dir);
    }
  });
});
