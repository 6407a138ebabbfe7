import { strict as assert } from 'node:assert';
import { getProviderProfile, PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import { reasoningLadder } from '../../../src/engine/model/reasoningLadder';
import { buildRequestKnobs } from '../../../src/engine/model/requestKnobs';
import type { AppliedKnobs, CompletionRequest, ReasoningControls } from '../../../src/engine/model/types';

function knobs(profile: string, reasoning: ReasoningControls, extra: Partial<CompletionRequest> = {}): AppliedKnobs {
  return buildRequestKnobs(getProviderProfile(profile), { messages: [{ role: 'user', content: 'x' }], n: 4, reasoning, ...extra });
}

describe('DeepSeek profile', () => {
  it('never sends n (the client fans out) and reads reasoning from reasoning_content', () => {
    assert.equal(PROVIDER_PROFILES.deepseek.supportsN, false);
    assert.deepEqual(PROVIDER_PROFILES.deepseek.reasoningSources, ['reasoning_content']);
  });

  it('effort high: reasoning_effort', () => {
    assert.deepEqual(knobs('deepseek', { effort: 'high' }), { sent: { reasoning_effort: 'high' }, notApplied: [] });
  });

  it('an effort it maps onto another is reported, not sent', () => {
    assert.deepEqual(knobs('deepseek', { effort: 'medium' }), { sent: {}, notApplied: ['effort medium: DeepSeek accepts low, high'] });
  });

  it('budget 4096: no budget field exists', () => {
    assert.deepEqual(knobs('deepseek', { budgetTokens: 4096 }), {
      sent: {},
      notApplied: ['reasoning budget 4096 tokens: DeepSeek takes no reasoning-token budget'],
    });
  });

  it('fast mode: thinking type disabled, and then temperature and top-p apply', () => {
    assert.deepEqual(knobs('deepseek', { fastMode: true }, { temperature: 0.7, topP: 0.95 }), {
      sent: { thinking: { type: 'disabled' }, temperature: 0.7, top_p: 0.95 },
      notApplied: [],
    });
  });

  it('temperature while thinking (the default): reported, not sent', () => {
    assert.deepEqual(knobs('deepseek', {}, { temperature: 0.7, maxTokens: 8000 }), {
      sent: { max_tokens: 8000 },
      notApplied: ['temperature 0.7: DeepSeek does not apply temperature while the model thinks (fast mode turns thinking off)'],
    });
  });
});

describe('Anthropic profile', () => {
  it('effort high: reasoning_effort is ignored there, so it is reported', () => {
    assert.deepEqual(knobs('anthropic', { effort: 'high' }), {
      sent: {},
      notApplied: ['effort high: Anthropic (OpenAI SDK compatibility) takes no reasoning effort'],
    });
  });

  it('budget 4096: thinking enabled with budget_tokens, max_tokens as the cap, no n', () => {
    assert.deepEqual(knobs('anthropic', { budgetTokens: 4096 }, { maxTokens: 16000 }), {
      sent: { max_tokens: 16000, thinking: { type: 'enabled', budget_tokens: 4096 } },
      notApplied: [],
    });
  });

  it('a budget under 1024 is raised to 1024 and reported', () => {
    assert.deepEqual(knobs('anthropic', { budgetTokens: 256 }), {
      sent: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      notApplied: ['reasoning budget 256 tokens: Anthropic (OpenAI SDK compatibility) takes at least 1024, so 1024 was sent'],
    });
  });

  it('a budget not below max tokens is reported and thinking stays off', () => {
    assert.deepEqual(knobs('anthropic', { budgetTokens: 4096 }, { maxTokens: 4096 }), {
      sent: { max_tokens: 4096 },
      notApplied: ['reasoning budget 4096 tokens: Anthropic (OpenAI SDK compatibility) needs it below the max tokens (4096), so thinking stayed off'],
    });
  });

  it('fast mode: nothing to send, Claude thinks only with a budget', () => {
    assert.deepEqual(knobs('anthropic', { fastMode: true }), { sent: {}, notApplied: [] });
  });

  it('temperature: sent without thinking (capped at 1), reported with a budget', () => {
    assert.deepEqual(knobs('anthropic', {}, { temperature: 0.7 }), { sent: { temperature: 0.7 }, notApplied: [] });
    assert.deepEqual(knobs('anthropic', {}, { temperature: 1.5 }), {
      sent: { temperature: 1 },
      notApplied: ['temperature 1.5: Anthropic (OpenAI SDK compatibility) caps temperature at 1, so 1 was sent'],
    });
    assert.deepEqual(knobs('anthropic', { budgetTokens: 4096 }, { temperature: 0.7 }), {
      sent: { thinking: { type: 'enabled', budget_tokens: 4096 } },
      notApplied: ['temperature 0.7: Anthropic (OpenAI SDK compatibility) does not apply temperature while the model thinks (fast mode turns thinking off)'],
    });
  });

  it('returns no reasoning text', () => {
    assert.deepEqual(PROVIDER_PROFILES.anthropic.reasoningSources, []);
  });
});

describe('Gemini profile', () => {
  it('effort high: reasoning_effort', () => {
    assert.deepEqual(knobs('gemini', { effort: 'high' }), { sent: { reasoning_effort: 'high' }, notApplied: [] });
  });

  it('budget 4096: the Google thinking config with include_thoughts, in extra_body', () => {
    assert.deepEqual(knobs('gemini', { budgetTokens: 4096 }), {
      sent: { extra_body: { google: { thinking_config: { thinking_budget: 4096, include_thoughts: true } } } },
      notApplied: [],
    });
  });

  it('effort and budget: the budget only, the effort reported (they cannot go together)', () => {
    assert.deepEqual(knobs('gemini', { effort: 'high', budgetTokens: 4096 }), {
      sent: { extra_body: { google: { thinking_config: { thinking_budget: 4096, include_thoughts: true } } } },
      notApplied: ['effort high: Gemini (OpenAI compatibility) takes an effort or a token budget, and the budget was sent'],
    });
  });

  it('fast mode: reasoning_effort none', () => {
    assert.deepEqual(knobs('gemini', { fastMode: true }), { sent: { reasoning_effort: 'none' }, notApplied: [] });
  });

  it('temperature and top-p are sent as they are', () => {
    assert.deepEqual(knobs('gemini', {}, { temperature: 0.7, topP: 0.9 }), { sent: { temperature: 0.7, top_p: 0.9 }, notApplied: [] });
  });

  it('reads thoughts from <thought> tags, and escalation climbs the budget rather than repeating one request', () => {
    assert.deepEqual(PROVIDER_PROFILES.gemini.reasoningSources, ['thought-tags']);
    assert.deepEqual(reasoningLadder(getProviderProfile('gemini'), { effort: 'high', budgetTokens: 8192 }), [
      { budgetTokens: 1024 },
      { budgetTokens: 4096 },
      { effort: 'high', budgetTokens: 8192 },
    ]);
  });
});
