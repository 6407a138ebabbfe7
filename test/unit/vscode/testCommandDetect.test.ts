import * as assert from 'node:assert/strict';
import { detectTestCommands } from '../../../src/vscode/testCommandDetect';

describe('detectTestCommands', () => {
  it('finds pytest from test files, config or conftest', () => {
    assert.equal(detectTestCommands({ files: ['solution.py', 'test_solution.py'] }, 'python')[0]?.command, 'python3 -m pytest -q');
    assert.equal(detectTestCommands({ files: ['src', 'tests', 'tests/util_test.py'] }, 'python')[0]?.command, 'python3 -m pytest -q');
    assert.equal(detectTestCommands({ files: ['pyproject.toml'], pythonConfig: '[tool.pytest.ini_options]\n' }, 'python')[0]?.reason, 'found pytest configuration');
    assert.deepEqual(detectTestCommands({ files: ['main.py', 'README.md'] }, 'python'), []);
  });

  it('uses npm test only when the script is real, else node --test for test files', () => {
    const real = detectTestCommands({ files: ['package.json'], packageJson: JSON.stringify({ scripts: { test: 'mocha' } }) }, 'javascript');
    assert.equal(real[0]?.command, 'npm test');
    const placeholder = JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } });
    assert.deepEqual(detectTestCommands({ files: ['package.json'], packageJson: placeholder }, 'javascript'), []);
    assert.equal(detectTestCommands({ files: ['package.json', 'test', 'test/sum.test.js'], packageJson: placeholder }, 'javascript')[0]?.command, 'node --test');
    assert.deepEqual(detectTestCommands({ files: ['package.json'], packageJson: '{ not json' }, 'javascript'), []);
  });

  it('finds go and cargo, and puts the target language first', () => {
    const facts = { files: ['go.mod', 'Cargo.toml', 'test_x.py'] };
    assert.deepEqual(detectTestCommands(facts, 'rust').map((d) => d.command), ['cargo test', 'python3 -m pytest -q', 'go test ./...']);
    assert.deepEqual(detectTestCommands(facts, 'go').map((d) => d.command), ['go test ./...', 'python3 -m pytest -q', 'cargo test']);
  });
});
