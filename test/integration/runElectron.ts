// Runner one: the same in-host suite under @vscode/test-electron, for machines that can download
// VS Code (set VSCODE_TEST_VERSION to pin one; default stable). CI here uses runInCodeServer.ts
// instead, since nothing can be downloaded. Run: npx tsx test/integration/runElectron.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './buildSuite';
import { startReplayServer } from './driver/modelServer';
import { copyWorkspace, writeUserSettings } from './driver/profile';
import { REPO_ROOT } from './driver/tools';
import { replayWorkspaceSettings, SAMPLE_WORKSPACE, SUITE_ENV } from './sampleWorkspace';

async function main(): Promise<number> {
  execFileSync(process.execPath, [join(REPO_ROOT, 'esbuild.js')], { cwd: REPO_ROOT, stdio: 'inherit' });
  const suiteDir = await buildSuite();
  const model = await startReplayServer();
  let failed = 0;
  try {
    for (const trust of ['trusted', 'untrusted'] as const) {
      await model.reset();
      const root = mkdtempSync(join(tmpdir(), `best-of-n-electron-${trust}-`));
      try {
        const workspaceDir = join(root, basename(SAMPLE_WORKSPACE));
        const userDataDir = join(root, 'user-data');
        copyWorkspace(SAMPLE_WORKSPACE, workspaceDir, replayWorkspaceSettings(model.baseUrl, model.model));
        writeUserSettings(userDataDir, trust === 'trusted');
        const code = await runTests({
          ...(process.env.VSCODE_TEST_VERSION ? { version: process.env.VSCODE_TEST_VERSION } : {}),
          // The repository itself is the extension under development (dist/ from the build above).
          extensionDevelopmentPath: REPO_ROOT,
          extensionTestsPath: join(suiteDir, 'index.js'),
          extensionTestsEnv: { ...SUITE_ENV, BEST_OF_N_IT_TRUST: trust },
          launchArgs: [
            workspaceDir,
            `--user-data-dir=${userDataDir}`,
            `--extensions-dir=${join(root, 'extensions')}`,
            '--disable-extensions',
            '--skip-welcome',
            '--skip-release-notes',
            ...(trust === 'trusted' ? ['--disable-workspace-trust'] : []),
          ],
        }).catch((error: unknown) => {
          console.error(`${trust}: ${String(error)}`);
          return 1;
        });
        if (code !== 0) failed += 1;
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  } finally {
    await model.stop();
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
