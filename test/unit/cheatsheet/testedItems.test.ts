import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCheatsheet, type Cheatsheet } from '../../../src/engine/cheatsheet/openCheatsheet';
import { itemsFromTests } from '../../../src/engine/cheatsheet/testedItems';
import type { Candidate } from '../../../src/engine/events';
import { ModelError } from '../../../src/engine/model/types';
import { CannedModelClient } from '../../doubles/cannedModelClient';
import { makeCandidate, makeResult, makeTask, verdict } from '../../fixtures/cheatsheet/builders';

const task = makeTask('count_primes', 'Count the primes below n.');
const signal = new AbortController().signal;
const SIGNATURE = 'def count_primes(x):';
const GOOD = '    return sum(1 for k in range(2, x) if all(k % d for d in range(2, k)))\n';
const offByOne = verdict([{ name: 'test_primes.py::test_two', message: 'assert count_primes(3) == 1\n where 2 = count_primes(3)' }], 3);
const noPrimes = verdict([{ name: 'test_primes.py::test_ten', message: 'assert 0 == 4' }, { name: 'test_primes.py::test_two', message: 'assert 0 == 1' }], 3);
const unavailable = new CannedModelClient([new ModelError('The model server refused the request (400): "cannot curate"', 'bad-request', 400)]);

function duplicateOf(id: number, of: number, itemIds: string[] = []): Candidate {
  return { ...makeCandidate(id, '', undefined, itemIds, 'duplicate'), duplicateOf: of };
}

function timedOut(id: number, votes: number): Candidate {
  return { ...makeCandidate(id, '    while True: pass\n', { ...verdict(), status: 'timeout', tests: [], passed: 0, total: 0, reason: 'killed after 60 s' }, []), votes };
}

describe('cheatsheet items from test outcomes (no model needed)', () => {
  let dir: string;
  let sheet: Cheatsheet;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tested-items-'));
    sheet = await openCheatsheet({ file: path.join(dir, 'cs.json'), mode: 'retrieval' });
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps the verified pick as a snippet and the largest rejected groups as pitfalls, even when the curator call fails', async () => {
    const result = makeResult([
      makeCandidate(1, GOOD, verdict([], 3), []),
      { ...makeCandidate(2, '    return x - 1\n', offByOne, []), votes: 3 },
      duplicateOf(3, 2),
      duplicateOf(4, 2),
      makeCandidate(5, '    return 0\n', noPrimes, []),
      timedOut(6, 2),
      duplicateOf(7, 6),
    ]);
    const report = await sheet.curate({ task, result, model: unavailable, signal });
    assert.match(report.reason ?? '', /curator call failed.*cannot curate/);
    assert.deepEqual(report.derived.map((i) => i.kind), ['snippet', 'pitfall', 'pitfall']);
    const [snippet, largest, second] = report.derived;
    assert.equal(snippet.text, `Verified by the tests (3 passed): \`count_primes\` (solution.py)\n\`\`\`python\n${SIGNATURE}\n${GOOD.trimEnd()}\n\`\`\``);
    // Group of three (with its duplicates) first, then the timeouts (two); the single all-zero candidate is left out.
    assert.equal(largest.text, 'Rejected by the tests: implementations of `count_primes` (solution.py) that fail test_primes.py::test_two — assert count_primes(3) == 1.');
    assert.match(second.text, /did not finish within the time limit/);
    assert.ok(report.derived.every((i) => i.origin === 'tests' && i.timesUsed === 0 && i.sourceTask === 'solution.py:count_primes — Count the primes below n.'));
    const reopened = await openCheatsheet({ file: path.join(dir, 'cs.json'), mode: 'retrieval' });
    assert.deepEqual(reopened.list().map((i) => [i.kind, i.origin]), [['snippet', 'tests'], ['pitfall', 'tests'], ['pitfall', 'tests']], 'saved with their origin');
  });

  it('are credited by the test outcomes of the runs that offer them', async () => {
    await sheet.curate({ task, result: makeResult([makeCandidate(1, GOOD, verdict(), []), makeCandidate(2, '    return 0\n', noPrimes, [])]), model: unavailable, signal });
    const offered = await sheet.retrieve(task, 800, signal);
    assert.deepEqual(offered.map((i) => i.kind).sort(), ['pitfall', 'snippet'], 'the same task is offered both');
    const ids = offered.map((i) => i.id);
    // The next run: two prompts offered them, one passed (and one copy of it), one failed.
    const next = makeResult([makeCandidate(1, GOOD, verdict(), ids), duplicateOf(2, 1, ids), makeCandidate(3, '    return x - 1\n', offByOne, ids)]);
    const report = await sheet.curate({ task, result: next, model: new CannedModelClient([new ModelError('down', 'server', 503)]), signal });
    assert.deepEqual(report.credited.map((c) => [c.used, c.helped]), [[3, 2], [3, 2]]);
    const reopened = await openCheatsheet({ file: path.join(dir, 'cs.json'), mode: 'retrieval' });
    for (const id of ids) {
      const item = reopened.list().find((i) => i.id === id);
      assert.deepEqual([item?.timesUsed, item?.timesHelped], [3, 2]);
    }
  });

  it('replaces the snippet of an older verified pick, keeps its credit, and does not repeat a pitfall', async () => {
    const first = makeResult([makeCandidate(1, GOOD, verdict(), []), makeCandidate(2, '    return 0\n', noPrimes, [])]);
    await sheet.curate({ task, result: first, model: unavailable, signal });
    const snippetId = sheet.list().find((i) => i.kind === 'snippet')?.id ?? '';
    sheet.credit(snippetId, 2, 2);
    const better = '    return len([k for k in range(2, x) if all(k % d for d in range(2, int(k ** 0.5) + 1))])\n';
    const second = makeResult([makeCandidate(1, better, verdict(), []), makeCandidate(2, '    return 0\n', noPrimes, [])]);
    const report = await sheet.curate({ task, result: second, model: unavailable, signal });
    assert.deepEqual(report.derived.map((i) => i.id), [snippetId], 'only the snippet changed');
    const snippets = sheet.list().filter((i) => i.kind === 'snippet');
    assert.equal(snippets.length, 1);
    assert.ok(snippets[0].text.includes(better.trim()));
    assert.deepEqual([snippets[0].timesUsed, snippets[0].timesHelped], [2, 2]);
    assert.equal(sheet.list().filter((i) => i.kind === 'pitfall').length, 1);
  });

  it('scrubs failure messages, leaves out a pick too long for one item, and keeps nothing from an unverified pick', () => {
    const key = 'sk-test-4f9d2c7a1b8e6f3d5c0a9b7e';
    const leaky = verdict([{ name: 'test_env', message: `assert os.environ['OPENAI_API_KEY'] == '${key}'` }]);
    const huge = `${'    total = 0\n'.repeat(300)}    return total\n`;
    const made = itemsFromTests(task, makeResult([makeCandidate(1, huge, verdict(), []), makeCandidate(2, 'x', leaky, [])]), { maxItemTokens: 300, secrets: [key] });
    assert.deepEqual(made.items.map((i) => i.kind), ['pitfall']);
    assert.ok(!made.items[0].text.includes(key), made.items[0].text);
    assert.match(made.skipped.join('\n'), /longer than one memory item/);
    const abstained = makeResult([makeCandidate(1, 'x', leaky, [])]);
    assert.deepEqual(itemsFromTests(task, abstained, { maxItemTokens: 300 }).items.map((i) => i.kind), ['pitfall'], 'no snippet without a verified pick');
  });
});
