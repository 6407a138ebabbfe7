import * as assert from 'node:assert/strict';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { PROVIDER_PROFILES } from '../../../src/engine/model/providerProfiles';
import type { SolveOptions } from '../../../src/engine/options';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import type { HostToWebviewMessage, PanelState } from '../../../src/protocol';
import { parseHostMessage } from '../../../src/protocolHostMessages';
import { PanelStore } from '../../../src/vscode/panelStore';
import { runSession } from '../../../src/vscode/runSession';
import { applyHostMessage } from '../../../webview-ui/store';
import { FakeVerifier } from '../../doubles/fakeVerifier';
import { emptyPanelState } from '../../doubles/panelState';
import { RecordingLog } from '../../doubles/recordingLog';
import { startScriptedModelServer, type ScriptedModelServer } from '../../doubles/scriptedModelServer';

const TEXT = 'def add(a, b):\n    raise NotImplementedError\n';
const task: Task = { workspaceRoot: '/ws', filePath: 'add.py', fileText: TEXT, range: { start: 0, end: TEXT.length }, targetKind: 'function', functionName: 'add', spec: 'add', testCommand: 'pytest', language: 'python' };
const REASONING = 'Add the two numbers and return the sum.';
const ANSWER = '```python\ndef add(a, b):\n    return a + b\n```';

// A dropped stream is retried by the model client, which then tells the listener to reset:
// the text streamed before the drop must not stay in front of the retry's text.
describe('streamed text after a retried stream', function () {
  this.timeout(30_000);
  let server: ScriptedModelServer;
  afterEach(async () => server?.close());

  it('the panel never shows the dropped attempt’s text in front of the retry’s', async () => {
    const reply = { content: ANSWER, reasoning_content: REASONING, chunkChars: 4, chunkDelayMs: 5 };
    server = await startScriptedModelServer([{ ...reply, dropAfterChunks: 6 }, reply]);
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'no-key', model: 'scripted', profile: PROVIDER_PROFILES.vllm });
    const verifier = new FakeVerifier((file) => ({ tests: { test_add: file.includes('return a + b') } }));
    const options: SolveOptions = {
      model,
      verifier,
      // The fake verifier cannot show a witness stub's error: no baseline in this flow test.
      baseline: false,
      sampling: { n: 1, concurrency: 1 },
      reasoning: {},
      budgets: {},
      earlyStopAgreeing: 0,
      abstainPolicy: 'abstain',
      verifyConcurrency: 1,
      promptTokenBudget: 2000,
      cheatsheetTokenBudget: 0,
    };
    const store = new PanelStore(emptyPanelState());
    // The webview's mirror, fed the very messages the panel would receive (validated as it does).
    let mirror: PanelState | null = emptyPanelState();
    const resets: HostToWebviewMessage[] = [];
    const streamed: { host: string; webview: string; reasoning: string }[] = [];
    store.onMessage((message) => {
      const parsed = parseHostMessage(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed, `a valid host message: ${message.type}`);
      mirror = applyHostMessage(mirror, parsed).state;
      if (message.type !== 'candidate/delta') return;
      if (message.reset) resets.push(message);
      const host = store.run?.candidates[0];
      const view = mirror?.run?.candidates[0];
      if (host && view) streamed.push({ host: host.content, webview: view.content, reasoning: view.reasoningText });
    });
    const run = await runSession({ solve, store, log: new RecordingLog(), now: Date.now }, task, options, new AbortController().signal);

    assert.equal(server.requests[0]?.outcome, 'dropped', 'the first stream was cut');
    assert.equal(resets.length, 1, 'one reset reached the panel');
    assert.ok(streamed.length > 6, 'text streamed before and after the drop');
    for (const s of streamed) {
      assert.ok(ANSWER.startsWith(s.host), `host text is a prefix of the answer, got ${JSON.stringify(s.host)}`);
      assert.ok(ANSWER.startsWith(s.webview), `panel text is a prefix of the answer, got ${JSON.stringify(s.webview)}`);
      assert.ok(REASONING.startsWith(s.reasoning), `reasoning is a prefix, got ${JSON.stringify(s.reasoning)}`);
    }
    assert.equal(streamed[streamed.length - 1]?.webview, ANSWER);
    assert.equal(run.candidates[0]?.state, 'passed');
    assert.equal(verifier.jobs.length, 1);
  });

});
