import * as assert from 'node:assert/strict';
import { namePattern, narrowCommand } from '../../../src/engine/verify/selection/narrowCommand';
import type { RelatedTest } from '../../../src/engine/task';

const t = (file: string, name: string, id = `${file}::${name}`): RelatedTest => ({ file, name, id, text: '' });
const narrowed = (command: string, tests: RelatedTest[]): string => {
  const out = narrowCommand(command, tests);
  assert.ok(out.ok, out.ok ? '' : out.reason);
  return out.command;
};

describe('narrowCommand: a test command cut down to the related tests', () => {
  it('gives pytest the node ids, replacing the command\'s own test paths and keeping its options', () => {
    const tests = [t('tests/test_text.py', 'test_slugify'), t('tests/test_text.py', 'TestSeparators::test_custom_separator')];
    assert.equal(narrowed('.venv/bin/python -m pytest -q', tests), `.venv/bin/python -m pytest -q 'tests/test_text.py::test_slugify' 'tests/test_text.py::TestSeparators::test_custom_separator'`);
    assert.equal(narrowed('pytest -x tests/ -k slug', tests.slice(0, 1)), `pytest -x -k slug 'tests/test_text.py::test_slugify'`);
  });

  it('gives jest --runTestsByPath and a full-name pattern where test.each placeholders match anything', () => {
    const tests = [t('tests/duration.test.ts', 'parseDuration parses %j as %d seconds'), t('tests/duration.test.ts', 'formatDuration round-trips (x)')];
    assert.equal(
      narrowed('node node_modules/.bin/jest --ci', tests),
      `node node_modules/.bin/jest --ci --runTestsByPath 'tests/duration.test.ts' -t '^(?:parseDuration parses .* as .* seconds|formatDuration round-trips \\(x\\))$'`,
    );
    assert.ok(new RegExp(`^(?:${namePattern('parses %j as %d seconds')})$`).test('parses "1h30m" as 5400 seconds'));
    assert.ok(new RegExp(`^(?:${namePattern('adds $a + $b')})$`).test('adds 1 + 2'));
  });

  it('gives vitest files and -t, node --test its files, mocha --grep, go -run and cargo filters', () => {
    const js = [t('test/range.test.js', 'caret keeps the major version')];
    assert.equal(narrowed('npx vitest run', js), `npx vitest run 'test/range.test.js' -t '^(?:caret keeps the major version)$'`);
    assert.equal(narrowed('node --test test/', js), `node --test 'test/range.test.js'`);
    assert.equal(narrowed('mocha --recursive', js), `mocha --recursive --grep '^(?:caret keeps the major version)$'`);
    assert.equal(narrowed('go test ./...', [t('calc_test.go', 'TestAdd', 'TestAdd'), t('calc_test.go', 'TestAddNegative', 'TestAddNegative')]), `go test -run '^(TestAdd|TestAddNegative)$' ./...`);
    assert.equal(narrowed('cargo test --quiet', [t('src/lib.rs', 'tests::adds', 'tests::adds')]), 'cargo test --quiet -- tests::adds');
    assert.equal(narrowed('cargo test -- --nocapture', [t('src/lib.rs', 'tests::adds', 'tests::adds')]), 'cargo test -- tests::adds --nocapture');
  });

  it('refuses what it cannot rewrite safely, saying why', () => {
    const tests = [t('tests/test_a.py', 'test_a')];
    const refused = (command: string, list = tests): string => {
      const out = narrowCommand(command, list);
      assert.equal(out.ok, false, command);
      return out.ok ? '' : out.reason;
    };
    assert.match(refused('npm test'), /not one whose tests can be selected/);
    assert.match(refused('cd pkg && pytest'), /not one simple command/);
    assert.match(refused("pytest -q 'tests/x.py'"), /not one simple command/);
    // A word after an option this code does not know might be that option's value.
    assert.match(refused('pytest --cov src tests'), /not one simple command/);
    assert.match(refused('node node_modules/.bin/jest -t slug', [t('a.test.js', 'x')]), /already selects tests/);
    assert.match(refused('go test -run TestX ./...', [t('a_test.go', 'TestA', 'TestA')]), /already selects tests/);
    assert.match(refused('pytest', []), /no related tests/);
  });
});
