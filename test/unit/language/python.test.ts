import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractCode } from '../../../src/engine/extract/extractCode';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { referencedNames } from '../../../src/engine/language/python/pythonNames';
import { listFunctions, locateFunction, taskForFunction } from '../../../src/engine/locate/locateFunction';
import { applyToFile } from '../../../src/engine/task';

// src/tempo/durations.py of a src-layout package: classes, decorators, nested defs, fenced examples in docstrings.
const MODULE = readFileSync(path.join(__dirname, 'fixtures', 'durations.py'), 'utf8');
const slice = (r: { start: number; end: number }): string => MODULE.slice(r.start, r.end);

describe('language: Python on a src-layout module', () => {
  before(() => ensureLanguageLayer());

  it('lists module functions, methods and nested defs in source order', () => {
    assert.deepEqual(listFunctions(MODULE, 'python'), ['parse_duration', 'parse', 'minutes', 'format', 'pieces', 'cached_total', 'wait_for']);
  });

  it('locates a function whose docstring holds a fenced example, with its docstring as the doc', () => {
    const f = locateFunction(MODULE, 'python', 'parse_duration');
    assert.ok(f);
    assert.ok(slice(f.range).startsWith('def parse_duration(text: str) -> int:\n    """Return'));
    assert.ok(slice(f.range).endsWith('    raise NotImplementedError'));
    assert.match(f.doc, /^Return the number of seconds in ``text``\.\n\n```pycon\n>>> parse_duration\("2m"\)\n120/);
    assert.equal(slice(f.bodyRange), '    raise NotImplementedError');
  });

  it('takes decorators with a method and with a module function, and finds nested defs', () => {
    const parse = locateFunction(MODULE, 'python', 'parse');
    assert.ok(parse && slice(parse.range).startsWith('    @classmethod\n    def parse(cls'));
    assert.equal(parse.indent, '    ');
    assert.equal(slice(parse.bodyRange), '        return cls(parse_duration(text))');
    const cached = locateFunction(MODULE, 'python', 'cached_total');
    assert.ok(cached && slice(cached.range).startsWith('@functools.lru_cache(maxsize=128)\ndef cached_total('));
    const pieces = locateFunction(MODULE, 'python', 'pieces');
    assert.ok(pieces && slice(pieces.range).startsWith('        def pieces(rest: int):'));
    assert.ok(slice(pieces.range).endsWith('yield f"{count}{unit}"'));
  });

  it('locates an async def whose body starts with an import', () => {
    const f = locateFunction(MODULE, 'python', 'wait_for');
    assert.ok(f);
    assert.equal(slice(f.bodyRange), '    import asyncio\n\n    await asyncio.sleep(parse_duration(text))');
  });

  it('accepts a candidate that reproduces the docstring with its ```pycon example inside a ```python fence', () => {
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'src/tempo/durations.py', fileText: MODULE, functionName: 'parse_duration', testCommand: 'python3 -m pytest -q' });
    const original = slice(task.range).replace('    raise NotImplementedError', '');
    const body = '    total = 0\n    for count, unit in _TOKEN.findall(text):\n        total += int(count) * _UNITS[unit]\n    if not total and text.strip() not in ("0", "0s"):\n        raise ValueError(text)\n    return total';
    const answer = `Here is the implementation:\n\n\`\`\`python\n${original}${body}\n\`\`\`\n`;
    const e = extractCode(task, answer);
    assert.ok(e.ok, e.ok ? '' : e.reason);
    assert.equal(e.code, original + body);
    assert.equal(applyToFile(task, e.code).includes('```pycon\n    >>> parse_duration("2m")'), true);
  });

  it('reads names after a "#" inside a string (the helper a candidate calls is kept)', () => {
    assert.deepEqual([...referencedNames('return "#" + helper(xs)')].sort(), ['helper', 'xs']);
    const file = 'def tag(xs):\n    """Tag xs."""\n    raise NotImplementedError\n';
    const task = taskForFunction({ workspaceRoot: '/w', filePath: 'tags.py', fileText: file, functionName: 'tag', testCommand: 'pytest' });
    const e = extractCode(task, '```python\ndef helper(xs):\n    return ",".join(xs)\n\n\ndef tag(xs):\n    return "#" + helper(xs)\n```');
    assert.ok(e.ok, e.ok ? '' : e.reason);
    assert.match(e.code, /^def helper\(xs\):/);
    assert.match(e.code, /return "#" \+ helper\(xs\)$/);
  });

  it('does not read attribute names, keyword names or assignment targets as references', () => {
    assert.deepEqual([...referencedNames('y = sorted(r, reverse=True)\nx.count(1)\nf"{total}"')].sort(), ['r', 'sorted', 'total', 'x']);
  });
});
