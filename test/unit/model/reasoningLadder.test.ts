import { canTurnThinkingOff } from '../../../src/engine/model/reasoningKnobs';
import { strict as assert } from 'node:assert';
import { customProfile, getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { buildRequestKnobs } from '../../../src/engine/model/requestKnobs';
import { reasoningLadder } from '../../../src/engine/model/reasoningLadder';
import type { ProviderProfile, ReasoningControls } from '../../../src/engine/model/types';

/** What the server would really receive for each step: the point of a ladder is that steps differ on the wire. */
function wire(profile: ProviderProfile, ladder: ReasoningControls[]): string[] {
  return ladder.map((reasoning) => JSON.stringify(buildRequestKnobs(profile, { messages: [{ role: 'user', content: 'x' }], n: 1, reasoning }).sent));
}

describe('reasoningLadder', () => {
  it('climbs the efforts an effort profile accepts, cheapest first, up to the chosen effort as the ceiling', () => {
    const openai = getProviderProfile('openai');
    assert.deepEqual(reasoningLadder(openai, { effort: 'low' }), [{ effort: 'none' }, { effort: 'minimal' }, { effort: 'low' }]);
    assert.deepEqual(reasoningLadder(openai, { effort: 'high' }).map((s) => s.effort), ['none', 'minimal', 'low', 'medium', 'high']);
    // vLLM takes low/medium/high only: the ladder starts at its cheapest, not at `none`.
    assert.deepEqual(reasoningLadder(getProviderProfile('vllm'), { effort: 'medium' }), [{ effort: 'low' }, { effort: 'medium' }]);
    const steps = wire(openai, reasoningLadder(openai, { effort: 'medium' }));
    assert.equal(new Set(steps).size, steps.length, `every step sends something different: ${steps.join(' | ')}`);
  });

  it('keeps a chosen budget on every effort step', () => {
    assert.deepEqual(reasoningLadder(getProviderProfile('ollama'), { effort: 'low', budgetTokens: 2048 }), [
      { effort: 'none', budgetTokens: 2048 },
      { effort: 'low', budgetTokens: 2048 },
    ]);
  });

  it('never climbs past the chosen effort when the server does not accept that effort', () => {
    // LM Studio takes low/medium/high; `minimal` is not sent at all, so nothing cheaper exists to start from.
    assert.deepEqual(reasoningLadder(getProviderProfile('lmstudio'), { effort: 'minimal' }), [{ effort: 'minimal' }]);
    // A custom server taking low and high only, asked for medium: it tops out at low, below the ceiling.
    assert.deepEqual(reasoningLadder(customProfile({ reasoningEfforts: ['low', 'high'] }), { effort: 'medium' }), [{ effort: 'low' }]);
  });

  it('does not escalate an effort profile without a chosen effort (no ceiling): nothing is sent, as the user asked', () => {
    // Climbing to `high` would outspend the server default, and non-reasoning models refuse `reasoning_effort`.
    assert.deepEqual(reasoningLadder(getProviderProfile('openai'), {}), [{}]);
    assert.deepEqual(reasoningLadder(getProviderProfile('ollama'), {}), [{}]);
  });

  it('climbs from no thinking through thinking budgets to the chosen setting on a thinking-budget profile', () => {
    const vllm = getProviderProfile('vllm');
    assert.deepEqual(reasoningLadder(vllm, {}), [{ fastMode: true }, { budgetTokens: 1024 }, { budgetTokens: 4096 }, {}], 'no ceiling: ends at the server default');
    assert.deepEqual(reasoningLadder(vllm, { budgetTokens: 2048 }), [{ fastMode: true }, { budgetTokens: 1024 }, { budgetTokens: 2048 }], 'steps at or above the ceiling are left out');
    assert.deepEqual(reasoningLadder(vllm, { budgetTokens: 512 }), [{ fastMode: true }, { budgetTokens: 512 }]);
    const thinkOnly = customProfile({ supportsEnableThinking: true });
    assert.deepEqual(reasoningLadder(thinkOnly, {}), [{ fastMode: true }, {}], 'no budget control: thinking off, then on');
    const steps = wire(vllm, reasoningLadder(vllm, {}));
    assert.equal(new Set(steps).size, steps.length, `every step sends something different: ${steps.join(' | ')}`);
  });

  it('climbs the budget on OpenRouter when a budget is set (its reasoning object drops the effort then)', () => {
    const openrouter = getProviderProfile('openrouter');
    const ladder = reasoningLadder(openrouter, { effort: 'high', budgetTokens: 8000 });
    assert.deepEqual(ladder, [{ budgetTokens: 1024 }, { budgetTokens: 4096 }, { effort: 'high', budgetTokens: 8000 }]);
    const steps = wire(openrouter, ladder);
    assert.equal(new Set(steps).size, steps.length, `every step sends something different: ${steps.join(' | ')}`);
    assert.deepEqual(reasoningLadder(openrouter, { effort: 'low' }).map((s) => s.effort), ['none', 'minimal', 'low'], 'without a budget it climbs efforts');
  });

  it('climbs from no thinking through budgets on a model that thinks only when given one (Anthropic), with the budget as the ceiling', () => {
    const anthropic = getProviderProfile('anthropic');
    assert.deepEqual(reasoningLadder(anthropic, { budgetTokens: 8000 }), [{ fastMode: true }, { budgetTokens: 1024 }, { budgetTokens: 4096 }, { budgetTokens: 8000 }]);
    assert.deepEqual(reasoningLadder(anthropic, { effort: 'high' }), [{ effort: 'high' }], 'without a budget there is no ceiling to climb to');
    assert.equal(canTurnThinkingOff(anthropic), true, 'fast mode needs no field there: no budget, no thinking');
    assert.equal(canTurnThinkingOff(getProviderProfile('lmstudio')), false);
  });

  it('has one step for a profile with no reasoning control', () => {
    assert.deepEqual(reasoningLadder(customProfile(), { effort: 'high', budgetTokens: 4096 }), [{ effort: 'high', budgetTokens: 4096 }]);
    assert.deepEqual(reasoningLadder(customProfile(), {}), [{}]);
  });

  it('has one step in fast mode: no thinking is already the cheapest setting', () => {
    assert.deepEqual(reasoningLadder(getProviderProfile('vllm'), { fastMode: true }), [{ fastMode: true }]);
    assert.deepEqual(reasoningLadder(getProviderProfile('openai'), { effort: 'high', fastMode: true }), [{ effort: 'high', fastMode: true }]);
  });

  it('returns fresh objects: changing a step leaves the chosen controls alone', () => {
    const chosen: ReasoningControls = { budgetTokens: 2048 };
    const ladder = reasoningLadder(getProviderProfile('vllm'), chosen);
    ladder[ladder.length - 1].budgetTokens = 1;
    assert.deepEqual(chosen, { budgetTokens: 2048 });
  });
});
