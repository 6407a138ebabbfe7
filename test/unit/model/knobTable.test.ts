import { strict as assert } from 'node:assert';
import { getProviderProfile, PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import { buildRequestKnobs } from '../../../src/engine/model/requestKnobs';
import { buildResponsesKnobs } from '../../../src/engine/model/responsesRequest';
import { allProfiles, knobTable, SETTINGS } from '../../../scripts/knobTable';

/** The cells of a Markdown table row, with escaped pipes kept inside their cell. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/ (?<!\\)\| /)
    .map((c) => c.trim());
}

describe('knob table (npm run knobs)', () => {
  const table = knobTable(allProfiles()).split('\n');
  const header = cells(table[0] ?? '');

  it('has one row per built-in profile plus custom, each as wide as the header', () => {
    const rows = table.slice(2);
    assert.deepEqual(
      rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1]),
      [...Object.keys(PROVIDER_PROFILES), 'custom'],
    );
    for (const row of rows) assert.equal(cells(row).length, header.length, row);
    assert.deepEqual(header.slice(2, 5), ['effort high', 'budget 4096', 'fast mode']);
  });

  it('prints exactly what buildRequestKnobs sends, and why a control was not applied', () => {
    const row = cells(table.find((r) => r.startsWith('| `anthropic`')) ?? '');
    const anthropic = getProviderProfile('anthropic');
    SETTINGS.forEach(([, reasoning], i) => {
      const knobs = buildRequestKnobs(anthropic, { messages: [{ role: 'user', content: '…' }], n: 1, reasoning });
      assert.ok(row[2 + i]?.startsWith(`\`${JSON.stringify(knobs.sent)}\``), row[2 + i]);
      for (const reason of knobs.notApplied) assert.ok(row[2 + i]?.includes(reason), reason);
    });
    assert.equal(row[5], 'not returned');
  });

  it('says where reasoning and cost come back', () => {
    const gemini = cells(table.find((r) => r.startsWith('| `gemini`')) ?? '');
    assert.equal(gemini[5], '`<thought>` tags in the content');
    const openrouter = cells(table.find((r) => r.startsWith('| `openrouter`')) ?? '');
    assert.match(openrouter[5] ?? '', /^`reasoning_details`/);
    assert.match(openrouter[7] ?? '', /usage\.cost/);
  });

  it('spells a Responses profile with the Responses fields, and says when an API has no formatter', () => {
    const openai = getProviderProfile('openai');
    const row = cells(knobTable([openai]).split('\n')[2] ?? '');
    assert.equal(row[1], 'responses');
    assert.equal(row[2], `\`${JSON.stringify(buildResponsesKnobs(openai, { messages: [{ role: 'user', content: '…' }], n: 1, reasoning: { effort: 'high' } }).sent)}\``);
    assert.match(row[2] ?? '', /"reasoning":\{"effort":"high","summary":"auto"\}/);
    assert.match(row[6] ?? '', /output_tokens_details/);
    const fallback = cells(knobTable([openai], { chat: buildRequestKnobs }).split('\n')[2] ?? '');
    assert.match(fallback[1] ?? '', /no responses formatter yet/);
    assert.equal(fallback[2], `\`${JSON.stringify(buildRequestKnobs(openai, { messages: [{ role: 'user', content: '…' }], n: 1, reasoning: { effort: 'high' } }).sent)}\``);
  });
});
