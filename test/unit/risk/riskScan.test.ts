import { strict as assert } from 'node:assert';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { riskSignsOf, riskSummary, staticRiskSigns } from '../../../src/engine/risk/riskSigns';
import type { Language } from '../../../src/engine/task';

function kinds(code: string, language: Language, originalTarget = ''): string[] {
  return [...new Set(staticRiskSigns(code, { originalTarget, language }).map((s) => s.kind))].sort();
}

describe('risk scan: Python', () => {
  before(() => ensureLanguageLayer());

  const cases: [string, string[]][] = [
    ['def f(p):\n    with open(p, "w") as fh:\n        fh.write("x")', ['file-write']],
    ["def f(p):\n    open(p, mode='a').close()", ['file-write']],
    ['def f(p):\n    import os\n    os.remove(p)', ['file-write']],
    ['def f(p):\n    import shutil\n    shutil.rmtree(p)', ['file-write']],
    ['def f(p):\n    from pathlib import Path\n    Path(p).write_text("x")', ['file-write']],
    ['def f():\n    import socket\n    socket.create_connection(("x", 80))', ['network']],
    ['def f():\n    import urllib.request\n    return urllib.request.urlopen("http://x").read()', ['network']],
    ['def f():\n    import requests\n    return requests.get("http://x")', ['network']],
    ['def f():\n    import subprocess as sp\n    return sp.run(["ls"])', ['subprocess']],
    ['def f():\n    import os\n    os.system("ls")\n    os.popen("ls")', ['subprocess']],
    ['def f():\n    import os\n    return os.environ.get("HOME"), os.getenv("X")', ['environment']],
    ['def f(s):\n    return eval(s)', ['dynamic-code']],
    ['def f(s):\n    exec(compile(s, "<x>", "exec"))', ['dynamic-code']],
    ['def f(m):\n    return __import__(m)', ['dynamic-import']],
    ['def f(m):\n    import importlib\n    return importlib.import_module(m)', ['dynamic-import']],
  ];
  for (const [code, expected] of cases) {
    it(`flags ${expected.join(', ')}: ${code.split('\n').slice(1).join(' ').trim().slice(0, 60)}`, () => {
      assert.deepEqual(kinds(code, 'python'), expected);
    });
  }

  it('does not flag reading files, re.compile, urllib.parse or a method named eval', () => {
    const code = [
      'def f(p, s):',
      '    import re, urllib.parse',
      '    with open(p) as fh:',
      '        text = fh.read()',
      "    with open(p, 'rb') as fh:",
      '        data = fh.read()',
      '    pattern = re.compile(s)',
      '    model.eval()',
      '    return urllib.parse.quote(text), pattern, data',
    ].join('\n');
    assert.deepEqual(kinds(code, 'python'), []);
  });

  it('ignores what strings and comments say', () => {
    const code = [
      'def f(x):',
      '    """Never call os.system("rm -rf /") or eval(x) here."""',
      '    # subprocess.run(["ls"]); os.environ["KEY"]',
      "    msg = 'open(p, \"w\") and requests.get(url)'",
      '    return f"os.getenv({x})" + msg',
    ].join('\n');
    assert.deepEqual(kinds(code, 'python'), []);
  });

  it('resolves imports from the rest of the file', () => {
    const signs = staticRiskSigns('def f():\n    return environ["HOME"]', { originalTarget: 'def f():\n    pass', language: 'python', fileText: 'from os import environ\n' });
    assert.deepEqual(signs.map((s) => s.kind), ['environment']);
    assert.match(signs[0].detail, /os\.environ at line 2 of the candidate/);
  });

  it('is not flagged when the original already did it; a new kind still is', () => {
    const original = 'def save(p, text):\n    with open(p, "w") as fh:\n        fh.write(text)\n    raise NotImplementedError';
    const candidate = 'def save(p, text):\n    with open(p, "w") as fh:\n        fh.write(text.strip())';
    assert.deepEqual(kinds(candidate, 'python', original), []);
    const worse = `${candidate}\n    import os\n    os.system("chmod 777 " + p)`;
    assert.deepEqual(kinds(worse, 'python', original), ['subprocess']);
  });
});

