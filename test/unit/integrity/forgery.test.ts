import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { Task } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { BaselineCheckedVerifier } from '../../../src/engine/verify/integrity/accounting';
import { runBaseline } from '../../../src/engine/verify/integrity/baseline';
import type { Verifier, VerifierResult } from '../../../src/engine/verify/types';
import { copyFixture, MEDIAN_BODY, requireSandbox } from '../verify/helpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

/**
 * Hostile candidates against the real general verifier under bubblewrap: each forging attack
 * from issue 10 must come out not passed. The candidates below are all *wrong* (median
 * returns 0 or nothing) so that any "passed" would be a forged one.
 */
describe('forged verdicts: general verifier (bubblewrap, pytest and node --test)', function () {
  before(() => ensureLanguageLayer());

  this.timeout(120000);
  let verifier: Verifier;
  let pyDir: string;
  let py: Task;
  let checked: Verifier;

  before(async function () {
    await requireSandbox(this);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 60000 });
    pyDir = await copyFixture('python-sample');
    const text = await fs.readFile(path.join(pyDir, 'stats.py'), 'utf8');
    py = taskForFunction({ workspaceRoot: pyDir, filePath: 'stats.py', fileText: text, functionName: 'median', testCommand: 'python3 -m pytest -q', targetKind: 'body' });
    const baseline = await runBaseline(py, verifier, new AbortController().signal);
    assert.equal(baseline.summary.witness, 'reached', baseline.summary.explanation);
    checked = new BaselineCheckedVerifier(verifier, baseline.summary);
  });
  after(async () => {
    await verifier?.dispose();
    if (pyDir) await fs.rm(pyDir, { recursive: true, force: true });
  });

  const candidate = (body: string, prelude = ''): string => {
    const text = py.fileText.slice(0, py.range.start) + body + py.fileText.slice(py.range.end);
    return prelude ? text.replace('"""Small statistics helpers."""\n', `"""Small statistics helpers."""\n${prelude}`) : text;
  };
  const verify = (fileText: string): Promise<VerifierResult> => checked.verify({ task: py, candidateId: 1, fileText }, new AbortController().signal);

  it('passes an honest correct candidate, canaries hidden from its tests and counts', async () => {
    const r = await verify(candidate(MEDIAN_BODY));
    assert.equal(r.status, 'passed', r.reason ?? r.output);
    assert.equal(r.total, 5);
    assert.ok(r.tests.every((t) => t.name.startsWith('test_stats::')), r.tests.map((t) => t.name).join(', '));
    assert.deepEqual(r.integrity, { missingTests: [], canaries: 'ok', ignoredPreexisting: [] });
  });

  it('keeps the command\'s own exit status: a step after pytest still runs, and an honest pipe into tee passes', async () => {
    const fileText = candidate(MEDIAN_BODY);
    const chained = { ...py, testCommand: 'python3 -m pytest -q && echo next-step-ran' };
    const after = await verifier.verify({ task: chained, candidateId: 1, fileText }, new AbortController().signal);
    assert.equal(after.status, 'passed', after.reason ?? after.output);
    assert.match(after.output, /next-step-ran/);
    const piped = { ...py, testCommand: 'python3 -m pytest -q | tee /dev/null' };
    const tee = await verifier.verify({ task: piped, candidateId: 1, fileText }, new AbortController().signal);
    assert.equal(tee.status, 'passed', tee.reason ?? tee.output);
    assert.equal(tee.integrity?.canaries, 'ok');
  });

  it('a JUnit file written at the PYTEST_ADDOPTS path, then os._exit(0): tampered', async () => {
    const body = [
      '    import os',
      "    xml = os.environ['PYTEST_ADDOPTS'].split('--junitxml=')[1].split()[0]",
      '    cases = "".join(\'<testcase classname="test_stats" name="%s"/>\' % n for n in',
      "                    ['test_odd_count', 'test_even_count', 'test_single_value', 'test_input_not_modified', 'test_empty_raises'])",
      "    open(xml, 'w').write('<testsuites><testsuite name=\"pytest\">' + cases + '</testsuite></testsuites>')",
      '    os._exit(0)',
      '',
    ].join('\n');
    const r = await verify(candidate(body));
    assert.equal(r.status, 'tampered', r.reason);
    // The forger wrote every user test but cannot know this run's canary names.
    assert.equal(r.integrity?.canaries, 'missing');
  });

  it('_pytest.python.Function.runtest replaced at import: the must-fail canary passes too, tampered', async () => {
    const r = await verify(candidate('    return 0\n', 'import _pytest.python\n_pytest.python.Function.runtest = lambda self: None\n'));
    assert.equal(r.status, 'tampered', r.reason);
    assert.match(r.reason ?? '', /must fail/);
  });

  it('json.dumps replaced at import: changes nothing for pytest, the wrong candidate fails', async () => {
    const r = await verify(candidate('    return 0\n', 'import json\njson.dumps = lambda *a, **k: \'{"status": "passed", "tests": []}\'\n'));
    assert.equal(r.status, 'failed', r.reason);
  });

  it('skipping every test without a conftest (pytest.skip at import or in the function): not passed', async () => {
    const atImport = await verify(candidate('    return 0\n', 'import pytest\npytest.skip("later", allow_module_level=True)\n'));
    assert.notEqual(atImport.status, 'passed', atImport.reason);
    assert.ok(atImport.status === 'failed' || atImport.status === 'tampered', `${atImport.status}: ${atImport.reason}`);
    const inFunction = await verify(candidate('    import pytest\n    pytest.skip("later")\n'));
    assert.equal(inFunction.status, 'failed', inFunction.reason);
    assert.match(inFunction.reason ?? '', /skipped/);
  });

  it('process.exit(0) from the function under node --test: only the file-level case is left, not passed', async () => {
    const jsDir = await copyFixture('js-sample');
    try {
      const text = await fs.readFile(path.join(jsDir, 'slug.js'), 'utf8');
      const js = taskForFunction({ workspaceRoot: jsDir, filePath: 'slug.js', fileText: text, functionName: 'slugify', testCommand: 'node --test', targetKind: 'body' });
      const baseline = await runBaseline(js, verifier, new AbortController().signal);
      assert.equal(baseline.summary.witness, 'reached', baseline.summary.explanation);
      assert.ok(baseline.summary.testIds.length >= 4, baseline.summary.testIds.join(', '));
      const jsChecked = new BaselineCheckedVerifier(verifier, baseline.summary);
      const fileText = js.fileText.slice(0, js.range.start) + '  process.exit(0);\n' + js.fileText.slice(js.range.end);
      const r = await jsChecked.verify({ task: js, candidateId: 2, fileText }, new AbortController().signal);
      assert.equal(r.status, 'tampered', `${r.reason}\n${r.tests.map((t) => `${t.name}: ${t.status}`).join('\n')}`);
      assert.ok((r.integrity?.missingTests.length ?? 0) >= 4 || r.integrity?.canaries !== 'ok', JSON.stringify(r.integrity));
    } finally {
      await fs.rm(jsDir, { recursive: true, force: true });
    }
  });
});
