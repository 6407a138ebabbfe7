import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyToFile, type Task } from '../../../src/engine/task';
import { CandidateProber } from '../../../src/engine/verify/probes/candidateProber';
import { verifierForTask } from '../../../src/engine/verify/verifierForTask';
import { makeNestedWorkspace } from './nestedWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const PROBES = ['grow(1)', 'grow(2)', 'grow(3)', 'grow(2) == 4'];
// `doubling` exists only in the project's virtual environment, as a real dependency would.
const USES_DEPENDENCY = '    import doubling\n    return doubling.double(x)\n';

describe("generated-test probes use the project's virtual environment", function () {
  before(() => ensureLanguageLayer());

  this.timeout(60000);
  let dir: string;
  let task: Task;

  before(() => {
    ({ dir, task } = makeNestedWorkspace('probe-venv-', '.venv/bin/python -m unittest discover -s tests'));
    execFileSync('python3', ['-m', 'venv', '--without-pip', path.join(dir, '.venv')]);
    const lib = path.join(dir, '.venv', 'lib');
    const sitePackages = path.join(lib, readdirSync(lib).find((n) => n.startsWith('python')) ?? 'python3', 'site-packages');
    writeFileSync(path.join(sitePackages, 'doubling.py'), 'def double(x):\n    return 2 * x\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('probes a candidate that imports a dependency installed only in .venv', async () => {
    const choice = await verifierForTask(task, { sandbox: 'auto', timeoutMs: 20000 });
    try {
      const result = await choice.verifier.verify({ task, candidateId: 1, fileText: applyToFile(task, USES_DEPENDENCY), probes: PROBES }, new AbortController().signal);
      assert.equal(result.status, 'passed', result.output);
      assert.equal(result.behaviour, '=2|=4|=6|=True');
    } finally {
      await choice.verifier.dispose();
    }
  });

  it('gives no behaviour, rather than a shared import error, when the interpreter lacks the dependency', async () => {
    const prober = new CandidateProber({ sandbox: 'auto', timeoutMs: 5000, python: 'python3' });
    const probe = (fileText: string) => prober.probe({ task, candidateId: 2, fileText, probes: PROBES }, new AbortController().signal);
    try {
      const whenCalled = await probe(applyToFile(task, USES_DEPENDENCY));
      assert.equal(whenCalled.ok, false);
      assert.match(whenCalled.ok ? '' : whenCalled.reason, /did not import for probing \(ModuleNotFoundError\)/);
      const atImport = await probe(`import doubling\n${applyToFile(task, '    return doubling.double(x)\n')}`);
      assert.equal(atImport.ok, false);
      assert.match(atImport.ok ? '' : atImport.reason, /the module did not import for probing \(ModuleNotFoundError\)/);
      assert.equal((await probe(applyToFile(task, '    return twice(x)\n'))).ok, true, 'the same prober answers for a candidate without the dependency');
    } finally {
      await prober.dispose();
    }
  });
});
