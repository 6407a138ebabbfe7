import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SolveEvent, SolveResult } from '../../../src/engine/events';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import { targetText, type Task } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { LEDGER_PROJECT, materializeLedgerProject, materializeNodeTestProject, NODE_TEST_PROJECT, removeProject } from '../../fixtures/projects/materialize';
import { options } from '../engine/solveHelpers';
import { requireSandbox } from './helpers';

/** A test that runs after the text tests and fails if a candidate left a global behind in `ledger.text`. */
const NAMESPACE_TEST = `import ledger.text


def test_text_module_keeps_its_namespace():
    public = sorted(name for name in vars(ledger.text) if not name.startswith("_"))
    assert public == ["re", "slugify", "unicodedata"]
`;

const fence = (code: string): string => `\`\`\`python\n${code}\n\`\`\``;

async function run(task: Task, verifier: Verifier, server: ScriptedModelServer, n: number): Promise<{ events: SolveEvent[]; result: SolveResult }> {
  const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
  const events: SolveEvent[] = [];
  for await (const e of solve(task, options(model, verifier, { sampling: { n, concurrency: 1 }, verifyConcurrency: 1, baseline: true }), new AbortController().signal)) events.push(e);
  const last = events.at(-1);
  assert.equal(last?.type, 'run/finished', JSON.stringify(last));
  return { events, result: (last as Extract<SolveEvent, { type: 'run/finished' }>).result };
}

describe('relevant-test selection in a solve (real pytest and node --test under bubblewrap)', function () {
  this.timeout(300_000);
  let server: ScriptedModelServer | undefined;
  let verifier: Verifier | undefined;
  let dir: string | undefined;

  before(async function () {
    await requireSandbox(this);
  });
  afterEach(async () => {
    await server?.close();
    await verifier?.dispose();
    if (dir) await removeProject(dir);
    server = verifier = dir = undefined;
  });

  it('runs the related pytest cases per candidate, and passes over a pick that fails the whole command', async () => {
    dir = await materializeLedgerProject();
    await fs.writeFile(path.join(dir, 'tests/test_zz_namespace.py'), NAMESPACE_TEST);
    const fileText = await fs.readFile(path.join(dir, LEDGER_PROJECT.targetFile), 'utf8');
    const task = taskForFunction({ workspaceRoot: dir, filePath: LEDGER_PROJECT.targetFile, fileText, functionName: 'slugify', testCommand: LEDGER_PROJECT.testCommand });
    const original = targetText(task);
    // Passes every slug test, but leaves a module global behind: only the whole suite notices.
    const leaky = original.replace(/    return slug$/, '    global last_slug\n    last_slug = slug\n    return slug');
    assert.notEqual(leaky, original);
    server = await startScriptedModelServer([{ content: fence(leaky) }, { content: fence(leaky) }, { content: fence(original) }]);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 120_000 });
    const { events, result } = await run(task, verifier, server, 3);

    const baseline = events.find((e): e is Extract<SolveEvent, { type: 'run/baseline' }> => e.type === 'run/baseline')?.baseline;
    assert.equal(baseline?.testIds.length, LEDGER_PROJECT.testCount + 1);
    const selection = result.testSelection;
    assert.equal(selection?.mode, 'selected', selection?.reason);
    assert.deepEqual(baseline?.selection?.command, selection?.command);
    assert.match(selection?.command ?? '', /^python3 -m pytest -q 'tests\/test_text\.py::test_slugify' /);
    assert.ok(selection?.cases && selection.cases.selected > 40 && selection.cases.selected < 100, JSON.stringify(selection?.cases));

    const [leak, , right] = result.candidates;
    // The leaky candidate (two votes) was picked first, failed the whole command, and the next pick was confirmed.
    assert.deepEqual(selection?.confirmations.map((k) => [k.candidateId, k.status]), [[leak?.id, 'failed'], [right?.id, 'passed']]);
    assert.equal(leak?.state, 'failed');
    assert.match(leak?.verification?.reason ?? '', /passed the \d+ selected test cases, but the whole test command did not pass/);
    assert.equal(result.choice?.candidateId, right?.id);
    assert.match(result.choice?.reason ?? '', /Confirmed with the whole test command \(705\/705 tests\)\. #1 passed the selected tests but failed the whole command/);
    // The pick shows the whole run, canaries and all.
    assert.equal(right?.verification?.total, 705);
    assert.equal(right?.verification?.integrity?.canaries, 'ok');
  });

  it('node --test by file: a breaking candidate fails the selected file; the whole command confirms the right one', async () => {
    dir = await materializeNodeTestProject();
    const fileText = await fs.readFile(path.join(dir, NODE_TEST_PROJECT.targetFile), 'utf8');
    const task = taskForFunction({ workspaceRoot: dir, filePath: NODE_TEST_PROJECT.targetFile, fileText, functionName: 'satisfies', testCommand: NODE_TEST_PROJECT.testCommand });
    const original = targetText(task);
    const broken = original.replace(NODE_TEST_PROJECT.breakingEdit.find, NODE_TEST_PROJECT.breakingEdit.replace);
    const js = (code: string): string => `\`\`\`javascript\n${code}\n\`\`\``;
    server = await startScriptedModelServer([{ content: js(broken) }, { content: js(original) }]);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 120_000 });
    const { result } = await run(task, verifier, server, 2);
    assert.equal(result.testSelection?.mode, 'selected', result.testSelection?.reason);
    assert.equal(result.testSelection?.command, `node --test 'test/range.test.js'`);
    assert.deepEqual(result.testSelection?.cases, { selected: 3, whole: NODE_TEST_PROJECT.testCount });
    const [wrong, right] = result.candidates;
    assert.equal(wrong?.state, 'failed');
    assert.equal(wrong?.verification?.total, 3);
    assert.equal(result.choice?.candidateId, right?.id);
    assert.deepEqual(result.testSelection?.confirmations.map((k) => [k.candidateId, k.status, k.total]), [[right?.id, 'passed', NODE_TEST_PROJECT.testCount]]);
  });

  it('falls back to the whole command, saying why, when the tests that reach the target are not all related', async () => {
    dir = await materializeNodeTestProject();
    const fileText = await fs.readFile(path.join(dir, 'src/version.js'), 'utf8');
    // range.test.js reaches compareVersions through satisfies in another module: the parser does not see it, the witness does.
    const task = taskForFunction({ workspaceRoot: dir, filePath: 'src/version.js', fileText, functionName: 'compareVersions', testCommand: 'node --test' });
    server = await startScriptedModelServer([{ content: `\`\`\`javascript\n${targetText(task)}\n\`\`\`` }]);
    verifier = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 120_000 });
    const { result } = await run(task, verifier, server, 1);
    assert.equal(result.testSelection?.mode, 'whole');
    assert.match(result.testSelection?.reason ?? '', /3 tests that reach the target are not among the related tests/);
    assert.equal(result.candidates[0]?.verification?.total, NODE_TEST_PROJECT.testCount);
    assert.deepEqual(result.testSelection?.confirmations, []);
  });
});
