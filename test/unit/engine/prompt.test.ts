import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CheatsheetItem } from '../../../src/engine/cheatsheet/types';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { buildPrompt } from '../../../src/engine/prompt/buildPrompt';
import type { RelatedTest, Task } from '../../../src/engine/task';
import { countTokens } from '../../../src/engine/tokens';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const filler = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `${prefix}_${i} = compute_value(${i}, "padding text for the context window")`).join('\n');
const FILE = `${filler('before', 400)}\n\n\ndef target(x):\n    """Double x."""\n    raise NotImplementedError\n\n\n${filler('after', 400)}\n`;
let task: Task;
const noFiles = async (): Promise<undefined> => undefined;

const item = (id: string, text: string): CheatsheetItem => ({ id, kind: 'strategy', text, sourceTask: 't', timesUsed: 1, timesHelped: 1, lastUsed: '2026-01-01', tokens: countTokens(text), pinned: false });
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('prompt', () => {
  before(async () => {
    await ensureLanguageLayer();
    task = taskForFunction({ workspaceRoot: '/w', filePath: 'pkg/mod.py', fileText: FILE, functionName: 'target', testCommand: 'python3 -m pytest -q tests/' });
  });

  it('puts the stable prefix (contract, then cheatsheet) before the task', async () => {
    const items = [item('a1', 'Sort before taking the middle.'), item('b2', 'Check empty input first.')];
    const p = await buildPrompt(task, items, { promptTokenBudget: 3000, readProjectFile: noFiles });
    assert.equal(p.messages[0].role, 'system');
    const system = p.messages[0].content;
    assert.ok(system.indexOf('Output contract') < system.indexOf('Cheatsheet'));
    assert.match(system, /- \[strategy\] Sort before taking the middle\./);
    assert.deepEqual(p.cheatsheetItemIds, ['a1', 'b2']);
    const user = p.messages[1].content;
    assert.ok(!user.includes('Cheatsheet'));
    const order = ['File: pkg/mod.py', '<<<TARGET START>>>', 'def target(x):', '"""Double x."""', '<<<TARGET END>>>', 'python3 -m pytest -q tests/'].map((s) => user.indexOf(s));
    assert.ok(order.every((at) => at >= 0), JSON.stringify(order));
    assert.deepEqual([...order].sort((a, b) => a - b), order);
  });

  it('sends the docstring once: the code holds it, so there is no separate specification', async () => {
    const user = (await buildPrompt(task, [], { promptTokenBudget: 3000, readProjectFile: noFiles })).messages[1].content;
    assert.equal(occurrences(user, 'Double x.'), 1);
    assert.doesNotMatch(user, /Specification:/);
    const body = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: FILE, functionName: 'target', testCommand: 'pytest', targetKind: 'body' });
    assert.equal(occurrences((await buildPrompt(body, [], { promptTokenBudget: 1500, readProjectFile: noFiles })).messages[1].content, 'Double x.'), 1);
    // An instruction the user added is not in the code: it stays, the docstring still once.
    const asked = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: FILE, functionName: 'target', testCommand: 'pytest', instruction: 'Use a shift, not a multiplication.' });
    const withInstruction = (await buildPrompt(asked, [], { promptTokenBudget: 3000, readProjectFile: noFiles })).messages[1].content;
    assert.match(withInstruction, /Specification:\nUse a shift, not a multiplication\./);
    assert.equal(occurrences(withInstruction, 'Double x.'), 1);
  });

  it('keeps the system prompt byte-identical across tasks of the same kind, so providers can cache it', async () => {
    const other = taskForFunction({ workspaceRoot: '/x', filePath: 'b.py', fileText: 'def g():\n    pass\n', functionName: 'g', testCommand: 'pytest' });
    assert.equal((await buildPrompt(task, [], { promptTokenBudget: 3000 })).messages[0].content, (await buildPrompt(other, [], { promptTokenBudget: 500 })).messages[0].content);
  });

  it('trims the surrounding code to the budget, keeping the lines nearest the target', async () => {
    for (const budget of [800, 2000, 6000]) {
      const p = await buildPrompt(task, [], { promptTokenBudget: budget, readProjectFile: noFiles });
      assert.ok(p.promptTokens <= budget, `${p.promptTokens} tokens for a budget of ${budget}`);
      assert.ok(p.promptTokens > budget * 0.8, `${p.promptTokens} tokens leaves most of the ${budget} budget unused`);
      assert.ok(p.contextLinesOmitted > 0);
      const user = p.messages[1].content;
      assert.match(user, /before_399 = /);
      assert.match(user, /after_0 = /);
      assert.doesNotMatch(user, /before_0 = /);
      assert.match(user, /lines omitted/);
    }
    const all = await buildPrompt(task, [], { promptTokenBudget: 100_000, readProjectFile: noFiles });
    assert.equal(all.contextLinesOmitted, 0);
    assert.match(all.messages[1].content, /before_0 = /);
  });

  it('states the contract for body targets', async () => {
    const body = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: FILE, functionName: 'target', testCommand: 'pytest', targetKind: 'body' });
    const p = await buildPrompt(body, [], { promptTokenBudget: 1500, readProjectFile: noFiles });
    assert.match(p.messages[0].content, /only the function's body/);
    assert.match(p.messages[1].content, /<<<TARGET START>>>\n    raise NotImplementedError\n<<<TARGET END>>>/);
    assert.match(p.messages[1].content, /def target\(x\):\n    """Double x."""\n<<<TARGET START>>>/);
  });
});

