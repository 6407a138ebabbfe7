import { strict as assert } from 'node:assert';
import { splitUsage } from '../../../src/engine/model/usageSplit';
import { BudgetTracker } from '../../../src/engine/run/budget';
import type { TokenUsage } from '../../../src/engine/model/types';

const MESSAGES = [{ role: 'user' as const, content: 'Implement add.' }];
const PICO = 1e12;

describe('the cost a server bills (OpenRouter usage.cost)', () => {
  it('is split over the choices by their tokens, and the parts add up to the bill', () => {
    const cost = 0.0123456789;
    const choices = [{ content: 'a'.repeat(40), reasoning: '' }, { content: 'b'.repeat(400), reasoning: '' }, { content: 'c'.repeat(40), reasoning: '' }];
    const usages = splitUsage({ prompt_tokens: 90, completion_tokens: 300, cost }, choices, MESSAGES);
    const parts = usages.map((u) => u.costUsd ?? Number.NaN);
    assert.ok(parts.every((p) => p > 0), `every choice carries a share: ${parts.join(', ')}`);
    const picoParts = parts.map((p) => Math.round(p * PICO));
    assert.equal(picoParts.reduce((a, b) => a + b, 0), Math.round(cost * PICO), 'no pico-dollar lost or counted twice');
    assert.ok(Math.abs(parts.reduce((a, b) => a + b, 0) - cost) < 1e-15);
    assert.ok((parts[1] ?? 0) > (parts[0] ?? 0) * 2, 'the longer answer carries more of the cost');
  });

  it('is kept when the server counts no tokens (the tokens are estimated, the cost is not)', () => {
    const [usage] = splitUsage({ cost: 0.002 }, [{ content: 'x', reasoning: '' }], MESSAGES);
    assert.equal(usage?.estimated, true);
    assert.equal(usage?.costUsd, 0.002);
  });

  it('is absent when the server sends none, and a negative one is ignored', () => {
    assert.equal(splitUsage({ prompt_tokens: 1, completion_tokens: 1 }, [{ content: 'x', reasoning: '' }], MESSAGES)[0]?.costUsd, undefined);
    assert.equal(splitUsage({ prompt_tokens: 1, completion_tokens: 1, cost: -1 }, [{ content: 'x', reasoning: '' }], MESSAGES)[0]?.costUsd, undefined);
  });
});

describe('BudgetTracker', () => {
  const prices = { promptPer1K: 1, completionPer1K: 2 };
  const usage = (extra: Partial<TokenUsage> = {}): TokenUsage => ({ prompt: 1000, completion: 500, reasoning: 0, estimated: false, ...extra });

  it('charges the billed cost when the usage carries one, not the price settings', () => {
    const budget = new BudgetTracker({ prices, maxCostUsd: 0.01 });
    assert.equal(budget.add(usage({ costUsd: 0.004 })), 0.004);
    assert.equal(budget.costUsd, 0.004);
    assert.equal(budget.exceeded(), undefined);
    assert.equal(budget.add(usage({ costUsd: 0 })), 0, 'a free request is free, whatever the prices say');
    assert.equal(budget.add(usage({ costUsd: 0.007 })), 0.007);
    assert.equal(budget.exceeded()?.reason, 'cost');
    assert.equal(budget.tokens, 4500, 'tokens still count against the token budget');
  });

  it('falls back to the price settings without a billed cost', () => {
    const budget = new BudgetTracker({ prices });
    assert.equal(budget.add(usage()), 2);
    assert.equal(new BudgetTracker({}).add(usage()), 0);
  });
});
