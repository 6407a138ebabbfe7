import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { detectTestCommands, workspaceFactsInDir } from '../../../src/engine/locate/testCommand';
import { narrowNpmTest } from '../../../src/engine/locate/npmTestScript';
import { PYTHON_EXTENSION_ID, selectedPythonInterpreter } from '../../../src/vscode/pythonEnvironment';
import { FakePythonExtension } from '../../doubles/fakePythonExtension';
import { materializeNodeTestProject, materializePythonProject, removeProject } from '../../fixtures/projects/materialize';

const execFileAsync = promisify(execFile);
const pkg = (test: string, more: Record<string, string> = {}): string => JSON.stringify({ scripts: { test, ...more } });

describe('test-command detection (one detector for the extension and the engine)', () => {
  it('finds pytest from test files, config or conftest, with the system python3 when there is no venv', () => {
    assert.equal(detectTestCommands({ files: ['solution.py', 'test_solution.py'] }, 'python')[0]?.command, 'python3 -m pytest -q');
    assert.equal(detectTestCommands({ files: ['src', 'tests', 'tests/util_test.py'] }, 'python')[0]?.command, 'python3 -m pytest -q');
    assert.match(detectTestCommands({ files: ['pyproject.toml'], pythonConfig: '[tool.pytest.ini_options]\n' }, 'python')[0]?.reason ?? '', /found pytest configuration; runs with the system python3/);
    assert.deepEqual(detectTestCommands({ files: ['main.py', 'README.md'] }, 'python'), []);
  });

  it('runs pytest with the workspace venv, or with the interpreter selected in VS Code before it', () => {
    const facts = { files: ['pyproject.toml', 'tests', 'tests/test_a.py', '.venv', '.venv/bin/python', 'venv/bin/python'] };
    assert.equal(detectTestCommands(facts, 'python')[0]?.command, '.venv/bin/python -m pytest -q');
    assert.equal(detectTestCommands({ files: ['tests/test_a.py', 'venv/bin/python'] }, 'python')[0]?.command, 'venv/bin/python -m pytest -q');
    const selected = detectTestCommands({ ...facts, selectedPython: '/home/u/.pyenv/versions/3.12 env/bin/python' }, 'python')[0];
    assert.equal(selected?.command, `'/home/u/.pyenv/versions/3.12 env/bin/python' -m pytest -q`);
    assert.match(selected?.reason ?? '', /selected in VS Code/);
  });

  it('narrows an npm test that chains formatters, linters and tsc to its runner, and says what it left out', () => {
    const narrowed = narrowNpmTest(pkg('prettier --check . && eslint . && tsc && jest --ci'));
    assert.equal(narrowed?.command, 'node_modules/.bin/jest --ci');
    assert.match(narrowed?.reason ?? '', /narrowed to its test runner `jest --ci`; left out: `prettier --check \.`, `eslint \.`, `tsc`/);
    // Through `npm run` steps and a pretest script too.
    assert.equal(narrowNpmTest(pkg('npm run lint && vitest run', { lint: 'eslint src', pretest: 'tsc --noEmit' }))?.command, 'node_modules/.bin/vitest run');
    assert.equal(narrowNpmTest(pkg('eslint . && NODE_OPTIONS=--no-warnings node --test'))?.command, 'NODE_OPTIONS=--no-warnings node --test');
  });

  it('keeps npm test whole when a step may matter (a build) or the script is not a plain chain', () => {
    const build = narrowNpmTest(pkg('npm run build && mocha', { build: 'esbuild src --outdir=dist' }));
    assert.equal(build?.command, 'npm test');
    assert.match(build?.reason ?? '', /kept whole: it also runs `esbuild src --outdir=dist`/);
    assert.equal(narrowNpmTest(pkg('eslint . || true; jest'))?.command, 'npm test');
    assert.equal(narrowNpmTest(pkg('echo "Error: no test specified" && exit 1')), undefined);
    assert.equal(narrowNpmTest('{ not json'), undefined);
    assert.equal(narrowNpmTest(pkg('mocha'))?.command, 'node_modules/.bin/mocha');
  });

  it('uses node --test for test files without a script, finds go and cargo, and puts the target language first', () => {
    const placeholder = pkg('echo "Error: no test specified" && exit 1');
    assert.equal(detectTestCommands({ files: ['package.json', 'test', 'test/sum.test.js'], packageJson: placeholder }, 'javascript')[0]?.command, 'node --test');
    const facts = { files: ['go.mod', 'Cargo.toml', 'test_x.py'] };
    assert.deepEqual(detectTestCommands(facts, 'rust').map((d) => d.command), ['cargo test', 'python3 -m pytest -q', 'go test ./...']);
    assert.deepEqual(detectTestCommands(facts, 'go').map((d) => d.command), ['go test ./...', 'python3 -m pytest -q', 'cargo test']);
  });

  it('on disk: the src-layout fixture runs with its .venv, and that command passes where python3 cannot import the package', async function () {
    this.timeout(120_000);
    const dir = await materializePythonProject('editable');
    try {
      const [found] = detectTestCommands(await workspaceFactsInDir(dir), 'python');
      assert.equal(found?.command, '.venv/bin/python -m pytest -q');
      const run = await execFileAsync('/bin/sh', ['-c', `${found?.command} -p no:cacheprovider`], { cwd: dir }).then(() => 0, (e: { code?: number }) => e.code ?? -1);
      assert.equal(run, 0);
      // The system interpreter does not have the package: the venv is what makes the tests run.
      const system = await execFileAsync('/bin/sh', ['-c', 'python3 -c "import unitfmt"'], { cwd: dir }).then(() => 0, (e: { code?: number }) => e.code ?? -1);
      assert.notEqual(system, 0);
    } finally {
      await removeProject(dir);
    }
  });

  it('on disk: the ESM package whose npm test lints first is narrowed to node --test, which passes without the linters', async function () {
    this.timeout(120_000);
    const dir = await materializeNodeTestProject();
    try {
      const [found] = detectTestCommands(await workspaceFactsInDir(dir), 'javascript');
      assert.equal(found?.command, 'node --test');
      assert.match(found?.reason ?? '', /left out: `prettier --check \.`, `eslint \.`/);
      // The whole script fails here (no prettier installed); the narrowed command is what can judge a candidate.
      const whole = await execFileAsync('npm', ['test', '--silent'], { cwd: dir }).then(() => 0, (e: { code?: number }) => e.code ?? -1);
      assert.notEqual(whole, 0);
      await execFileAsync('/bin/sh', ['-c', found?.command ?? 'false'], { cwd: dir });
    } finally {
      await removeProject(dir);
    }
  });
});

