import assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { taskForFunction } from '../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../src/engine/model/providerProfiles';
import { solve } from '../../src/engine/solve';
import { createVerifier } from '../../src/engine/verify/createVerifier';
import type { Verifier } from '../../src/engine/verify/types';
import type { WebviewToHostMessage } from '../../src/protocol';
import type { PanelActions, WebviewLike } from '../../src/vscode/panelConnection';
import { PanelConnection } from '../../src/vscode/panelConnection';
import { PanelStore } from '../../src/vscode/panelStore';
import { runSession } from '../../src/vscode/runSession';
import { installWebviewApi } from '../doubles/fakePanelHost';
import { emptyPanelState } from '../doubles/panelState';
import { RecordingLog } from '../doubles/recordingLog';
import type { ScriptedModelServer } from '../doubles/scriptedModelServer';
import { startScriptedModelServer } from '../doubles/scriptedModelServer';
import { options as solveOptions } from '../unit/engine/solveHelpers';
import { sampleCode, TARGET_TEXT, VISIBLE_ASSERTS } from './fixtures';
import type { LoadedPage } from './harness';
import { loadPanelPage, SCREENSHOTS, settle } from './harness';
import { ensureLanguageLayer } from '../../src/engine/language/registry';

/*
 * The panel against the real host side: the engine's solve() with the real OpenAI client
 * over loopback HTTP to the scripted model server (replying with real CodeGen-16B samples),
 * real pytest in the sandboxed verifier, and the adapter's run session, store and panel
 * connection — everything but VS Code itself.
 */

/** Records what the panel asked the host to do. */
class RecordedActions implements PanelActions {
  readonly calls: WebviewToHostMessage[] = [];
  async start(): Promise<void> {
    this.calls.push({ type: 'run/start' });
  }
  cancel(runId: string): void {
    this.calls.push({ type: 'run/cancel', runId });
  }
  async rerun(runId: string): Promise<void> {
    this.calls.push({ type: 'run/rerun', runId });
  }
  async accept(runId: string, candidateId: number): Promise<void> {
    this.calls.push({ type: 'candidate/accept', runId, candidateId });
  }
  async openDiff(runId: string, candidateId: number): Promise<void> {
    this.calls.push({ type: 'candidate/openDiff', runId, candidateId });
  }
  async updateControl(update: Extract<WebviewToHostMessage, { type: 'controls/update' }>): Promise<void> {
    this.calls.push(update);
  }
  async memory(message: Extract<WebviewToHostMessage, { type: `memory/${string}` }>): Promise<void> {
    this.calls.push(message);
  }
  async executeCommand(command: Extract<WebviewToHostMessage, { type: 'command/execute' }>['command']): Promise<void> {
    this.calls.push({ type: 'command/execute', command });
  }
}

const fenced = (code: string): string => `Here is the implementation:\n\`\`\`python\n${code}\`\`\`\n`;

