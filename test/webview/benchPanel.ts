/*
 * Panel benchmark (not a test: it asserts nothing about speed, it measures).
 * Run: npx tsx test/webview/benchPanel.ts
 * Prints bundle sizes, first render of a large run, and streaming throughput in headless Chromium.
 */
import { build } from 'esbuild';
import { rmSync, statSync } from 'fs';
import os from 'os';
import path from 'path';
import type { HostToWebviewMessage } from '../../src/protocol';
import { finished, finishedRun, panelState } from './fixtures';
import { openPanel, settle, setUpHarness, tearDownHarness } from './harness';

const ROOT = path.resolve(__dirname, '../..');

async function productionBundleBytes(): Promise<number> {
  const outfile = path.join(os.tmpdir(), `best-of-n-panel-bench-${process.pid}.js`);
  await build({ entryPoints: [path.join(ROOT, 'webview-ui/main.ts')], outfile, bundle: true, minify: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'error' });
  try {
    return statSync(outfile).size;
  } finally {
    rmSync(outfile, { force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  await setUpHarness();
  try {
    console.log(`panel.js (minified): ${(await productionBundleBytes()) / 1000} kB; panel.css: ${statSync(path.join(ROOT, 'media/panel.css')).size / 1000} kB`);

    // A large run: 100 candidates with code and per-test results.
    const big = finishedRun();
    big.candidates = Array.from({ length: 100 }, (_, i) => finished(i + 1, i % 4, i % 3 === 0 ? 1 : 2));
    big.ranking = big.candidates.filter((c) => c.state === 'passed').map((c) => c.id);
    big.n = 100;
    const snapshot: HostToWebviewMessage = { type: 'state/snapshot', state: panelState({ run: big }) };
    const firstRender: number[] = [];
    for (let round = 0; round < 5; round++) {
      const panel = await openPanel(panelState());
      const ms = (await panel.page.evaluate(
        `(async () => { const t = performance.now(); window.postMessage(${JSON.stringify(snapshot)}, '*');
          await new Promise((r) => setTimeout(r, 0)); await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - t; })()`,
      )) as number;
      firstRender.push(ms);
      await panel.close();
    }
    console.log(`snapshot of 100 candidates → rendered: median ${median(firstRender).toFixed(1)} ms over ${firstRender.length} loads`);

    // Streaming: 2,000 deltas to the selected candidate with its reasoning open.
    const panel = await openPanel(panelState({ run: big }), { savedViewState: { runId: 'run-1', selectedId: 1, open: { reasoning: true } } });
    await settle(panel.page);
    const streamed = (await panel.page.evaluate(
      `(async () => { const t = performance.now(); let frames = 0; let counting = true;
        const tick = () => { frames++; if (counting) requestAnimationFrame(tick); }; requestAnimationFrame(tick);
        for (let i = 0; i < 2000; i++) {
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'candidate/delta', runId: 'run-1', candidateId: 1, reasoning: ' token' + i } }));
          if (i % 50 === 49) await new Promise((r) => setTimeout(r, 0));
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        counting = false;
        const text = document.querySelector('.section-reasoning pre').textContent;
        return { ms: performance.now() - t, frames, complete: text.endsWith(' token1999') }; })()`,
    )) as { ms: number; frames: number; complete: boolean };
    // The host sends the whole run on every candidate change: 100 such updates, one candidate changed each.
    const updates = big.candidates.map((_, i) => ({ type: 'run/updated', run: { ...big, candidates: big.candidates.map((x, j) => (j === i ? { ...x, latencyMs: (x.latencyMs ?? 0) + 1 } : x)) } }));
    const updated = (await panel.page.evaluate(
      `(async () => { const updates = ${JSON.stringify(updates)}; const t = performance.now();
        for (const data of updates) { window.dispatchEvent(new MessageEvent('message', { data })); await new Promise((r) => requestAnimationFrame(r)); }
        return performance.now() - t; })()`,
    )) as number;
    console.log(`100 whole-run updates of a 100-candidate run, one per frame: ${(updated / 100).toFixed(1)} ms per update`);
    console.log(`2,000 streamed deltas applied and rendered: ${streamed.ms.toFixed(0)} ms (${((2000 / streamed.ms) * 1000).toFixed(0)} deltas/s, ${streamed.frames} frames, complete: ${streamed.complete})`);
    await panel.close();
  } finally {
    await tearDownHarness();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
