import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import type { ConfigurationReader } from '../../../src/vscode/settings';
import { readSettings, toSolveOptions } from '../../../src/vscode/settings';
import { SettingKey } from '../../../src/vscode/settingKeys';

interface SettingSchema {
  type: string;
  default: unknown;
  markdownDescription?: string;
  scope?: string;
  enum?: unknown[];
  enumDescriptions?: unknown[];
  items?: { enum?: unknown[] };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> }[] };
};
const schema: Record<string, SettingSchema> = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties));

function reader(values: Record<string, unknown>): ConfigurationReader {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

describe('settings', () => {
  it('declares every setting key in package.json with a default, a markdownDescription and a scope', () => {
    for (const key of Object.values(SettingKey)) {
      const s = schema[`bestOfN.${key}`];
      assert.ok(s, `bestOfN.${key} is missing from package.json`);
      assert.ok('default' in s, `bestOfN.${key} has no default`);
      assert.ok(s.markdownDescription && s.markdownDescription.length > 20, `bestOfN.${key} has no markdownDescription`);
      assert.ok(s.scope, `bestOfN.${key} has no scope`);
      if (s.enum) assert.equal(s.enumDescriptions?.length, s.enum.length, `bestOfN.${key} needs one enumDescription per value`);
    }
    assert.deepEqual(Object.keys(schema).sort(), Object.values(SettingKey).map((k) => `bestOfN.${k}`).sort(), 'package.json and SettingKey list the same settings');
  });

  it('never has a setting for the API key', () => {
    for (const key of Object.keys(schema)) assert.doesNotMatch(key, /key|secret|token$/i, `${key} looks like a secret`);
  });

  it('reads the package.json defaults as valid, and the same as reading nothing', () => {
    const defaults = Object.fromEntries(Object.entries(schema).map(([k, s]) => [k.slice('bestOfN.'.length), s.default]));
    const fromManifest = readSettings(reader(defaults));
    assert.deepEqual(fromManifest.problems, []);
    assert.deepEqual(fromManifest.settings, readSettings(reader({})).settings);
  });

  it("detects a custom server's n support by default, and still reads the old true/false", () => {
    const nOf = (value: unknown): unknown => readSettings(reader(value === undefined ? {} : { [SettingKey.customSupportsN]: value })).settings.provider.custom.supportsN;
    assert.equal(nOf(undefined), 'detect');
    assert.equal(nOf('yes'), true);
    assert.equal(nOf('no'), false);
    assert.equal(nOf(true), true);
    assert.equal(nOf(false), false);
    const bad = readSettings(reader({ [SettingKey.customSupportsN]: 'sometimes' }));
    assert.equal(bad.settings.provider.custom.supportsN, 'detect');
    assert.match(bad.problems.join('\n'), /provider\.custom\.supportsN must be one of detect, yes, no/);
  });

  it('reads valid values', () => {
    const { settings, problems } = readSettings(
      reader({
        [SettingKey.baseUrl]: ' http://127.0.0.1:8000/v1 ',
        [SettingKey.profile]: 'vllm',
        [SettingKey.count]: 12,
        [SettingKey.temperature]: 0.2,
        [SettingKey.effort]: 'low',
        [SettingKey.verifyTimeoutSeconds]: 5,
        [SettingKey.sandbox]: 'bubblewrap',
        [SettingKey.abstainPolicy]: 'best-partial',
        [SettingKey.customReasoningEfforts]: ['low', 'low', 'high'],
      }),
    );
    assert.deepEqual(problems, []);
    assert.equal(settings.provider.baseUrl, 'http://127.0.0.1:8000/v1');
    assert.equal(settings.provider.profile, 'vllm');
    assert.equal(settings.sampling.n, 12);
    assert.equal(settings.sampling.temperature, 0.2);
    assert.equal(settings.reasoning.effort, 'low');
    assert.equal(settings.verify.timeoutMs, 5000);
    assert.equal(settings.verify.sandbox, 'bubblewrap');
    assert.equal(settings.abstainPolicy, 'best-partial');
    assert.deepEqual(settings.provider.custom.reasoningEfforts, ['low', 'high']);
  });

  it('replaces each invalid value by its default and says which and why', () => {
    const { settings, problems } = readSettings(
      reader({
        [SettingKey.count]: 0,
        [SettingKey.concurrency]: 2.5,
        [SettingKey.temperature]: 'hot',
        [SettingKey.profile]: 'mistral',
        [SettingKey.baseUrl]: 'file:///etc/passwd',
        [SettingKey.fastMode]: 'yes',
        [SettingKey.customReasoningSources]: ['mind'],
        [SettingKey.waves]: 'some',
        [SettingKey.waveSize]: -1,
        [SettingKey.repair]: 'on',
        [SettingKey.escalate]: 1,
      }),
    );
    assert.equal(settings.sampling.waves, 'adaptive');
    assert.equal(settings.sampling.waveSize, 0);
    assert.equal(settings.sampling.repair, false);
    assert.equal(settings.reasoning.escalate, false, 'escalation is off unless the user turns it on');
    assert.equal(settings.sampling.n, 8);
    assert.equal(settings.sampling.concurrency, 4);
    assert.equal(settings.sampling.temperature, 0.8);
    assert.equal(settings.provider.profile, 'openai');
    assert.equal(settings.provider.baseUrl, 'https://api.openai.com/v1');
    assert.equal(settings.reasoning.fastMode, false);
    assert.equal(problems.length, 11);
    assert.ok(problems.some((p) => p.includes('bestOfN.sampling.waves') && p.includes('adaptive, all')));
    assert.ok(problems.some((p) => p.includes('bestOfN.sampling.waveSize') && p.includes('from 0 to 100')));
    assert.ok(problems.some((p) => p.includes('bestOfN.sampling.count') && p.includes('from 1 to 100')));
    assert.ok(problems.some((p) => p.includes('bestOfN.provider.profile') && p.includes('mistral')));
  });

  it('maps settings to engine options, leaving "0 = no limit" budgets out', () => {
    const { settings } = readSettings(reader({ [SettingKey.count]: 3, [SettingKey.concurrency]: 8, [SettingKey.budgetMaxTokens]: 0, [SettingKey.maxWallSeconds]: 0 }));
    const options = toSolveOptions(settings, getProviderProfile('openai'));
    assert.equal(options.sampling.n, 3);
    assert.equal(options.sampling.concurrency, 3, 'never more requests in flight than samples');
    assert.deepEqual(options.budgets, {});
    assert.deepEqual(options.reasoning, {}, 'effort "default" sends nothing');
    assert.equal(options.abstainPolicy, 'abstain');
    assert.equal(options.sampling.requestTimeoutMs, 120000);
    assert.equal(options.generatedTests?.count, 10, 'at least ten choices of model-written tests');
  });

  it('asks for as many choices of model-written tests as samples, and none when switched off', () => {
    const many = toSolveOptions(readSettings(reader({ [SettingKey.count]: 100 })).settings, getProviderProfile('openai'));
    assert.equal(many.generatedTests?.count, 100);
    const off = toSolveOptions(readSettings(reader({ [SettingKey.generatedTests]: false })).settings, getProviderProfile('openai'));
    assert.equal(off.generatedTests, undefined);
  });

  it('maps budgets, prices and reasoning controls when set', () => {
    const { settings } = readSettings(
      reader({
        [SettingKey.budgetMaxTokens]: 50000,
        [SettingKey.budgetMaxCostUsd]: 0.5,
        [SettingKey.promptPricePer1K]: 0.001,
        [SettingKey.maxWallSeconds]: 30,
        [SettingKey.effort]: 'high',
        [SettingKey.budgetTokens]: 1024,
        [SettingKey.fastMode]: true,
        [SettingKey.earlyStopAgreeing]: 0,
      }),
    );
    const options = toSolveOptions(settings, getProviderProfile('openai'));
    assert.deepEqual(options.budgets, { maxTokens: 50000, maxCostUsd: 0.5, prices: { promptPer1K: 0.001, completionPer1K: 0 }, maxWallMs: 30000 });
    assert.deepEqual(options.reasoning, { effort: 'high', budgetTokens: 1024, fastMode: true });
    assert.equal(options.earlyStopAgreeing, 0);
  });
});
