// `npm run knobs` (or `npx tsx scripts/knobTable.ts`): prints a Markdown table of what every
// provider profile sends for three reasoning settings, and where the reasoning text, its token
// count and the cost come back. Generated from the profiles and the request builder themselves,
// so the table cannot drift from the code.
import { customProfile, PROVIDER_PROFILES } from '../src/engine/model/providerProfiles';
import { buildRequestKnobs } from '../src/engine/model/requestKnobs';
import { buildResponsesKnobs } from '../src/engine/model/responsesRequest';
import { languageModelKnobs } from '../src/vscode/languageModels/languageModelKnobs';
import type { AppliedKnobs, CompletionRequest, ProviderProfile, ReasoningControls, ReasoningSource } from '../src/engine/model/types';

/** Turns a request into the body fields one API spells it with, and what it could not express. */
export type BodyFormatter = (profile: ProviderProfile, request: CompletionRequest) => AppliedKnobs;

/** The APIs a profile can speak; `vscode.lm` is VS Code's Language Model API. */
export type ApiName = 'chat' | 'responses' | 'vscode.lm';

/**
 * One formatter per API: Chat Completions fields, and their Responses spelling
 * (`reasoning: { effort, summary }`, `max_output_tokens`). An API without one prints its
 * Chat Completions fields, and the API column says so.
 */
export const BODY_FORMATTERS: Readonly<Partial<Record<ApiName, BodyFormatter>>> = {
  chat: buildRequestKnobs,
  responses: (profile, request) => buildResponsesKnobs(profile, request),
  'vscode.lm': (_profile, request) => languageModelKnobs(request),
};

/** The reasoning settings the table compares, one column each. */
export const SETTINGS: readonly (readonly [string, ReasoningControls])[] = [
  ['effort high', { effort: 'high' }],
  ['budget 4096', { budgetTokens: 4096 }],
  ['fast mode', { fastMode: true }],
];

const SOURCE_TEXT: Readonly<Record<ReasoningSource, string>> = {
  reasoning: '`reasoning`',
  reasoning_content: '`reasoning_content`',
  reasoning_details: '`reasoning_details` (text and summaries)',
  'think-tags': '`<think>` tags in the content',
  'thought-tags': '`<thought>` tags in the content',
};

/** Every built-in profile, then `custom` with its defaults. */
export function allProfiles(): ProviderProfile[] {
  return [...Object.values(PROVIDER_PROFILES).map((p) => ({ ...p })), customProfile()];
}

/** The Markdown table for `profiles`, each cell built by the formatter of the profile's API. */
export function knobTable(profiles: readonly ProviderProfile[], formatters: Readonly<Partial<Record<ApiName, BodyFormatter>>> = BODY_FORMATTERS): string {
  const header = ['profile', 'API', ...SETTINGS.map(([name]) => name), 'reasoning text', 'reasoning tokens', 'cost'];
  const rows = profiles.map((profile) => {
    const api = apiOf(profile);
    const own = formatters[api];
    const format = own ?? formatters.chat ?? buildRequestKnobs;
    const apiCell = own === undefined ? `${api} (Chat Completions fields shown: no ${api} formatter yet)` : api;
    const cells = SETTINGS.map(([, reasoning]) => knobCell(format(profile, { messages: [{ role: 'user', content: '…' }], n: 1, reasoning })));
    return [`\`${profile.id}\` ${profile.label}`, apiCell, ...cells, reasoningTextCell(profile), reasoningTokensCell(profile), costCell(profile)];
  });
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.map(escapeCell).join(' | ')} |`).join('\n');
}

function apiOf(profile: ProviderProfile): ApiName {
  if (profile.id === 'vscode-lm') return 'vscode.lm';
  return profile.api ?? 'chat';
}

function knobCell(knobs: AppliedKnobs): string {
  const sent = `\`${JSON.stringify(knobs.sent)}\``;
  return knobs.notApplied.length === 0 ? sent : `${sent}<br>not applied: ${knobs.notApplied.join('; ')}`;
}

function reasoningTextCell(profile: ProviderProfile): string {
  if (profile.reasoningSources.length === 0) return 'not returned';
  return profile.reasoningSources.map((s) => SOURCE_TEXT[s]).join(', then ');
}

/** Mirrors `splitUsage`: the server's split when it sends one, else the reasoning text counted locally. */
function reasoningTokensCell(profile: ProviderProfile): string {
  if (apiOf(profile) === 'vscode.lm') return "the model's own `countTokens` of the thinking text";
  if (profile.reportsReasoningTokens === false) {
    return profile.reasoningSources.length === 0 ? 'not reported, and no reasoning text to count' : 'not reported; counted from the reasoning text';
  }
  const fallback = profile.reasoningSources.length === 0 ? 'otherwise unknown (no reasoning text to count)' : 'otherwise counted from the reasoning text';
  const field = apiOf(profile) === 'responses' ? 'usage.output_tokens_details.reasoning_tokens' : 'usage.completion_tokens_details.reasoning_tokens';
  return `\`${field}\`; ${fallback}`;
}

function costCell(profile: ProviderProfile): string {
  if (apiOf(profile) === 'vscode.lm') return 'none: the API reports no price';
  return profile.reportsCost === true ? 'billed `usage.cost` (asked for with `usage: { include: true }`)' : 'tokens × the price settings';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

if (require.main === module) {
  process.stdout.write('# What each provider profile sends\n\n');
  process.stdout.write('Body fields each profile\'s API sends for each reasoning setting (n 1, no token cap or sampling parameters), ');
  process.stdout.write('with the requested controls it cannot express; then where the answer\'s reasoning, its token count and its cost are read.\n\n');
  process.stdout.write(`${knobTable(allProfiles())}\n`);
}
