// `npm run test:integration`: package the extension, make sure code-server is installed, then
// run (1) the @vscode/test-electron-format suite inside code-server's extension host, trusted
// and untrusted, (2) the browser user-story tests (mocha + Playwright) and (3) packaging from a
// fresh clone. Each part prints mocha's own `N passing` / `N failing` lines; the exit code is
// non-zero if anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSuite } from './buildSuite';
import { startReplayServer } from './driver/modelServer';
import type { ModelServer } from './driver/modelServer';
import { REPO_ROOT, RESULTS_DIR } from './driver/tools';
import { runSuiteInCodeServer } from './runInCodeServer';
import { replayWorkspaceSettings, SAMPLE_WORKSPACE, SUITE_ENV } from './sampleWorkspace';
import { packageVsix } from './vsix';

/** A part that could not report through mocha still counts as a failure in the totals. */
function reportCrash(part: string, reason: string): void {
  console.log(`\n  ${part}: ${reason}\n\n  0 passing\n  1 failing\n`);
}

async function inHostSuites(vsixPath: string, model: ModelServer): Promise<boolean> {
  const suiteDir = await buildSuite();
  let ok = true;
  for (const trust of ['trusted', 'untrusted'] as const) {
    await model.reset();
    const label = `in-host-${trust}`;
    console.log(`\n== ${label}: the test-electron-format suite in code-server's extension host`);
    try {
      const result = await runSuiteInCodeServer({
        label,
        vsixPath,
        suiteDir,
        workspaceSource: SAMPLE_WORKSPACE,
        workspaceSettings: replayWorkspaceSettings(model.baseUrl, model.model),
        trust,
        env: SUITE_ENV,
        timeoutMs: 10 * 60_000,
      });
      process.stdout.write(result.report);
      if (result.exitCode === undefined) reportCrash(label, 'the extension host did not finish in time');
      else if (result.report === '') reportCrash(label, `the suite reported nothing (exit ${result.exitCode})`);
      if (result.exitCode !== 0) ok = false;
    } catch (error) {
      reportCrash(label, error instanceof Error ? (error.stack ?? error.message) : String(error));
      ok = false;
    }
  }
  return ok;
}

/** Mocha files run as their own process (tsx), with `env` added to the environment. */
function mochaPart(title: string, files: string, env: Record<string, string> = {}): Promise<boolean> {
  console.log(`\n== ${title}`);
  return new Promise((resolve) => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules', '.bin', 'mocha'),
      ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--reporter', 'spec', '--timeout', '600000', files],
      { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env, FORCE_COLOR: '0' } },
    );
    child.once('exit', (code) => resolve(code === 0));
  });
}

async function main(): Promise<number> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  console.log('== package: npm run vsix (production build + vsce)');
  const vsix = packageVsix();
  console.log(`VSIX: ${vsix.path} — ${vsix.bytes} bytes (${(vsix.bytes / 1024 / 1024).toFixed(2)} MiB), built by ${vsix.command}`);
  writeFileSync(join(RESULTS_DIR, 'vsix.json'), JSON.stringify(vsix, null, 2));

  console.log('\n== tools: scripts/setup-code-server.sh');
  const setup = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) {
    reportCrash('setup', 'scripts/setup-code-server.sh failed');
    return 1;
  }

  const model = await startReplayServer();
  let inHostOk = false;
  try {
    console.log(`replay model server at ${model.baseUrl}`);
    inHostOk = await inHostSuites(vsix.path, model);
  } finally {
    await model.stop();
  }
  const browserOk = await mochaPart('browser: the user story in code-server through headless Chromium', 'test/integration/ui/*.test.ts', { BEST_OF_N_IT_VSIX: vsix.path });
  const packagingOk = await mochaPart('packaging: npm run vsix from a fresh clone', 'test/integration/packaging/*.test.ts');
  return inHostOk && browserOk && packagingOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    reportCrash('integration', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
