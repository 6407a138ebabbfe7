// `npm run measure:activation`: the VSIX size and the extension's activation time in code-server,
// as VS Code itself measures it (Developer: Show Running Extensions → "Activation: N ms", from
// the extension host's activation times: code loading + activate()). Each round is a fresh
// code-server, so every activation is a first one. Writes test-results/integration/measurements.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from './driver/codeServer';
import { sleep } from './driver/processes';
import { RESULTS_DIR } from './driver/tools';
import { findFrame, openFile, openWorkbench, runCommand } from './driver/workbench';
import { SAMPLE_FILE, SAMPLE_WORKSPACE } from './sampleWorkspace';
import { packageVsix } from './vsix';

const ROUNDS = Number(process.env.ROUNDS ?? 3);

/** One fresh code-server: open the sample, activate Best-of-N through its panel command, read its activation time. */
async function measureOnce(vsixPath: string, round: number): Promise<number> {
  const server = await startCodeServer({ label: `activation-${round}`, workspaceSource: SAMPLE_WORKSPACE, vsixPaths: [vsixPath] });
  try {
    const workbench = await openWorkbench(server.workspaceUrl);
    try {
      const { page } = workbench;
      await openFile(page, SAMPLE_FILE);
      await runCommand(page, 'Best-of-N: Show Candidates Panel');
      // Let the panel finish loading first: a loading webview takes focus and would close the palette.
      await findFrame(page, '[data-role="empty-state"]', 60_000);
      await runCommand(page, 'Developer: Show Running Extensions');
      const list = page.locator('.runtime-extensions-editor .monaco-list');
      const row = list.locator('.monaco-list-row', { hasText: 'Best-of-N' });
      await list.waitFor({ timeout: 30_000 });
      const deadline = Date.now() + 60_000;
      let scroll = 0;
      while (Date.now() < deadline) {
        if ((await row.count()) > 0) {
          const text = (await row.first().locator('.activation-time').textContent()) ?? '';
          const match = /Activation:\s*([\d.]+)\s*ms/.exec(text);
          if (match !== null) return Number(match[1]);
        } else {
          // The list is virtualised: rows below the fold are not in the DOM until scrolled to.
          await list.hover();
          await page.mouse.wheel(0, scroll < 20 ? 300 : -6000);
          scroll = scroll < 20 ? scroll + 1 : 0;
        }
        await sleep(250);
      }
      throw new Error('Best-of-N never showed an activation time in Running Extensions');
    } finally {
      await workbench.close();
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const vsix = packageVsix();
  const times: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const ms = await measureOnce(vsix.path, round);
    console.log(`round ${round}: activation ${ms} ms`);
    times.push(ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const result = {
    vsixPath: vsix.path,
    vsixBytes: vsix.bytes,
    activationMs: times,
    activationMedianMs: median,
    measuredBy: 'VS Code Running Extensions (activation times of the code-server extension host), first activation per fresh code-server',
    command: 'npm run measure:activation',
  };
  writeFileSync(join(RESULTS_DIR, 'measurements.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`VSIX ${vsix.bytes} bytes (${(vsix.bytes / 1024 / 1024).toFixed(2)} MiB); activation median ${median} ms over ${times.length} fresh code-servers (${times.join(', ')} ms)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
