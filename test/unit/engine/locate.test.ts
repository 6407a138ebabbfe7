import { strict as assert } from 'node:assert';
import { detectLanguage, ensureLanguageLayer } from '../../../src/engine/language/registry';
import { listFunctions, locateFunction, taskForFunction } from '../../../src/engine/locate/locateFunction';
import { detectTestCommands } from '../../../src/engine/locate/testCommand';
import { applyToFile } from '../../../src/engine/task';

const locatePythonFunction = (text: string, name: string): ReturnType<typeof locateFunction> => locateFunction(text, 'python', name);
// The sample below uses types and decorators: TypeScript's grammar reads it.
const locateJsFunction = (text: string, name: string): ReturnType<typeof locateFunction> => locateFunction(text, 'typescript', name);

const PY = `import functools


@functools.lru_cache(maxsize=None)
@other
async def fetch(url: str,
                retries=")") -> dict[str, int]:
    """Fetch a URL.

    More.
        Indented detail.
    """
    text = """
def fake():
"""  # (
    if url:

        return {"(": 1}
    # trailing comment in the body
# a comment at the margin ends nothing
    return {}


class Box:
    def fetch(self):
        return 1

    def put(self, x): return x


def stub(x):
    '''Only a docstring.'''
`;

describe('locate: Python', () => {
  before(() => ensureLanguageLayer());

  it('finds a decorated async def with a multi-line signature, docstring and tricky strings', () => {
    const f = locatePythonFunction(PY, 'fetch');
    assert.ok(f);
    const text = PY.slice(f.range.start, f.range.end);
    assert.ok(text.startsWith('@functools.lru_cache(maxsize=None)\n@other\nasync def fetch('));
    assert.ok(text.endsWith('    return {}'));
    assert.equal(f.doc, 'Fetch a URL.\n\nMore.\n    Indented detail.');
    const body = PY.slice(f.bodyRange.start, f.bodyRange.end);
    assert.ok(body.startsWith('    text = """\ndef fake():'));
    assert.ok(body.endsWith('    return {}'));
    assert.equal(f.bodyIndent, '    ');
    assert.equal(f.indent, '');
  });

  it('prefers the module function over a method of the same name, and finds methods', () => {
    assert.equal(locatePythonFunction(PY, 'fetch')?.indent, '');
    const put = locatePythonFunction(PY, 'put');
    assert.ok(put);
    assert.equal(PY.slice(put.range.start, put.range.end), '    def put(self, x): return x');
    assert.equal(PY.slice(put.bodyRange.start, put.bodyRange.end), 'return x');
  });

  it('gives an empty body range after a docstring-only function', () => {
    const f = locatePythonFunction(PY, 'stub');
    assert.ok(f);
    assert.equal(f.bodyRange.start, f.bodyRange.end);
    assert.equal(f.doc, 'Only a docstring.');
  });

  it('ignores defs inside strings and lists functions', () => {
    assert.equal(locatePythonFunction(PY, 'fake'), undefined);
    assert.deepEqual(listFunctions(PY, 'python'), ['fetch', 'put', 'stub']);
  });
});

const JS = `/**
 * Adds numbers.
 * @param {number} a
 */
export async function add(a, b = '}') {
  const t = \`}\${a + '{'}\`; // }
  const re = /[}]/g;
  /* } */
  return a + b;
}

const mul = (a: number, b: number): { v: number } => ({ v: a * b });
export const square = x => x * x;
const legacy = function (x) {
  return x;
};

class Counter {
  @logged
  static async inc<T>(n: T): Promise<{ n: T }> {
    if (n) { return { n }; }
    return { n };
  }
}

const obj = {
  run: async (x) => {
    return x;
  },
};
`;

