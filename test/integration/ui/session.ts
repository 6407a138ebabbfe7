import { startCodeServer } from '../driver/codeServer';
import type { CodeServer } from '../driver/codeServer';
import { startReplayServer } from '../driver/modelServer';
import type { ModelServer } from '../driver/modelServer';
import { openWorkbench } from '../driver/workbench';
import type { Workbench } from '../driver/workbench';
import { replayWorkspaceSettings, SAMPLE_WORKSPACE } from '../sampleWorkspace';
import { packageVsix } from '../vsix';

/** Everything one browser test file drives: model server, code-server with the VSIX, Chromium. */
export interface Session {
  readonly model: ModelServer;
  readonly server: CodeServer;
  readonly workbench: Workbench;
  /** Stops all three; safe to call twice and after a failed start. */
  close(): Promise<void>;
}

let packaged: string | undefined;

/** The VSIX the runner built (BEST_OF_N_IT_VSIX), or one packaged now when run on its own. */
function vsixPath(): string {
  const given = process.env.BEST_OF_N_IT_VSIX;
  if (given !== undefined && given !== '') return given;
  packaged ??= packageVsix().path;
  return packaged;
}

/**
 * Starts a session on a fresh copy of the HumanEval sample workspace. The replay server's URL
 * and model go into the workspace settings, or with `providerIn: 'user'` into the User settings
 * (as a user who set them once for every project would). A `settings` value of `undefined`
 * removes that key.
 */
export async function startSession(options: { label: string; trusted: boolean; settings?: Record<string, unknown>; providerIn?: 'workspace' | 'user' }): Promise<Session> {
  const started: { model?: ModelServer; server?: CodeServer; workbench?: Workbench } = {};
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Reverse order of start; each stop is attempted even if an earlier one fails.
    await started.workbench?.close().catch(() => undefined);
    await started.server?.stop().catch(() => undefined);
    await started.model?.stop().catch(() => undefined);
  };
  try {
    started.model = await startReplayServer();
    const workspaceSettings: Record<string, unknown> = { ...replayWorkspaceSettings(started.model.baseUrl, started.model.model), ...options.settings };
    const userSettings: Record<string, unknown> = {};
    if (options.providerIn === 'user') {
      for (const key of ['bestOfN.provider.baseUrl', 'bestOfN.provider.model']) {
        userSettings[key] = workspaceSettings[key];
        delete workspaceSettings[key];
      }
    }
    started.server = await startCodeServer({
      label: options.label,
      workspaceSource: SAMPLE_WORKSPACE,
      vsixPaths: [vsixPath()],
      workspaceSettings,
      userSettings,
      trusted: options.trusted,
    });
    started.workbench = await openWorkbench(started.server.workspaceUrl);
    return { model: started.model, server: started.server, workbench: started.workbench, close };
  } catch (error) {
    await close();
    throw error;
  }
}
