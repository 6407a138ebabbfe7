import type { ReasoningControls, ReasoningEffort } from '../engine/model/types';
import type { TokenPrices } from '../engine/options';
import type { ProviderId } from './settings';

/** One entry of `bestOfN.pool`, checked; what it leaves out comes from the provider and reasoning settings. */
export interface PoolEntrySetting {
  model: string;
  share: number;
  profile?: ProviderId;
  baseUrl?: string;
  label?: string;
  /** Present when the entry sets any of effort, budgetTokens or fastMode. */
  reasoning?: ReasoningControls;
  prices?: TokenPrices;
}

const FIELDS = new Set(['model', 'share', 'profile', 'baseUrl', 'label', 'effort', 'budgetTokens', 'fastMode', 'promptPricePer1K', 'completionPricePer1K']);

/**
 * Reads `bestOfN.pool`. An entry that cannot be used is left out with a problem naming it
 * and the field (shown when a run starts, like every other settings problem), so a typo
 * never silently turns a mixed run into a one-model run.
 */
export function readPoolSetting(raw: unknown, providerIds: readonly string[], efforts: readonly ReasoningEffort[]): { entries: PoolEntrySetting[]; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { entries: [], problems };
  if (!Array.isArray(raw)) return { entries: [], problems: [`bestOfN.pool must be a list of { "model", "share" } entries; got ${JSON.stringify(raw)}.`] };
  const entries = raw.flatMap((item: unknown, i): PoolEntrySetting[] => {
    const where = `bestOfN.pool[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${where} must be an object like { "model": "gpt-5-mini", "share": 4 }; got ${JSON.stringify(item)}.`);
      return [];
    }
    const e = item as Record<string, unknown>;
    const before = problems.length;
    const fail = (message: string): void => void problems.push(`${where}: ${message}`);
    for (const key of Object.keys(e)) if (!FIELDS.has(key)) fail(`unknown field "${key}" (fields: ${[...FIELDS].join(', ')}).`);
    if (typeof e['model'] !== 'string' || e['model'].trim() === '') fail('"model" must name a model.');
    if (typeof e['share'] !== 'number' || !Number.isInteger(e['share']) || e['share'] < 1) fail(`"share" must be a whole number of at least 1; got ${JSON.stringify(e['share'])}.`);
    if (e['profile'] !== undefined && !providerIds.includes(e['profile'] as string)) fail(`"profile" must be one of ${providerIds.join(', ')}; got ${JSON.stringify(e['profile'])}.`);
    if (e['baseUrl'] !== undefined && !isHttpUrl(e['baseUrl'])) fail(`"baseUrl" must be an http(s) URL; got ${JSON.stringify(e['baseUrl'])}.`);
    if (e['label'] !== undefined && typeof e['label'] !== 'string') fail('"label" must be text.');
    if (e['effort'] !== undefined && !efforts.includes(e['effort'] as ReasoningEffort)) fail(`"effort" must be one of ${efforts.join(', ')}; got ${JSON.stringify(e['effort'])}.`);
    if (e['budgetTokens'] !== undefined && !(Number.isInteger(e['budgetTokens']) && (e['budgetTokens'] as number) > 0)) fail('"budgetTokens" must be a positive whole number.');
    if (e['fastMode'] !== undefined && typeof e['fastMode'] !== 'boolean') fail('"fastMode" must be true or false.');
    for (const key of ['promptPricePer1K', 'completionPricePer1K']) {
      if (e[key] !== undefined && !(typeof e[key] === 'number' && Number.isFinite(e[key]) && e[key] >= 0)) fail(`"${key}" must be a price of 0 or more.`);
    }
    if (problems.length > before) return [];
    return [entryOf(e)];
  });
  return { entries, problems };
}

function entryOf(e: Record<string, unknown>): PoolEntrySetting {
  const reasoning: ReasoningControls = {
    ...(e['effort'] !== undefined ? { effort: e['effort'] as ReasoningEffort } : {}),
    ...(e['budgetTokens'] !== undefined ? { budgetTokens: e['budgetTokens'] as number } : {}),
    ...(e['fastMode'] === true ? { fastMode: true } : {}),
  };
  const hasReasoning = ['effort', 'budgetTokens', 'fastMode'].some((k) => e[k] !== undefined);
  const hasPrices = e['promptPricePer1K'] !== undefined || e['completionPricePer1K'] !== undefined;
  return {
    model: (e['model'] as string).trim(),
    share: e['share'] as number,
    ...(e['profile'] !== undefined ? { profile: e['profile'] as ProviderId } : {}),
    ...(e['baseUrl'] !== undefined ? { baseUrl: e['baseUrl'] as string } : {}),
    ...(e['label'] !== undefined ? { label: e['label'] as string } : {}),
    ...(hasReasoning ? { reasoning } : {}),
    ...(hasPrices ? { prices: { promptPer1K: (e['promptPricePer1K'] as number | undefined) ?? 0, completionPer1K: (e['completionPricePer1K'] as number | undefined) ?? 0 } } : {}),
  };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