describe('risk scan: JavaScript / TypeScript', () => {
  before(() => ensureLanguageLayer());

  it('reads the code after a regex literal holding a quote, and the code inside `${}`', () => {
    assert.deepEqual(kinds("function f(x) { const q = /[\"]/; return require('child_process').execSync(x); }", 'javascript'), ['subprocess']);
    assert.deepEqual(kinds('function f(x) { return `${require("child_process").execSync(x)}`; }', 'javascript'), ['subprocess']);
    assert.deepEqual(kinds('function f(x: string): string { return `execSync(${x.trim()})`; }', 'typescript'), []);
  });

  const cases: [string, string[]][] = [
    ["function f(p) { require('fs').writeFileSync(p, 'x'); }", ['file-write']],
    ["import { promises as fsp } from 'node:fs';\nasync function f(p) { await fsp.rm(p); }", ['file-write']],
    ["function f(p) { const fs = require('fs'); fs.appendFileSync(p, 'x'); fs.unlinkSync(p); }", ['file-write']],
    ["async function f(u) { return (await fetch(u)).text(); }", ['network']],
    ["function f() { const http = require('node:http'); http.get('http://x'); }", ['network']],
    ["function f() { return require('child_process').execSync('ls').toString(); }", ['subprocess']],
    ["import { spawnSync } from 'child_process';\nfunction f() { spawnSync('ls'); }", ['subprocess']],
    ['function f() { return process.env.HOME; }', ['environment']],
    ['function f() { return process?.env?.HOME; }', ['environment']],
    ['function f(s) { return eval(s); }', ['dynamic-code']],
    ["function f(s) { return new Function('x', s); }", ['dynamic-code']],
    ['async function f(m) { return import(m); }', ['dynamic-import']],
    ['function f(m) { return require(`./plugins/${m}`); }', ['dynamic-import']],
  ];
  for (const [code, expected] of cases) {
    it(`flags ${expected.join(', ')}: ${code.slice(0, 70)}`, () => {
      assert.deepEqual(kinds(code, 'typescript'), expected);
    });
  }

  it('does not flag reads, literal imports, regexes .exec or a method named fetch', () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "const path = require('path');",
      'async function f(p: string, re: RegExp, store: { fetch(k: string): string }) {',
      "  const text = readFileSync(path.join(p, 'a.txt'), 'utf8');",
      "  const mod = await import('./local.js');",
      '  return [re.exec(text), store.fetch(text), mod];',
      '}',
    ].join('\n');
    assert.deepEqual(kinds(code, 'typescript'), []);
  });

  it('ignores strings, template text and comments', () => {
    const code = [
      'function f(x) {',
      "  // require('child_process').execSync('rm -rf /')",
      "  /* fetch('http://evil'); process.env.KEY */",
      "  const s = 'eval(x); fs.writeFileSync(p)';",
      '  return `process.env and new Function()` + s;',
      '}',
    ].join('\n');
    assert.deepEqual(kinds(code, 'javascript'), []);
  });

  it('is not flagged when the original already read the environment', () => {
    const original = 'function port() {\n  return Number(process.env.PORT);\n}';
    assert.deepEqual(kinds('function port() {\n  return Number(process.env.PORT ?? 8080);\n}', 'javascript', original), []);
  });
});

describe('risk signs of a candidate', () => {
  before(() => ensureLanguageLayer());

  it('merges the static scan with what the sandbox observed, without duplicates', () => {
    const observed = [{ source: 'sandbox' as const, kind: 'write-outside' as const, detail: 'wrote /tmp/x outside its copy' }];
    const signs = riskSignsOf(
      { code: 'def f():\n    import os\n    return os.getenv("X")', verification: { observed } as never },
      { originalTarget: 'def f():\n    pass', language: 'python' },
    );
    assert.deepEqual(signs.map((s) => `${s.source}:${s.kind}`), ['static:environment', 'sandbox:write-outside']);
    assert.equal(riskSummary(signs), 'env, wrote outside copy');
  });

  it('has no static scan for Go or Rust yet, but keeps sandbox signs', () => {
    assert.deepEqual(kinds('func f() { os.Getenv("X") }', 'go'), []);
  });
});

describe('risk scan: declarations are not calls', () => {
  before(() => ensureLanguageLayer());

  it('a method named eval or fetch is declared, not called', () => {
    assert.deepEqual(kinds('class M:\n    def eval(self):\n        return 1', 'python'), []);
    assert.deepEqual(kinds('class C {\n  fetch(url: string): string {\n    return url;\n  }\n}', 'typescript'), []);
  });
});

describe('risk scan: calls in Python headers', () => {
  before(() => ensureLanguageLayer());

  it('flags a call that ends an if header', () => {
    assert.deepEqual(kinds('def f():\n    import os\n    if os.system("ls"):\n        return 1', 'python'), ['subprocess']);
  });
});

describe('risk scan: only imported modules are modules', () => {
  before(() => ensureLanguageLayer());

  it('a local variable named like a module is not the module', () => {
    assert.deepEqual(kinds('def f(requests, socket):\n    requests.append(1)\n    return socket.name', 'python'), []);
    assert.deepEqual(kinds('def f():\n    import requests\n    return requests.get("http://x")', 'python'), ['network']);
  });
});
