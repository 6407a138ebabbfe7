import { strict as assert } from 'node:assert';
import type { CheatsheetItem } from '../../../src/engine/cheatsheet/types';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { buildPrompt } from '../../../src/engine/prompt/buildPrompt';
import type { Task } from '../../../src/engine/task';
import { countTokens } from '../../../src/engine/tokens';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const filler = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `${prefix}_${i} = compute_value(${i}, "padding text for the context window")`).join('\n');
const FILE = `${filler('before', 400)}\n\n\ndef target(x):\n    """Double x."""\n    raise NotImplementedError\n\n\n${filler('after', 400)}\n`;
let task: Task;

const item = (id: string, text: string): CheatsheetItem => ({ id, kind: 'strategy', text, sourceTask: 't', timesUsed: 1, timesHelped: 1, lastUsed: '2026-01-01', tokens: countTokens(text), pinned: false });

describe('prompt', () => {
  before(async () => {
    await ensureLanguageLayer();
    task = taskForFunction({ workspaceRoot: '/w', filePath: 'pkg/mod.py', fileText: FILE, functionName: 'target', testCommand: 'python3 -m pytest -q tests/' });
  });

  it('puts the stable prefix (contract, then cheatsheet) before the task', () => {
    const items = [item('a1', 'Sort before taking the middle.'), item('b2', 'Check empty input first.')];
    const p = buildPrompt(task, items, { promptTokenBudget: 3000 });
    assert.equal(p.messages[0].role, 'system');
    const system = p.messages[0].content;
    assert.ok(system.indexOf('Output contract') < system.indexOf('Cheatsheet'));
    assert.match(system, /- \[strategy\] Sort before taking the middle\./);
    assert.deepEqual(p.cheatsheetItemIds, ['a1', 'b2']);
    const user = p.messages[1].content;
    assert.ok(!user.includes('Cheatsheet'));
    const order = ['File: pkg/mod.py', '<<<TARGET START>>>', 'def target(x):', '<<<TARGET END>>>', 'Specification:\nDouble x.', 'python3 -m pytest -q tests/'].map((s) => user.indexOf(s));
    assert.ok(order.every((at) => at >= 0), JSON.stringify(order));
    assert.deepEqual([...order].sort((a, b) => a - b), order);
  });

  it('keeps the system prompt byte-identical across tasks of the same kind, so providers can cache it', () => {
    const other = taskForFunction({ workspaceRoot: '/x', filePath: 'b.py', fileText: 'def g():\n    pass\n', functionName: 'g', testCommand: 'pytest' });
    assert.equal(buildPrompt(task, [], { promptTokenBudget: 3000 }).messages[0].content, buildPrompt(other, [], { promptTokenBudget: 500 }).messages[0].content);
  });

  it('trims the surrounding code to the budget, keeping the lines nearest the target', () => {
    for (const budget of [800, 2000, 6000]) {
      const p = buildPrompt(task, [], { promptTokenBudget: budget });
      assert.ok(p.promptTokens <= budget, `${p.promptTokens} tokens for a budget of ${budget}`);
      assert.ok(p.promptTokens > budget * 0.8, `${p.promptTokens} tokens leaves most of the ${budget} budget unused`);
      assert.ok(p.contextLinesOmitted > 0);
      const user = p.messages[1].content;
      assert.match(user, /before_399 = /);
      assert.match(user, /after_0 = /);
      assert.doesNotMatch(user, /before_0 = /);
      assert.match(user, /lines omitted/);
    }
    const all = buildPrompt(task, [], { promptTokenBudget: 100_000 });
    assert.equal(all.contextLinesOmitted, 0);
    assert.match(all.messages[1].content, /before_0 = /);
  });

  it('states the contract for body targets', () => {
    const body = taskForFunction({ workspaceRoot: '/w', filePath: 'm.py', fileText: FILE, functionName: 'target', testCommand: 'pytest', targetKind: 'body' });
    const p = buildPrompt(body, [], { promptTokenBudget: 1500 });
    assert.match(p.messages[0].content, /only the function's body/);
    assert.match(p.messages[1].content, /<<<TARGET START>>>\n    raise NotImplementedError\n<<<TARGET END>>>/);
    assert.match(p.messages[1].content, /def target\(x\):\n    """Double x."""\n<<<TARGET START>>>/);
  });
});
