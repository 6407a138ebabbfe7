import * as assert from 'node:assert/strict';
import type { ParsedTest } from '../../../src/engine/agreement/assertParser';
import { planPytestFile, pythonImportModule } from '../../../src/engine/language/python/testFile';
import { PROPOSED_NOTE } from '../../../src/engine/tests/testFilePlan';
import { TempProject } from './workspaceFixture';

const RIGHT = `def has_close_pair(numbers, threshold):
    """True when two numbers are closer to each other than threshold."""
    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
`;
// Compares neighbours in the given order only: right on sorted input, wrong on the rest.
const WRONG = `def has_close_pair(numbers, threshold):
    return any(abs(a - b) < threshold for a, b in zip(numbers, numbers[1:]))
`;
const TESTS: ParsedTest[] = [
  { call: 'has_close_pair([1.0, 2.0, 3.0], 0.5)', expected: 'False' },
  { call: 'has_close_pair([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)', expected: 'True' },
  { call: 'has_close_pair([5.0, 1.0, 5.1], 0.2)', expected: null },
];

describe('write tests first: pytest files', () => {
  let project: TempProject;
  beforeEach(() => (project = new TempProject()));
  afterEach(() => project.dispose());

  const pytest = (): { code: number | null; output: string } => project.run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);

  it('writes a new test file beside a flat module that passes on a right implementation and fails on a wrong one', async () => {
    project.write({ 'closeness.py': RIGHT });
    const plan = await planPytestFile(project.input('closeness.py', RIGHT, 'has_close_pair', 'python3 -m pytest -q', TESTS));
    assert.deepEqual([plan.path, plan.existed, plan.before, plan.framework], ['test_closeness.py', false, '', 'pytest']);
    assert.equal(
      plan.after,
      `from closeness import has_close_pair\n\n\n# ${PROPOSED_NOTE}\n` +
        'def test_has_close_pair_proposed_1():\n    assert has_close_pair([1.0, 2.0, 3.0], 0.5) == False\n\n\n' +
        'def test_has_close_pair_proposed_2():\n    assert has_close_pair([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3) == True\n\n\n' +
        'def test_has_close_pair_proposed_3():\n    assert has_close_pair([5.0, 1.0, 5.1], 0.2)\n',
    );
    project.apply(plan);
    const right = pytest();
    assert.equal(right.code, 0, right.output);
    assert.match(right.output, /3 passed/);
    project.write({ 'closeness.py': WRONG });
    const wrong = pytest();
    assert.equal(wrong.code, 1, wrong.output);
    assert.match(wrong.output, /1 failed, 2 passed/);
  });

  it('follows a src layout with a tests/ folder, importing the package module by its dotted name', async () => {
    project.write({
      'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n',
      'src/numtools/__init__.py': '',
      'src/numtools/closeness.py': RIGHT,
      'tests/test_other.py': 'def test_nothing_yet():\n    assert True\n',
    });
    const plan = await planPytestFile(project.input('src/numtools/closeness.py', RIGHT, 'has_close_pair', 'python3 -m pytest -q', TESTS));
    assert.equal(plan.path, 'tests/test_closeness.py');
    assert.match(plan.after, /^from numtools\.closeness import has_close_pair\n/);
    project.apply(plan);
    assert.match(pytest().output, /4 passed/);
    project.write({ 'src/numtools/closeness.py': WRONG });
    assert.match(pytest().output, /1 failed, 3 passed/);
  });

  it('adds to an existing test file without repeating its import or reusing its test names', async () => {
    const existing = '"""Tests of closeness."""\nimport math\nfrom closeness import has_close_pair\n\n\ndef test_has_close_pair_proposed_1():\n    assert not has_close_pair([], math.inf)\n';
    project.write({ 'closeness.py': RIGHT, 'tests/test_closeness.py': existing, 'conftest.py': '' });
    const plan = await planPytestFile(project.input('closeness.py', RIGHT, 'has_close_pair', 'python3 -m pytest -q', TESTS.slice(0, 2)));
    assert.deepEqual([plan.path, plan.existed, plan.before], ['tests/test_closeness.py', true, existing]);
    assert.ok(plan.after.startsWith(existing.trimEnd()), 'the file as it was comes first, untouched');
    assert.equal(plan.after.match(/^from closeness import/gm)?.length, 1);
    assert.deepEqual([...plan.after.matchAll(/^def (\w+)/gm)].map((m) => m[1]), ['test_has_close_pair_proposed_1', 'test_has_close_pair_proposed_2', 'test_has_close_pair_proposed_3']);
    project.apply(plan);
    assert.match(pytest().output, /3 passed/);
  });

  it('imports after a module docstring when the file has no imports yet', async () => {
    project.write({ 'closeness.py': RIGHT, 'test_closeness.py': '"""Closeness."""\n' });
    const plan = await planPytestFile(project.input('closeness.py', RIGHT, 'has_close_pair', 'pytest', TESTS.slice(0, 1)));
    assert.match(plan.after, /^"""Closeness."""\nfrom closeness import has_close_pair\n/);
    project.apply(plan);
    assert.match(pytest().output, /1 passed/);
  });

  it('names the module a test elsewhere imports: dotted from the root, without src/', () => {
    assert.equal(pythonImportModule('solution.py', 'test_solution.py'), 'solution');
    assert.equal(pythonImportModule('pkg/mod.py', 'tests/test_mod.py'), 'pkg.mod');
    assert.equal(pythonImportModule('src/pkg/sub/mod.py', 'tests/test_mod.py'), 'pkg.sub.mod');
    assert.equal(pythonImportModule('pkg/mod.py', 'pkg/test_mod.py'), 'mod');
  });
});
