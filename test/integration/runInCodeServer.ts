import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from './driver/codeServer';
import type { CodeServer } from './driver/codeServer';
import { openWorkbench, screenshot } from './driver/workbench';
import type { Workbench } from './driver/workbench';
import { RESULTS_DIR } from './driver/tools';

export interface InHostOptions {
  readonly label: string;
  readonly vsixPath: string;
  /** Folder with the compiled suite (index.js + *.test.js). */
  readonly suiteDir: string;
  readonly workspaceSource: string;
  readonly workspaceSettings?: Readonly<Record<string, unknown>>;
  readonly trust: 'trusted' | 'untrusted';
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface InHostResult {
  /** The extension host's exit code after run(): 0 when every test passed; undefined on timeout. */
  readonly exitCode: number | undefined;
  /** mocha's spec report as the suite printed it. */
  readonly report: string;
}

/** Id prefix of the installed extension's folder: `<publisher>.<name>-<version>`. */
const EXTENSION_FOLDER_PREFIX = 'best-of-n.best-of-n-';

/**
 * Runs the `@vscode/test-electron`-format suite inside code-server's extension host.
 *
 * code-server serves VS Code's web workbench, which reads `extensionDevelopmentPath` and
 * `extensionTestsPath` from the page's `payload` URL parameter (only with the smoke-test
 * driver enabled). The remote extension host then loads the suite and awaits its run(); when
 * it returns, the workbench calls `window.codeAutomationExit(code)`, which the page exposes.
 * The extension under development is the VSIX as installed, so the packaged artefact is tested.
 */
export async function runSuiteInCodeServer(options: InHostOptions): Promise<InHostResult> {
  const reportFile = join(RESULTS_DIR, `${options.label}.report.txt`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(reportFile, { force: true });
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  try {
    server = await startCodeServer({
      label: options.label,
      workspaceSource: options.workspaceSource,
      vsixPaths: [options.vsixPath],
      ...(options.workspaceSettings !== undefined ? { workspaceSettings: options.workspaceSettings } : {}),
      trusted: options.trust === 'trusted',
      extensionTests: true,
      env: { ...options.env, BEST_OF_N_IT_TRUST: options.trust, BEST_OF_N_IT_REPORT: reportFile },
    });
    const installed = readdirSync(server.extensionsDir).find((name) => name.startsWith(EXTENSION_FOLDER_PREFIX));
    if (installed === undefined) throw new Error(`the VSIX did not install into ${server.extensionsDir}`);
    const authority = `127.0.0.1:${server.port}`;
    const remote = (path: string): string => `vscode-remote://${authority}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(join(server.extensionsDir, installed))],
      ['extensionTestsPath', remote(join(options.suiteDir, 'index.js'))],
    ];
    const url = `${server.workspaceUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    let settle: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (settle = resolve));
    workbench = await openWorkbench(url, async (page) => {
      await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), options.timeoutMs)));
    const exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    await screenshot(workbench.page, `${options.label}-end`).catch(() => undefined);
    const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
    if (exitCode === undefined || report === '') {
      // Nothing reported: keep the page's console, where a load error of the suite shows up.
      process.stderr.write(`[${options.label}] page console (last 40 lines):\n${workbench.console.slice(-40).join('\n')}\n`);
    }
    return { exitCode, report };
  } finally {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
  }
}
