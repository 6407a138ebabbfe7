import { strict as assert } from 'node:assert';
import { customProfile, getProviderProfile, PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import { buildRequestKnobs, validateCompletionRequest } from '../../../src/engine/model/requestKnobs';
import { ModelError } from '../../../src/engine/model/types';
import type { CompletionRequest, ReasoningControls } from '../../../src/engine/model/types';

function req(reasoning: ReasoningControls, extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { messages: [{ role: 'user', content: 'x' }], n: 1, reasoning, ...extra };
}

describe('provider profiles', () => {
  it('describes each known server', () => {
    assert.deepEqual(Object.keys(PROVIDER_PROFILES).sort(), ['anthropic', 'azure', 'deepseek', 'gemini', 'lmstudio', 'ollama', 'openai', 'openrouter', 'replay', 'vllm', 'vscode-lm']);
    assert.equal(PROVIDER_PROFILES.openai.supportsN, true);
    assert.equal(PROVIDER_PROFILES.ollama.supportsN, false);
    assert.ok(PROVIDER_PROFILES.vllm.reasoningSources.includes('reasoning_content'));
    assert.equal(PROVIDER_PROFILES.openrouter.reasoningObject, true);
  });

  it('sends OpenAI and Azure through the Responses API, whose reasoning summaries arrive as reasoning text', () => {
    assert.equal(PROVIDER_PROFILES.openai.api, 'responses');
    assert.equal(PROVIDER_PROFILES.azure.api, 'responses');
    assert.deepEqual(PROVIDER_PROFILES.openai.reasoningSources, ['reasoning']);
    assert.equal(PROVIDER_PROFILES.vllm.api ?? 'chat', 'chat');
  });

  it('returns copies with overrides, so the shared table cannot be changed through them', () => {
    const profile = getProviderProfile('openai', { supportsSamplingParams: true });
    assert.equal(profile.supportsSamplingParams, true);
    profile.reasoningEfforts.push('high');
    assert.equal(PROVIDER_PROFILES.openai.supportsSamplingParams, false);
    assert.equal(PROVIDER_PROFILES.openai.reasoningEfforts.length, 5);
  });

  it('builds a conservative custom profile and refuses unknown ids clearly', () => {
    const custom = customProfile({ supportsN: true });
    assert.equal(custom.id, 'custom');
    assert.equal(custom.supportsN, true);
    assert.deepEqual(custom.reasoningEfforts, []);
    assert.equal(getProviderProfile('custom').supportsN, 'detect');
    assert.throws(() => getProviderProfile('mistral'), /Unknown provider profile "mistral". Use one of: openai, azure/);
  });
});

describe('buildRequestKnobs', () => {
  it('OpenAI: max_completion_tokens, reasoning_effort and n; temperature and top-p reported, not sent', () => {
    const knobs = buildRequestKnobs(getProviderProfile('openai'), req({ effort: 'low' }, { n: 4, maxTokens: 900, temperature: 0.7, topP: 0.9 }));
    assert.deepEqual(knobs.sent, { n: 4, max_completion_tokens: 900, reasoning_effort: 'low' });
    assert.deepEqual(knobs.notApplied, [
      'temperature 0.7: OpenAI reasoning models take only their default temperature',
      'top-p 0.9: OpenAI reasoning models take only their default top-p',
    ]);
  });

  it('OpenAI: fast mode becomes reasoning_effort none; a budget is not expressible', () => {
    const fast = buildRequestKnobs(getProviderProfile('openai'), req({ fastMode: true }));
    assert.deepEqual(fast.sent, { reasoning_effort: 'none' });
    const budget = buildRequestKnobs(getProviderProfile('openai'), req({ budgetTokens: 1000 }));
    assert.deepEqual(budget.sent, {});
    assert.deepEqual(budget.notApplied, ['reasoning budget 1000 tokens: OpenAI takes no reasoning-token budget']);
  });

  it('falls back to minimal effort for fast mode when none is not accepted', () => {
    const profile = getProviderProfile('openai', { reasoningEfforts: ['minimal', 'low', 'medium', 'high'] });
    assert.deepEqual(buildRequestKnobs(profile, req({ fastMode: true })).sent, { reasoning_effort: 'minimal' });
  });

  it('vLLM: enable_thinking false for fast mode, thinking budget in both fields, max_tokens and sampling', () => {
    const vllm = getProviderProfile('vllm');
    assert.deepEqual(buildRequestKnobs(vllm, req({ fastMode: true })).sent, { chat_template_kwargs: { enable_thinking: false } });
    const budget = buildRequestKnobs(vllm, req({ budgetTokens: 256, effort: 'medium' }, { maxTokens: 1024, temperature: 0.6, n: 8 }));
    assert.deepEqual(budget.sent, {
      n: 8,
      max_tokens: 1024,
      temperature: 0.6,
      reasoning_effort: 'medium',
      thinking_token_budget: 256,
      chat_template_kwargs: { thinking_budget: 256 },
    });
    assert.deepEqual(budget.notApplied, []);
  });

  it('fast mode overrides an effort and a budget and says so', () => {
    const knobs = buildRequestKnobs(getProviderProfile('vllm'), req({ fastMode: true, effort: 'high', budgetTokens: 64 }));
    assert.deepEqual(knobs.notApplied, [
      'effort high: fast mode turns thinking off instead',
      'reasoning budget 64 tokens: fast mode turns thinking off instead',
    ]);
  });

  it('Ollama: no n in the body (the client fans out), effort none for fast mode, unknown effort reported', () => {
    const ollama = getProviderProfile('ollama');
    const knobs = buildRequestKnobs(ollama, req({ effort: 'minimal' }, { n: 3 }));
    assert.deepEqual(knobs.sent, {});
    assert.deepEqual(knobs.notApplied, ['effort minimal: Ollama accepts none, low, medium, high']);
    assert.deepEqual(buildRequestKnobs(ollama, req({ fastMode: true })).sent, { reasoning_effort: 'none' });
  });

  it("OpenRouter: a reasoning object, and the budget wins over an effort (it takes one or the other)", () => {
    const openrouter = getProviderProfile('openrouter');
    assert.deepEqual(buildRequestKnobs(openrouter, req({ effort: 'high' })).sent, { reasoning: { effort: 'high' }, usage: { include: true } });
    const both = buildRequestKnobs(openrouter, req({ effort: 'high', budgetTokens: 2000 }));
    assert.deepEqual(both.sent, { reasoning: { max_tokens: 2000 }, usage: { include: true } });
    assert.deepEqual(both.notApplied, ['effort high: OpenRouter takes an effort or a token budget, and the budget was sent']);
  });

  it('custom profile: no way to think less is reported, never silently dropped', () => {
    const knobs = buildRequestKnobs(customProfile(), req({ fastMode: true }));
    assert.deepEqual(knobs.sent, {});
    assert.deepEqual(knobs.notApplied, ['fast mode: Custom OpenAI-compatible server has no way to turn thinking off']);
    const effort = buildRequestKnobs(customProfile(), req({ effort: 'low' }));
    assert.deepEqual(effort.notApplied, ['effort low: Custom OpenAI-compatible server takes no reasoning effort']);
  });
});

describe('buildRequestKnobs: typed capabilities, on a custom profile', () => {
  it('writes a budget into every field the profile names, with the fields that must go with it', () => {
    const profile = customProfile({
      supportsThinkingBudget: true,
      thinkingBudgetFields: ['thinking.budget_tokens', 'extra_body.google.thinking_config.thinking_budget'],
    });
    assert.deepEqual(buildRequestKnobs(profile, req({ budgetTokens: 2048 })).sent, {
      thinking: { type: 'enabled', budget_tokens: 2048 },
      extra_body: { google: { thinking_config: { include_thoughts: true, thinking_budget: 2048 } } },
    });
  });

  it('raises a budget below the minimum and says so; refuses one at or above the completion cap', () => {
    const profile = customProfile({ supportsThinkingBudget: true, minThinkingBudget: 1024, thinkingBudgetBelowMaxTokens: true });
    const raised = buildRequestKnobs(profile, req({ budgetTokens: 300 }));
    assert.deepEqual(raised.sent, { chat_template_kwargs: { thinking_budget: 1024 } });
    assert.deepEqual(raised.notApplied, ['reasoning budget 300 tokens: Custom OpenAI-compatible server takes at least 1024, so 1024 was sent']);
    const capped = buildRequestKnobs(profile, req({ budgetTokens: 300 }, { maxTokens: 1024 }));
    assert.deepEqual(capped.sent, { max_tokens: 1024 });
    assert.deepEqual(capped.notApplied, [
      'reasoning budget 300 tokens: Custom OpenAI-compatible server takes at least 1024, so 1024 was sent',
      'reasoning budget 1024 tokens: Custom OpenAI-compatible server needs it below the max tokens (1024), so thinking stayed off',
    ]);
  });

  it('sends sampling parameters only with thinking off when the server ignores them while thinking', () => {
    const profile = customProfile({ supportsEnableThinking: true, thinkingSwitch: 'thinking.type', thinksByDefault: true, samplingOffWhileThinking: true });
    const thinking = buildRequestKnobs(profile, req({}, { temperature: 0.5, topP: 0.9 }));
    assert.deepEqual(thinking.sent, {});
    assert.deepEqual(thinking.notApplied, [
      'temperature 0.5: Custom OpenAI-compatible server does not apply temperature while the model thinks (fast mode turns thinking off)',
      'top-p 0.9: Custom OpenAI-compatible server does not apply top-p while the model thinks (fast mode turns thinking off)',
    ]);
    const fast = buildRequestKnobs(profile, req({ fastMode: true }, { temperature: 0.5, topP: 0.9 }));
    assert.deepEqual(fast.sent, { temperature: 0.5, top_p: 0.9, thinking: { type: 'disabled' } });
    assert.deepEqual(fast.notApplied, []);
  });

  it('lowers a temperature above the cap to the cap and reports it', () => {
    const knobs = buildRequestKnobs(customProfile({ maxTemperature: 1 }), req({}, { temperature: 1.4 }));
    assert.deepEqual(knobs.sent, { temperature: 1 });
    assert.deepEqual(knobs.notApplied, ['temperature 1.4: Custom OpenAI-compatible server caps temperature at 1, so 1 was sent']);
  });

  it('fast mode needs no field where the model thinks only when asked to', () => {
    const knobs = buildRequestKnobs(customProfile({ thinksByDefault: false }), req({ fastMode: true }));
    assert.deepEqual(knobs, { sent: {}, notApplied: [] });
  });

  it('an effort-or-budget server gets the budget only; others get both', () => {
    const both = req({ effort: 'low', budgetTokens: 512 });
    const either = customProfile({ reasoningEfforts: ['low'], supportsThinkingBudget: true, effortOrBudget: true });
    assert.deepEqual(buildRequestKnobs(either, both).sent, { chat_template_kwargs: { thinking_budget: 512 } });
    const and = customProfile({ reasoningEfforts: ['low'], supportsThinkingBudget: true });
    assert.deepEqual(buildRequestKnobs(and, both).sent, { reasoning_effort: 'low', chat_template_kwargs: { thinking_budget: 512 } });
  });

  it('asks for the billed cost where the profile reports it', () => {
    assert.deepEqual(buildRequestKnobs(customProfile({ reportsCost: true }), req({})).sent, { usage: { include: true } });
  });
});

describe('validateCompletionRequest', () => {
  const bad: [string, CompletionRequest, RegExp][] = [
    ['no messages', { messages: [], n: 1, reasoning: {} }, /messages must be a non-empty list/],
    ['n = 0', req({}, { n: 0 }), /n must be a whole number from 1 to 128 \(got 0\)/],
    ['n = 2.5', req({}, { n: 2.5 }), /n must be a whole number/],
    ['temperature 3', req({}, { temperature: 3 }), /temperature must be from 0 to 2/],
    ['topP 0', req({}, { topP: 0 }), /topP must be above 0/],
    ['maxTokens -1', req({}, { maxTokens: -1 }), /maxTokens must be a positive whole number/],
    ['budget NaN', req({ budgetTokens: Number.NaN }), /reasoning.budgetTokens must be a positive whole number/],
    ['timeout 0', req({}, { timeoutMs: 0 }), /timeoutMs must be a positive number/],
  ];
  for (const [name, request, message] of bad) {
    it(`refuses ${name} with a bad-request error`, () => {
      assert.throws(
        () => validateCompletionRequest(request),
        (err: unknown) => err instanceof ModelError && err.kind === 'bad-request' && message.test(err.message),
      );
    });
  }

  it('accepts a full valid request', () => {
    assert.doesNotThrow(() => validateCompletionRequest(req({ effort: 'high', budgetTokens: 100 }, { n: 4, temperature: 0, topP: 1, maxTokens: 10, timeoutMs: 5 })));
  });
});
