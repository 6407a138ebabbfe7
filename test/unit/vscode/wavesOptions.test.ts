import * as assert from 'node:assert/strict';
import { customProfile, getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { ConfigurationReader } from '../../../src/vscode/settings';
import { readSettings, toSolveOptions } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';

function options(values: Record<string, unknown>, profile = getProviderProfile('openai')): ReturnType<typeof toSolveOptions> {
  const reader: ConfigurationReader = { get: <T>(key: string) => values[key] as T | undefined };
  const { settings, problems } = readSettings(reader);
  assert.deepEqual(problems, []);
  return toSolveOptions(settings, profile);
}

describe('settings → sampling waves, repair and CoT escalation', () => {
  it('samples in growing adaptive waves by default, without repair and without a ladder when no effort is chosen', () => {
    const o = options({});
    assert.deepEqual(o.waves, { repair: false }, 'no size: the engine grows its waves');
    assert.equal(o.reasoningLadder, undefined, 'effort "default" on OpenAI: nothing to climb, nothing sent');
    assert.deepEqual(o.reasoning, {});
    assert.equal(o.sampling.n, 8, 'N stays the cap');
  });

  it('draws fixed waves of waveSize, and turns repair on', () => {
    assert.deepEqual(options({ [SettingKey.waveSize]: 4, [SettingKey.repair]: true }).waves, { size: 4, repair: true });
  });

  it('draws all N at once with waves "all": no waves, no repair, no ladder', () => {
    const o = options({ [SettingKey.waves]: 'all', [SettingKey.waveSize]: 4, [SettingKey.repair]: true, [SettingKey.effort]: 'high' });
    assert.equal(o.waves, undefined);
    assert.equal(o.reasoningLadder, undefined, 'the ladder climbs between waves, so it needs them');
    assert.deepEqual(o.reasoning, { effort: 'high' }, 'every request uses the chosen effort');
  });

  it('sends the chosen effort on every sample by default: escalation is off unless turned on', () => {
    const o = options({ [SettingKey.effort]: 'high' });
    assert.equal(o.reasoningLadder, undefined, 'no ladder: nothing starts lower than the choice');
    assert.deepEqual(o.reasoning, { effort: 'high' });
  });

  it('escalates through the efforts the profile takes, up to the chosen effort', () => {
    const openai = options({ [SettingKey.effort]: 'medium', [SettingKey.escalate]: true });
    assert.deepEqual(openai.reasoningLadder, [{ effort: 'none' }, { effort: 'minimal' }, { effort: 'low' }, { effort: 'medium' }]);
    assert.deepEqual(openai.reasoning, { effort: 'medium' }, 'the chosen setting stays the run\'s own (the ceiling)');
    const vllm = options({ [SettingKey.effort]: 'high', [SettingKey.profile]: 'vllm', [SettingKey.escalate]: true }, getProviderProfile('vllm'));
    assert.deepEqual(vllm.reasoningLadder, [{ effort: 'low' }, { effort: 'medium' }, { effort: 'high' }]);
  });

  it('escalates a thinking profile from no thinking through budgets to the chosen budget', () => {
    const o = options({ [SettingKey.budgetTokens]: 8192, [SettingKey.escalate]: true }, getProviderProfile('vllm'));
    assert.deepEqual(o.reasoningLadder, [{ fastMode: true }, { budgetTokens: 1024 }, { budgetTokens: 4096 }, { budgetTokens: 8192 }]);
  });

  it('passes no ladder for a profile with no reasoning control, or when escalation is off, or in fast mode', () => {
    assert.equal(options({ [SettingKey.effort]: 'high', [SettingKey.escalate]: true }, customProfile()).reasoningLadder, undefined, 'custom server without reasoning knobs');
    assert.equal(options({ [SettingKey.effort]: 'high', [SettingKey.escalate]: false }).reasoningLadder, undefined);
    assert.equal(options({ [SettingKey.effort]: 'high', [SettingKey.fastMode]: true, [SettingKey.escalate]: true }).reasoningLadder, undefined);
    assert.deepEqual(options({ [SettingKey.effort]: 'high', [SettingKey.escalate]: false }).waves, { repair: false }, 'waves stay on without escalation');
  });
});
