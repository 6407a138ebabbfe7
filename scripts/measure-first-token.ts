// `npx tsx scripts/measure-first-token.ts` (ROUNDS=3 by default): in code-server driven from
// headless Chromium, on a fresh copy of the demo workspace (the HumanEval sample) and the replay
// model server, the time from starting "Solve with Best-of-N" to (1) the run's first phase shown
// in the panel, (2) the first streamed token reaching the panel and (3) the first candidate row.
// Beside them, the baseline: the replay server alone, from request to first streamed chunk.
// Needs a VSIX (BEST_OF_N_IT_VSIX, else `npm run vsix` runs) and scripts/setup-code-server.sh.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { sleep } from '../test/integration/driver/processes';
import { RESULTS_DIR } from '../test/integration/driver/tools';
import { findFrame, goToLine, openFile, runCommand } from '../test/integration/driver/workbench';
import { SAMPLE_FILE, SAMPLE_WORKSPACE } from '../test/integration/sampleWorkspace';
import { startSession } from '../test/integration/ui/session';

interface PageTimes {
  phase?: number;
  phaseText?: string;
  token?: number;
  row?: number;
  finished?: number;
}

/**
 * Watches the panel page: run header text, streamed deltas (as the page receives them), rows.
 * Passed as source text: tsx wraps named functions in a helper the page does not have.
 */
const WATCH_PANEL = `(() => {
  const times = {};
  window.__firstTimes = times;
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (data && data.type === 'candidate/delta' && (data.content || data.reasoning) && times.token === undefined) times.token = Date.now();
  });
  new MutationObserver(() => {
    const status = (document.querySelector('[data-role="run-status"]') || {}).textContent || '';
    if (times.phase === undefined && status.startsWith('Running')) { times.phase = Date.now(); times.phaseText = status; }
    if (times.row === undefined && times.phase !== undefined && document.querySelector('[role="option"]')) times.row = Date.now();
    if (times.finished === undefined && times.phase !== undefined && status.startsWith('Finished')) times.finished = Date.now();
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

async function watchPanel(frame: Frame): Promise<void> {
  await frame.evaluate(WATCH_PANEL);
}

async function readTimes(frame: Frame): Promise<PageTimes> {
  return (await frame.evaluate('({ ...window.__firstTimes })')) as PageTimes;
}

/** The replay server alone: one streaming request for the sample, until the first chunk. */
async function baselineMs(baseUrl: string, model: string, prompt: string): Promise<number> {
  const started = Date.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, n: 1, messages: [{ role: 'user', content: `Complete this function:\n${prompt}` }] }),
  });
  if (!response.ok || !response.body) throw new Error(`replay server answered ${response.status}`);
  const reader = response.body.getReader();
  const first = await reader.read();
  const elapsed = Date.now() - started;
  await reader.cancel();
  if (first.done) throw new Error('the replay server streamed nothing');
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const rounds = Number(process.env.ROUNDS ?? 3);
  const source = readFileSync(join(SAMPLE_WORKSPACE, SAMPLE_FILE), 'utf8');
  const stubLine = source.split('\n').findIndex((t) => t.includes('raise NotImplementedError')) + 1;
  const session = await startSession({ label: 'measure-first-token', trusted: true });
  const results: { phaseMs: number; tokenMs: number; rowMs: number; baselineMs: number; phaseText: string }[] = [];
  try {
    const page = session.workbench.page;
    await openFile(page, SAMPLE_FILE);
    await runCommand(page, 'Best-of-N: Show Candidates Panel');
    const panel = await findFrame(page, '#app', 60_000);
    for (let round = 1; round <= rounds; round++) {
      const baseline = await baselineMs(session.model.baseUrl, session.model.model, source);
      await session.model.reset();
      await watchPanel(panel);
      await openFile(page, SAMPLE_FILE);
      await goToLine(page, stubLine, 5);
      let started = 0;
      await runCommand(page, 'Best-of-N: Solve with Best-of-N', () => {
        started = Date.now();
      });
      const deadline = Date.now() + 300_000;
      let times = await readTimes(panel);
      while (times.finished === undefined && Date.now() < deadline) {
        await sleep(250);
        times = await readTimes(panel);
      }
      if (times.phase === undefined || times.token === undefined || times.row === undefined) throw new Error(`round ${round}: not everything was seen: ${JSON.stringify(times)}`);
      results.push({ phaseMs: times.phase - started, tokenMs: times.token - started, rowMs: times.row - started, baselineMs: baseline, phaseText: times.phaseText ?? '' });
      console.log(`round ${round}: first phase ${times.phase - started} ms ("${times.phaseText}"), first token ${times.token - started} ms, first row ${times.row - started} ms; baseline ${baseline} ms`);
    }
  } finally {
    await session.close();
  }
  const line = (label: string, values: number[]): string => `${label.padEnd(48)} median ${String(median(values)).padStart(6)} ms   (${values.join(', ')})`;
  console.log(`\nSolve → panel, ${rounds} round(s), demo workspace (HumanEval sample, replay server):`);
  console.log(line('first visible phase (run header "Running…")', results.map((r) => r.phaseMs)));
  console.log(line('first streamed token reaches the panel', results.map((r) => r.tokenMs)));
  console.log(line('first candidate row visible', results.map((r) => r.rowMs)));
  console.log(line('baseline: replay server alone, first chunk', results.map((r) => r.baselineMs)));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'first-token.json'), JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