describe('the Python extension\'s selected interpreter (adapter)', () => {
  it('activates the extension and returns the selected interpreter for the folder', async () => {
    const fake = new FakePythonExtension('/work/proj/.venv/bin/python3.11');
    const looked: string[] = [];
    const found = await selectedPythonInterpreter((id) => (looked.push(id), fake), 'folder-uri');
    assert.equal(found, '/work/proj/.venv/bin/python3.11');
    assert.deepEqual(looked, [PYTHON_EXTENSION_ID]);
    assert.equal(fake.isActive, true);
    assert.deepEqual(fake.askedFor, ['folder-uri']);
  });

  it('turns an environment folder into its interpreter, prefers the resolved executable, and survives a broken extension', async () => {
    assert.equal(await selectedPythonInterpreter(() => new FakePythonExtension('/opt/envs/ml'), undefined), '/opt/envs/ml/bin/python');
    const resolved = new FakePythonExtension('/opt/envs/ml');
    resolved.resolvedExecutable = '/opt/envs/ml/bin/python3.12';
    assert.equal(await selectedPythonInterpreter(() => resolved, undefined), '/opt/envs/ml/bin/python3.12');
    assert.equal(await selectedPythonInterpreter(() => new FakePythonExtension('/x/bin/python', true), undefined), undefined);
    assert.equal(await selectedPythonInterpreter(() => undefined, undefined), undefined);
    assert.equal(await selectedPythonInterpreter(() => new FakePythonExtension('python3'), undefined), undefined);
  });
});