describe('panel end to end with the real engine and host store', function () {
  before(() => ensureLanguageLayer());

  this.timeout(120_000);
  let workspace: string | undefined;
  let server: ScriptedModelServer | undefined;
  let verifier: Verifier | undefined;
  let loaded: LoadedPage | undefined;
  let connection: PanelConnection | undefined;

  afterEach(async () => {
    connection?.dispose();
    await loaded?.close();
    await server?.close();
    await verifier?.dispose();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('streams a real run into the panel, shows real pytest results, and posts Accept to the host', async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'best-of-n-panel-e2e-'));
    const fileText = `from typing import List\n\n\n${TARGET_TEXT}`;
    writeFileSync(path.join(workspace, 'solution.py'), fileText);
    const testFile = VISIBLE_ASSERTS.map((assertion, i) => `def test_docstring_example_${i + 1}():\n    ${assertion}\n`).join('\n');
    writeFileSync(path.join(workspace, 'test_solution.py'), `from solution import has_close_elements\n\n\n${testFile}`);

    // Real samples: #0 is right, #11 fails one example, #0 again is a duplicate, #15 fails both.
    server = await startScriptedModelServer(
      [
        { content: fenced(sampleCode(0)), reasoning: 'Compare every pair.', chunkDelayMs: 5 },
        { content: fenced(sampleCode(11)), delayMs: 300 },
        { content: fenced(sampleCode(0)), delayMs: 600 },
        { content: fenced(sampleCode(15)), delayMs: 900 },
      ],
      { whenExhausted: 'error' },
    );
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: '', model: 'codegen-16b-replay', profile: getProviderProfile('ollama') });
    verifier = createVerifier({ sandbox: 'auto', timeoutMs: 60_000 });
    const task = taskForFunction({ workspaceRoot: workspace, filePath: 'solution.py', fileText, functionName: 'has_close_elements', testCommand: 'python3 -m pytest -q -p no:cacheprovider' });
    const options = solveOptions(model, verifier, { sampling: { n: 4, concurrency: 2, temperature: 0.8 }, reasoning: { effort: 'low' } });

    const store = new PanelStore(emptyPanelState());
    const actions = new RecordedActions();
    const log = new RecordingLog();
    let deliver: ((data: unknown) => Promise<void>) | undefined;
    loaded = await loadPanelPage(async (page) => {
      const listeners: ((data: unknown) => unknown)[] = [];
      const webview: WebviewLike = {
        postMessage: async (message) => {
          await page.evaluate((m) => window.postMessage(m, '*'), message);
          return true;
        },
        onDidReceiveMessage: (listener) => {
          listeners.push(listener);
          return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
        },
      };
      connection = new PanelConnection(webview, store, actions, (level, line) => log[level](line));
      deliver = async (data) => {
        for (const listener of listeners) await listener(data);
      };
      await installWebviewApi(page, { onMessage: (data) => deliver?.(data) });
    });
    const { page } = loaded;
    await page.waitForSelector('#app[aria-busy="false"]');

    let midRunShot = false;
    const final = await runSession(
      {
        solve,
        store,
        log,
        now: () => Date.now(),
        onUpdate: (run) => {
          if (!midRunShot && run.candidates.some((c) => c.state === 'passed') && run.status === 'running') {
            midRunShot = true;
            void settle(page).then(() => page.screenshot({ path: path.join(SCREENSHOTS, 'e2e-mid-run.png'), fullPage: true }));
          }
        },
      },
      task,
      options,
      new AbortController().signal,
    );
    await settle(page);
    await page.waitForFunction(() => document.querySelector('[data-role="run-status"]')?.textContent?.startsWith('Finished'));

    assert.strictEqual(final.status, 'finished');
    // Two sampling loops race for the scripted replies after the first, so only #1's reply is
    // fixed: the others' ids depend on which request reaches the server first.
    // One row per behaviour, best first: the pick's group (with its duplicate), the near miss, the miss.
    const groupStates = await page.$$eval('.candidate [data-role="state"]', (e) => e.map((x) => x.textContent ?? ''));
    assert.deepStrictEqual(groupStates, ['passed 2/2', 'failed 1/2', 'failed 0/2']);
    await page.click('button:has-text("Show 1 other")');
    const states = await page.$$eval('.candidate [data-role="state"]', (e) => e.map((x) => x.textContent ?? ''));
    // Which of the two identical samples is the original depends on which finished first.
    const pick = Number((await page.$eval('[role="option"]:has(.badge.chosen)', (e) => e.id)).replace('candidate-', ''));
    assert.strictEqual(pick, final.choice?.candidateId);
    assert.deepStrictEqual(states.slice(0, 2), ['passed 2/2', `duplicate of #${pick}`], JSON.stringify(states));
    const nearMiss = Number((await page.$eval('.group-behaviour[data-group="2"] [role="option"]', (e) => e.id)).replace('candidate-', ''));
    assert.match(await page.$eval('#details-title', (e) => e.textContent ?? ''), new RegExp(`Candidate #${pick} — passed 2/2`));
    const testRows = await page.$$eval('ul.tests li', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.strictEqual(testRows.length, 2);
    assert.ok(testRows.every((r) => r.includes('passed')), testRows.join('\n'));
    const thinker = final.candidates.find((c) => c.reasoningText === 'Compare every pair.');
    assert.ok(thinker, 'the streamed reasoning reached the run view');
    await page.click(`#candidate-${thinker.id}`);
    await page.click('.section-reasoning summary');
    assert.strictEqual(await page.$eval('.section-reasoning pre', (e) => e.textContent), 'Compare every pair.');
    await page.click(`#candidate-${nearMiss}`);
    await page.click('summary:has-text("Test output")');
    assert.match(await page.$eval('.section-output pre', (e) => e.textContent ?? ''), /1 failed, 1 passed/);
    assert.match(await page.$eval('[data-role="totals"]', (e) => e.textContent ?? ''), /Samples4 of 4/);
    await page.click(`#candidate-${pick}`);
    await page.click('[data-role="pick"] button:has-text("Accept")');
    await settle(page);
    assert.deepStrictEqual(actions.calls.filter((c) => c.type === 'candidate/accept'), [{ type: 'candidate/accept', runId: final.runId, candidateId: pick }]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'e2e-finished.png'), fullPage: true });
    assert.strictEqual(readFileSync(path.join(workspace, 'solution.py'), 'utf8'), fileText, 'the workspace file is never written by a run');
    assert.deepStrictEqual(loaded.pageErrors, []);
    assert.deepStrictEqual(await loaded.cspViolations(), []);
    assert.ok(!log.lines.some((l) => l.includes('Ignored an invalid message')), log.lines.join('\n'));
  });
});
