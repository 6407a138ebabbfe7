import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRelatedTests } from '../../../src/engine/language/relatedTests';
import type { Language, RelatedTest } from '../../../src/engine/task';

const PROJECTS = path.resolve(__dirname, '../../fixtures/projects');

/** Related tests of `name` defined in `file` of `root`, the range starting at its definition. */
async function related(root: string, file: string, name: string, language: Language, marker: string): Promise<RelatedTest[]> {
  const fileText = await fs.readFile(path.join(root, file), 'utf8');
  const start = fileText.indexOf(marker);
  assert.ok(start >= 0, `${marker} not in ${file}`);
  return findRelatedTests({ workspaceRoot: root, filePath: file, fileText, range: { start, end: start + marker.length }, functionName: name, language });
}

async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-related-'));
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('related tests (tree-sitter)', () => {
  const temps: string[] = [];
  after(async () => {
    for (const dir of temps) await fs.rm(dir, { recursive: true, force: true });
  });

  it('pytest: calls through an import alias, a module attribute, a helper and a conftest fixture; test classes; node ids', async () => {
    const found = await related(path.join(PROJECTS, 'py-ledger'), 'src/ledger/text.py', 'slugify', 'python', 'def slugify');
    assert.deepEqual(found.map((t) => t.id).sort(), [
      'tests/test_text.py::TestSeparators::test_custom_separator', // text_module.slugify
      'tests/test_text.py::test_max_length_never_ends_with_a_separator', // make_slug alias
      'tests/test_text.py::test_report_slugs_are_stable', // conftest fixture report_slugs
      'tests/test_text.py::test_report_slugs_are_unique',
      'tests/test_text.py::test_slugify',
      'tests/test_text.py::test_words_survive', // through _slug_words
    ]);
    const parametrized = found.find((t) => t.name === 'test_slugify');
    assert.match(parametrized?.text ?? '', /^@pytest\.mark\.parametrize[\s\S]*def test_slugify/);
  });

  it('pytest: a method, and the functions of its own file that call it, lead to their tests too', async () => {
    const post = await related(path.join(PROJECTS, 'py-ledger'), 'src/ledger/accounts.py', 'post', 'python', 'def post');
    assert.deepEqual(post.map((t) => t.name), ['TestPosting::test_credit_then_debit_leaves_zero', 'TestPosting::test_overdraft_is_a_floor', 'TestTransfer::test_moves_the_amount', 'TestTransfer::test_all_or_nothing']);
    const period = await related(path.join(PROJECTS, 'py-ledger'), 'src/ledger/periods.py', 'parse_period', 'python', 'def parse_period');
    // days_in_period calls parse_period: the tests of days_in_period exercise it too.
    assert.deepEqual(period.map((t) => t.name), ['test_quarters_cover_the_year', 'test_month_ends', 'test_february', 'test_rejects']);
  });

  it('pytest: the package re-export counts, an unrelated same-named function does not', async () => {
    const found = await related(path.join(PROJECTS, 'py-src-layout'), 'src/unitfmt/sizes.py', 'natural_size', 'python', 'def natural_size');
    assert.ok(found.length >= 9);
    assert.ok(found.every((t) => t.file === 'tests/test_sizes.py'), found.map((t) => t.id).join(', '));
    const dir = await tempProject({
      'app/core.py': 'def parse(x):\n    return x\n',
      'other/core.py': 'def parse(x):\n    return None\n',
      'tests/test_other.py': 'from other.core import parse\n\ndef test_other():\n    assert parse(1) is None\n',
      'tests/test_core.py': 'from app import core\n\ndef test_core():\n    assert core.parse(1) == 1\n',
    });
    temps.push(dir);
    assert.deepEqual((await related(dir, 'app/core.py', 'parse', 'python', 'def parse')).map((t) => t.id), ['tests/test_core.py::test_core']);
  });

  it('jest + ts-jest: describe paths and test.each titles, the way jest names them', async () => {
    const found = await related(path.join(PROJECTS, 'ts-jest'), 'src/duration.ts', 'parseDuration', 'typescript', 'export function parseDuration');
    assert.ok(found.some((t) => t.name === 'parseDuration parses %j as %d seconds'));
    assert.ok(found.some((t) => t.name === 'formatDuration round-trips through parseDuration'));
    assert.ok(found.every((t) => t.file === 'tests/duration.test.ts'));
    assert.ok(!found.some((t) => /^formatDuration (?!round-trips)/.test(t.name)), 'format-only tests are not related');
  });

  it('node:test (ESM): a function imported through the package index, not the tests of its neighbour', async () => {
    const found = await related(path.join(PROJECTS, 'esm-node-test'), 'src/range.js', 'satisfies', 'javascript', 'export function satisfies');
    assert.deepEqual(found.map((t) => t.id), ['test/range.test.js::caret keeps the major version', 'test/range.test.js::tilde keeps the minor version', 'test/range.test.js::comparison operators']);
  });

  it('CommonJS require with destructuring and aliases, nested describe, type-only imports ignored', async () => {
    const dir = await tempProject({
      'lib/slug.js': 'function slug(s) { return s; }\nmodule.exports = { slug };\n',
      'test/slug.spec.js': "const { slug: mk } = require('../lib/slug');\nconst lib = require('../lib/slug.js');\ndescribe('slug', () => {\n  describe('ascii', () => {\n    it('keeps words', () => { mk('a'); });\n    it('other', () => { other(); });\n  });\n  it(`via namespace`, () => lib.slug('b'));\n});\n",
      'test/types.test.ts': "import type { slug } from '../lib/slug';\ntest('types only', () => { const s: typeof slug | undefined = undefined; });\n",
    });
    temps.push(dir);
    const found = await related(dir, 'lib/slug.js', 'slug', 'javascript', 'function slug');
    assert.deepEqual(found.map((t) => t.name), ['slug ascii keeps words', 'slug via namespace']);
  });

  it('go TestXxx and Rust #[test] functions by name', async () => {
    const dir = await tempProject({
      'calc.go': 'package calc\n\nfunc Add(a, b int) int { return a + b }\n',
      'calc_test.go': 'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) { if Add(1, 2) != 3 { t.Fail() } }\n\nfunc TestOther(t *testing.T) {}\n\nfunc helper() { Add(0, 0) }\n',
      'src/lib.rs': 'pub fn add(a: i32, b: i32) -> i32 { a + b }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn adds() { assert_eq!(add(1, 2), 3); }\n    #[test]\n    fn unrelated() { assert!(true); }\n}\n',
    });
    temps.push(dir);
    assert.deepEqual((await related(dir, 'calc.go', 'Add', 'go', 'func Add')).map((t) => t.id), ['TestAdd']);
    assert.deepEqual((await related(dir, 'src/lib.rs', 'add', 'rust', 'pub fn add')).map((t) => t.id), ['tests::adds']);
  });
});
