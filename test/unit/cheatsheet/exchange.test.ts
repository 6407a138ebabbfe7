import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import { CannedModelClient } from '../../doubles/cannedModelClient';
import { makeCandidate, makeResult, makeTask, verdict } from '../../fixtures/cheatsheet/builders';

describe('cheatsheet export, import and scopes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cheatsheet-exchange-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('exports items with their counters and imports them into another memory', async () => {
    const source = await openCheatsheet({ file: path.join(dir, 'a.json'), mode: 'cumulative' });
    const item = source.add({ kind: 'snippet', text: 'from collections import Counter', sourceTask: 'a.py:f' });
    source.credit(item.id, 4, 3);
    source.setPinned(item.id, true);
    await source.commit();
    const exported = source.exportJson();
    assert.match(exported, /"format": "best-of-n-cheatsheet"/);

    const target = await openCheatsheet({ file: path.join(dir, 'b.json'), mode: 'cumulative' });
    target.add({ kind: 'strategy', text: 'already here', sourceTask: 't' });
    await target.commit();
    assert.deepEqual(await target.importJson(exported), { imported: 1, skipped: 0 });
    const imported = target.list().find((i) => i.text === 'from collections import Counter');
    assert.equal(imported?.timesUsed, 4);
    assert.equal(imported?.timesHelped, 3);
    assert.equal(imported?.pinned, true);
    assert.deepEqual(await target.importJson(exported), { imported: 0, skipped: 1 }, 'same text again is skipped');
    const reopened = await openCheatsheet({ file: path.join(dir, 'b.json'), mode: 'cumulative' });
    assert.equal(reopened.list().length, 2);
  });

  it('gives an imported item a fresh id when its id is taken by a different item', async () => {
    const sheet = await openCheatsheet({ file: path.join(dir, 'a.json'), mode: 'cumulative' });
    const mine = sheet.add({ kind: 'strategy', text: 'mine', sourceTask: 't' });
    await sheet.commit();
    const clash = JSON.stringify({ schemaVersion: 1, items: [{ ...mine, text: 'theirs', scope: undefined }] });
    await sheet.importJson(clash);
    const ids = sheet.list().map((i) => i.id);
    assert.equal(new Set(ids).size, 2);
    assert.equal(sheet.list().find((i) => i.id === mine.id)?.text, 'mine');
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', 'hello', /not JSON/],
    ['another format', '{"format": "something-else", "schemaVersion": 1, "items": []}', /unknown format/],
    ['no items', '{"schemaVersion": 1}', /needs "schemaVersion" and "items"/],
    ['a newer schema', '{"schemaVersion": 99, "items": []}', /schema version 99/],
    ['one invalid item among valid ones', JSON.stringify({ schemaVersion: 1, items: [
      { id: 'ok', kind: 'strategy', text: 'fine', sourceTask: '', timesUsed: 0, timesHelped: 0, lastUsed: '2026-01-01T00:00:00Z', tokens: 1, pinned: false },
      { id: 'bad', kind: 'strategy', text: 'helped more than used', sourceTask: '', timesUsed: 1, timesHelped: 2, lastUsed: '2026-01-01T00:00:00Z', tokens: 1, pinned: false },
    ] }), /nothing imported; 1 invalid item.*timesHelped exceeds timesUsed/],
  ];
  for (const [what, text, reason] of bad) {
    it(`refuses an import with ${what} and changes nothing`, async () => {
      const sheet = await openCheatsheet({ file: path.join(dir, 'a.json'), mode: 'cumulative' });
      sheet.add({ kind: 'strategy', text: 'keep me', sourceTask: 't' });
      await sheet.commit();
      const before = await fs.readFile(path.join(dir, 'a.json'), 'utf8');
      await assert.rejects(sheet.importJson(text), reason);
      assert.deepEqual(sheet.list().map((i) => i.text), ['keep me']);
      assert.equal(await fs.readFile(path.join(dir, 'a.json'), 'utf8'), before);
    });
  }

  it('reads workspace and global memories together and writes new items to the chosen scope', async () => {
    const globalFile = path.join(dir, 'global.json');
    const first = await openCheatsheet({ file: path.join(dir, 'ws.json'), globalFile, writeScope: 'global', mode: 'retrieval' });
    const shared = first.add({ kind: 'strategy', text: 'Euclid gcd: while b: a, b = b, a % b', sourceTask: 'x.py:lcm' });
    assert.equal(shared.scope, 'global');
    await first.commit();
    const other = await openCheatsheet({ file: path.join(dir, 'other-ws.json'), globalFile, mode: 'retrieval' });
    const local = other.add({ kind: 'pitfall', text: 'gcd of 0 and 0 is 0 here', sourceTask: 'y.py:gcd' });
    assert.equal(local.scope, 'workspace');
    await other.commit();
    const items = await other.port.retrieve(makeTask('gcd', 'Greatest common divisor of a and b.'), 500, new AbortController().signal);
    assert.deepEqual(items.map((i) => i.scope).sort(), ['global', 'workspace']);
    const merged = other.merge([shared.id, local.id], { kind: 'strategy', text: 'gcd via Euclid; gcd(0, 0) is 0', sourceTask: 'y.py:gcd' });
    await other.commit();
    assert.equal(merged.scope, 'workspace');
    assert.deepEqual(other.list().map((i) => i.text), ['gcd via Euclid; gcd(0, 0) is 0']);
    const globalAfter = await openCheatsheet({ file: globalFile, scope: 'global', mode: 'cumulative' });
    assert.deepEqual(globalAfter.list(), [], 'the merged part left the global file');
    assert.equal(other.clear(), 1);
    await other.commit();
    assert.deepEqual(other.list(), []);
  });

  it('keeps curation away from a read-only file and offers its items all the same', async () => {
    const globalFile = path.join(dir, 'global.json');
    const frozen = { id: 'cs-frozen', kind: 'strategy', text: 'Euclid gcd from a newer version', sourceTask: 't', timesUsed: 1, timesHelped: 1, lastUsed: '2026-01-01T00:00:00Z', tokens: 1, pinned: false };
    const newer = JSON.stringify({ schemaVersion: 2, scope: 'global', items: [frozen] });
    await fs.writeFile(globalFile, newer);
    const sheet = await openCheatsheet({ file: path.join(dir, 'ws.json'), globalFile, mode: 'retrieval' });
    const task = makeTask('gcd', 'Greatest common divisor by Euclid.');
    const offered = await sheet.port.retrieve(task, 500, new AbortController().signal);
    assert.deepEqual(offered.map((i) => i.id), ['cs-frozen']);
    const result = makeResult([makeCandidate(1, 'def gcd(a, b): ...', verdict(), ['cs-frozen'])]);
    const deleting = await sheet.curate({ task, result, model: new CannedModelClient(['{"operations": [{"op": "delete", "id": "cs-frozen"}]}']), signal: new AbortController().signal });
    assert.match(deleting.reason ?? '', /unknown id/);
    assert.deepEqual(deleting.credited, [], 'no credit written to a read-only file');
    const adding = await sheet.curate({ task, result, model: new CannedModelClient(['{"operations": [{"op": "add", "kind": "snippet", "text": "math.gcd exists"}]}']), signal: new AbortController().signal });
    assert.equal(adding.applied, true);
    assert.equal(adding.added[0].scope, 'workspace');
    assert.equal(await fs.readFile(globalFile, 'utf8'), newer);

    const globalOnly = await openCheatsheet({ file: globalFile, scope: 'global', mode: 'retrieval' });
    const refused = await globalOnly.curate({ task, result, model: new CannedModelClient([]), signal: new AbortController().signal });
    assert.match(refused.reason ?? '', /read-only/);
    assert.equal(refused.curatorCalled, false);
  });

  it('caps retrieval at the configured token budget', async () => {
    const sheet = await openCheatsheet({ file: path.join(dir, 'a.json'), mode: 'cumulative', tokenBudget: 30 });
    for (let i = 0; i < 10; i++) sheet.add({ kind: 'strategy', text: `advice number ${i} about loops`, sourceTask: 't' });
    const items = await sheet.port.retrieve(makeTask('f', 'loops'), 10_000, new AbortController().signal);
    assert.ok(items.length > 0);
    assert.ok(items.reduce((s, i) => s + i.tokens, 0) <= 30);
  });
});
