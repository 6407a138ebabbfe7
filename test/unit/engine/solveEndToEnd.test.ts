import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SolveEvent, SolveResult } from '../../../src/engine/events';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { Verifier } from '../../../src/engine/verify/types';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';
import { descendants } from './processTree';
import { HANGING_MEDIAN as HANGS, RIGHT_MEDIAN, WRONG_MEDIAN } from './medianAnswers';
import { options } from './solveHelpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const WORKSPACE = path.resolve(__dirname, '../../fixtures/workspaces/python-sample');
const STATS = readFileSync(path.join(WORKSPACE, 'stats.py'), 'utf8');

function medianTask() {
  return taskForFunction({ workspaceRoot: WORKSPACE, filePath: 'stats.py', fileText: STATS, functionName: 'median', testCommand: 'python3 -m pytest -q -p no:cacheprovider' });
}

describe('solve() end to end: real client → scripted HTTP server → real sandboxed pytest', function () {
  before(() => ensureLanguageLayer());

  this.timeout(90_000);
  let server: ScriptedModelServer | undefined;
  let verifier: Verifier | undefined;
  afterEach(async () => {
    await server?.close();
    await verifier?.dispose();
  });

  it('picks the correct median and rejects the wrong one', async () => {
    server = await startScriptedModelServer([{ content: WRONG_MEDIAN }, { content: `<think>sort first</think>${RIGHT_MEDIAN}` }, { content: RIGHT_MEDIAN.replace('ordered = sorted', '# copy\n    ordered = sorted') }]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    verifier = createVerifier({ sandbox: 'auto', timeoutMs: 60_000 });
    let result: SolveResult | undefined;
    for await (const e of solve(medianTask(), options(model, verifier, { sampling: { n: 3, concurrency: 1 } }), new AbortController().signal)) {
      if (e.type === 'run/finished') result = e.result;
    }
    assert.ok(result, 'the run finished');
    const [wrong, right, dup] = result.candidates;
    assert.equal(wrong.state, 'failed');
    assert.equal(wrong.verification?.total, 5);
    assert.ok((wrong.verification?.passed ?? 5) < 5);
    assert.equal(right.state, 'passed');
    assert.equal(right.verification?.passed, 5);
    assert.equal(right.reasoningText, 'sort first');
    assert.equal(dup.state, 'duplicate');
    assert.equal(result.choice?.candidateId, right.id);
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 3);
    // The workspace itself is never written.
    assert.equal(readFileSync(path.join(WORKSPACE, 'stats.py'), 'utf8'), STATS);
  });

  it('solves the JavaScript sample with `n` choices in one request and node --test', async () => {
    const jsRoot = path.resolve(__dirname, '../../fixtures/workspaces/js-sample');
    const fileText = readFileSync(path.join(jsRoot, 'slug.js'), 'utf8');
    const task = taskForFunction({ workspaceRoot: jsRoot, filePath: 'slug.js', fileText, functionName: 'slugify', testCommand: 'node --test', targetKind: 'body' });
    const right = "```js\nfunction slugify(title) {\n  return title\n    .normalize('NFKD')\n    .replace(/[\\u0300-\\u036f]/g, '')\n    .toLowerCase()\n    .replace(/[^a-z0-9]+/g, '-')\n    .replace(/^-+|-+$/g, '');\n}\n```";
    const wrong = "```js\n  return title.toLowerCase().split(' ').join('-');\n}\n```";
    server = await startScriptedModelServer([{ choices: [{ content: wrong }, { content: right }] }]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('vllm') });
    verifier = createVerifier({ sandbox: 'auto', timeoutMs: 60_000 });
    let result: SolveResult | undefined;
    for await (const e of solve(task, options(model, verifier, { sampling: { n: 2, concurrency: 1 } }), new AbortController().signal)) {
      if (e.type === 'run/finished') result = e.result;
    }
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 1);
    assert.deepEqual(result?.candidates.map((c) => c.state), ['failed', 'passed']);
    assert.equal(result?.candidates[1].verification?.total, 4);
    assert.equal(result?.choice?.candidateId, 2);
    assert.equal(result?.candidates[1].code?.split('\n')[0], '  return title');
  });

  it('cancels mid-run leaving no child processes and no temp dirs', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'solve-cancel-'));
    const savedTmp = process.env.TMPDIR;
    // The verifier makes its `best-of-n-*` dirs under os.tmpdir(), which follows TMPDIR.
    process.env.TMPDIR = tmp;
    try {
      server = await startScriptedModelServer([{ content: HANGS }, { content: RIGHT_MEDIAN, delayMs: 60_000 }]);
      const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'scripted', profile: getProviderProfile('ollama') });
      verifier = createVerifier({ sandbox: 'auto', timeoutMs: 60_000 });
      const controller = new AbortController();
      // The harness's own helpers (tsx's esbuild service) are not the run's.
      const before = new Set(descendants(process.pid));
      const events: SolveEvent[] = [];
      let runningAtCancel = 0;
      const started = Date.now();
      for await (const e of solve(medianTask(), options(model, verifier, { sampling: { n: 2, concurrency: 2 } }), controller.signal)) {
        events.push(e);
        // Cancel once the hanging candidate's test run has had time to start its processes.
        if (e.type === 'candidate/updated' && e.candidate.state === 'verifying') {
          setTimeout(() => {
            runningAtCancel = descendants(process.pid).filter((p) => !before.has(p)).length;
            controller.abort();
          }, 1500);
        }
      }
      const last = events[events.length - 1];
      assert.equal(last.type, 'run/finished');
      const result = last.type === 'run/finished' ? last.result : undefined;
      assert.equal(result?.stoppedBy, 'cancelled');
      assert.ok(result?.candidates.every((c) => c.state === 'cancelled'), JSON.stringify(result?.candidates.map((c) => c.state)));
      assert.ok(Date.now() - started < 30_000, 'cancellation did not wait for the 60 s timeouts');
      const left = descendants(process.pid).filter((p) => !before.has(p)).map((p) => { try { return p + ' ' + readFileSync('/proc/' + p + '/cmdline', 'utf8').replace(/\0/g, ' '); } catch { return p + ' gone'; } });
      assert.ok(runningAtCancel > 0, 'the test run was going when the run was cancelled');
      assert.deepEqual(left, []);
      assert.deepEqual(readdirSync(tmp).filter((n) => n.startsWith('best-of-n-')), []);
      // The slow request was aborted, not left to finish.
      const slow = await server.settled(1);
      assert.equal(slow.outcome, 'aborted');
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