describe('locate: JavaScript/TypeScript', () => {
  before(() => ensureLanguageLayer());

  it('matches braces past strings, template literals, regexes and comments', () => {
    const f = locateJsFunction(JS, 'add');
    assert.ok(f);
    const text = JS.slice(f.range.start, f.range.end);
    assert.ok(text.startsWith('export async function add('));
    assert.ok(text.endsWith('  return a + b;\n}'));
    assert.equal(f.doc, 'Adds numbers.\n@param {number} a');
    assert.equal(JS.slice(f.bodyRange.start, f.bodyRange.end).split('\n').length, 4);
  });

  it('finds arrow functions, function expressions, methods with decorators and object members', () => {
    assert.equal(JS.slice(locateJsFunction(JS, 'mul')?.range.start, locateJsFunction(JS, 'mul')?.range.end), 'const mul = (a: number, b: number): { v: number } => ({ v: a * b });');
    assert.equal(JS.slice(locateJsFunction(JS, 'square')?.range.start, locateJsFunction(JS, 'square')?.range.end), 'export const square = x => x * x;');
    const legacy = locateJsFunction(JS, 'legacy');
    assert.ok(legacy && JS.slice(legacy.range.start, legacy.range.end).endsWith('return x;\n};'));
    const inc = locateJsFunction(JS, 'inc');
    assert.ok(inc);
    const incText = JS.slice(inc.range.start, inc.range.end);
    assert.ok(incText.startsWith('  @logged\n  static async inc<T>'));
    assert.ok(incText.endsWith('    return { n };\n  }'));
    assert.equal(inc.bodyIndent, '    ');
    const run = locateJsFunction(JS, 'run');
    assert.ok(run && JS.slice(run.range.start, run.range.end).endsWith('return x;\n  }'));
  });

  it('reads `//` comments above as the doc and skips definitions inside comments and strings', () => {
    const src = '// Parses input.\n// Second line.\nfunction parse(x) {\n  return x;\n}\n/*\nfunction hidden() {}\n*/\nconst s = `\nfunction alsoHidden() {}\n`;\n';
    assert.equal(locateJsFunction(src, 'parse')?.doc, 'Parses input.\nSecond line.');
    assert.equal(locateJsFunction(src, 'hidden'), undefined);
    assert.equal(locateJsFunction(src, 'alsoHidden'), undefined);
  });

  it('does not take a call for a definition', () => {
    assert.equal(locateJsFunction('describe("x", () => {\n  it("y");\n});\nfoo(1);\n', 'foo'), undefined);
    assert.deepEqual(listFunctions(JS, 'typescript'), ['add', 'mul', 'square', 'legacy', 'inc', 'run']);
  });
});

describe('locate: tasks, languages and test commands', () => {
  before(() => ensureLanguageLayer());

  it('builds function and body tasks whose ranges round-trip', () => {
    const fn = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: PY, functionName: 'stub', testCommand: 'pytest' });
    assert.equal(fn.language, 'python');
    assert.equal(fn.spec, 'Only a docstring.');
    assert.equal(applyToFile(fn, PY.slice(fn.range.start, fn.range.end)), PY);
    const body = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: PY, functionName: 'fetch', testCommand: 'pytest', targetKind: 'body' });
    assert.ok(PY.slice(body.range.start, body.range.end).startsWith('    text ='));
  });

  it('explains what is missing', () => {
    assert.throws(() => taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: PY, functionName: 'nope', testCommand: 'x' }), /No function named "nope" in m\.py\. Functions found: fetch, put, stub\./);
    assert.throws(() => taskForFunction({ workspaceRoot: '/w', filePath: 'm.rb', fileText: '', functionName: 'x', testCommand: 'x' }), /only Python, JavaScript, TypeScript, Go, Rust and Java/);
  });

  it('detects languages and test commands', () => {
    assert.equal(detectLanguage('a/b.tsx'), 'typescript');
    assert.equal(detectLanguage('x.MJS'), 'javascript');
    assert.equal(detectLanguage('x.py'), 'python');
    assert.equal(detectLanguage('Makefile'), 'other');
    const detect = (files: string[], packageJson?: string): string | undefined => detectTestCommands({ files, ...(packageJson ? { packageJson } : {}) }, 'other')[0]?.command;
    assert.equal(detect(['stats.py', 'test_stats.py']), 'python3 -m pytest -q');
    assert.equal(detect(['package.json'], '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}'), undefined);
    assert.equal(detect(['package.json', 'slug.test.js'], '{"scripts":{}}'), 'node --test');
    assert.equal(detect(['package.json'], '{"scripts":{"test":"mocha"}}'), 'node_modules/.bin/mocha');
    assert.equal(detect(['go.mod']), 'go test ./...');
    assert.equal(detect(['Cargo.toml', 'src']), 'cargo test');
  });
});