describe('prompt: related tests', () => {
  const test = (name: string, lines: number): RelatedTest => ({
    file: 'tests/test_mod.py',
    name,
    id: `tests/test_mod.py::${name}`,
    text: `def ${name}():\n${Array.from({ length: lines }, (_, i) => `    assert target(${i}) == ${i * 2}`).join('\n')}\n`,
  });
  // Built per test: `task` is made in the first suite's before() hook, after this file loads.
  const withTests = (): Task => ({ ...task, relatedTests: [test('test_small', 3), test('test_huge', 400), test('test_negative', 2)] });

  it('shows the tests that exercise the target, each whole, leaving out those the budget cannot hold', async () => {
    const p = await buildPrompt(withTests(), [], { promptTokenBudget: 3000, readProjectFile: noFiles });
    const user = p.messages[1].content;
    assert.match(user, /Tests in the project that exercise `target`:/);
    assert.match(user, /# tests\/test_mod\.py::test_small\ndef test_small\(\):\n    assert target\(0\) == 0\n    assert target\(1\) == 2\n    assert target\(2\) == 4/);
    assert.match(user, /def test_negative\(\):/);
    // The 400-line test does not fit the related share: it is left out whole, never cut mid-way.
    assert.doesNotMatch(user, /test_huge/);
    assert.equal(p.relatedOmitted, 1);
    assert.ok(p.promptTokens <= 3000, String(p.promptTokens));
    // The tests come after the code and before the command, so the ask stays last.
    assert.ok(user.indexOf('<<<TARGET END>>>') < user.indexOf('def test_small') && user.indexOf('def test_small') < user.indexOf('The tests run with'));
  });

  it('masks secrets in the tests it shows', async () => {
    const leaky: RelatedTest = { file: 'tests/test_api.py', name: 'test_api', id: 'tests/test_api.py::test_api', text: 'def test_api():\n    client = Client(token="sk-live0123456789abcdefXYZ")\n    assert target(client) == 2\n' };
    const user = (await buildPrompt({ ...task, relatedTests: [leaky] }, [], { promptTokenBudget: 3000, readProjectFile: noFiles })).messages[1].content;
    assert.match(user, /def test_api\(\):/);
    assert.doesNotMatch(user, /sk-live0123456789/);
  });

  it('leaves the tests out when includeTests is off', async () => {
    const user = (await buildPrompt(withTests(), [], { promptTokenBudget: 3000, includeTests: false, readProjectFile: noFiles })).messages[1].content;
    assert.doesNotMatch(user, /test_small|Tests in the project/);
  });
});

describe('prompt: what is related before what is near', () => {
  const root = path.join(__dirname, '../../fixtures/projects/js-large-file');
  const fileText = readFileSync(path.join(root, 'src/timeline.js'), 'utf8');
  let large: Task;
  before(async () => {
    await ensureLanguageLayer();
    large = taskForFunction({ workspaceRoot: root, filePath: 'src/timeline.js', fileText, functionName: 'parseDuration', testCommand: 'node --test' });
  });

  it('keeps the far call sites of a target in a ~50 KB JavaScript file that must be trimmed', async () => {
    assert.ok(fileText.length > 45_000 && fileText.split('\n').length > 1800);
    const p = await buildPrompt(large, [], { promptTokenBudget: 3000 });
    const user = p.messages[1].content;
    assert.ok(p.promptTokens <= 3000, String(p.promptTokens));
    assert.ok(p.contextLinesOmitted > 1500, `${p.contextLinesOmitted} lines omitted`);
    // Both callers, ~1,900 lines above the target, whole and in file order before it.
    assert.match(user, /function scheduleEntry\(spec, start\) \{\n    var offset = spec\.after \? parseDuration\(spec\.after\) : 0;/);
    assert.match(user, /total \+= parseDuration\(tasks\[i\]\.every\);/);
    assert.ok(user.indexOf('function totalRepeatSeconds') < user.indexOf('<<<TARGET START>>>'));
    // The nearest lines still get the rest of the budget.
    assert.match(user, /return \{\n    scheduleEntry: scheduleEntry,/);
    // The gap between them says how much is left out.
    assert.match(user, /\.\.\. \(\d{4} lines omitted\)/);
  });

  it('stays within small budgets, dropping a caller rather than the target', async () => {
    for (const budget of [400, 700, 1200]) {
      const p = await buildPrompt(large, [], { promptTokenBudget: budget });
      assert.ok(p.promptTokens <= budget, `${p.promptTokens} tokens for a budget of ${budget}`);
      assert.match(p.messages[1].content, /<<<TARGET START>>>\n  function parseDuration\(text\) \{/);
    }
    assert.doesNotMatch((await buildPrompt(large, [], { promptTokenBudget: 400 })).messages[1].content, /function totalRepeatSeconds/);
  });
});
