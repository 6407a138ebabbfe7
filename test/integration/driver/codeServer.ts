import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { copyWorkspace, writeUserSettings } from './profile';
import { scrubbedEnv, sleep, startProcess, waitForHttp } from './processes';
import type { ManagedProcess } from './processes';
import { RESULTS_DIR, toolchain } from './tools';

export interface CodeServerOptions {
  /** A folder copied fresh into the run's temp dir and opened as the workspace. */
  readonly workspaceSource: string;
  /** VSIX files installed into the run's own extensions dir before start. */
  readonly vsixPaths?: readonly string[];
  /** Written to <user-data-dir>/User/settings.json (merged over quiet defaults). */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** Workspace settings, written to <workspace>/.vscode/settings.json. */
  readonly workspaceSettings?: Readonly<Record<string, unknown>>;
  /** false: workspace trust stays on and the folder opens in Restricted Mode. Default true. */
  readonly trusted?: boolean;
  /** Extra environment for the server (and so its extension host). Credentials are never passed through. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Lets the page's `payload` URL parameter set extensionDevelopmentPath/extensionTestsPath: a built
   * VS Code only honours it with the smoke-test driver on (see workbench environment service).
   */
  readonly extensionTests?: boolean;
  /** Name used for log folders and temp dirs. */
  readonly label: string;
}

/** A running code-server with its own user data, extensions and workspace copy. */
export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The workbench URL that opens the workspace copy. */
  readonly workspaceUrl: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly process: ManagedProcess;
  /** Stops the server (whole process group), keeps its logs under test-results/, removes the temp dir. */
  stop(): Promise<void>;
}

/** Runs code-server's own CLI (install extensions) against this run's dirs. */
function codeServerCli(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const tools = toolchain();
  const result = spawnSync(tools.node24, [tools.codeServerEntry, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${String(result.status)}):\n${output}`);
  return output;
}

/** Starts code-server on a free loopback port with a fresh copy of the workspace. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const tools = toolchain();
  const root = mkdtempSync(join(tmpdir(), `best-of-n-it-${options.label}-`));
  let proc: ManagedProcess | undefined;
  try {
    const workspaceDir = join(root, 'workspace', basename(options.workspaceSource));
    const userDataDir = join(root, 'user-data');
    const extensionsDir = join(root, 'extensions');
    const home = join(root, 'home');
    for (const dir of [userDataDir, extensionsDir, home]) mkdirSync(dir, { recursive: true });
    copyWorkspace(options.workspaceSource, workspaceDir, options.workspaceSettings);
    writeUserSettings(userDataDir, options.trusted !== false, options.userSettings);

    const configFile = join(root, 'config.yaml');
    // An explicit config: otherwise code-server writes one with a generated password into $HOME.
    // Port 0: the kernel picks a free port at bind time (no race with other processes); the
    // server prints which.
    writeFileSync(configFile, `bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n`);
    // XDG dirs point into the run's temp dir so nothing is written to the real home.
    const env = scrubbedEnv({
      ...options.env,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
    });
    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    for (const vsix of options.vsixPaths ?? []) codeServerCli([...common, '--install-extension', vsix, '--force'], env);

    const args = [
      tools.codeServerEntry,
      ...common,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(options.trusted === false ? [] : ['--disable-workspace-trust']),
      ...(options.extensionTests === true ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      workspaceDir,
    ];
    proc = startProcess(`code-server:${options.label}`, tools.node24, args, { env, cwd: root });
    const port = await listeningPort(proc, 60_000);
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/healthz`, proc, 60_000);
    const running = proc;
    return {
      port,
      origin,
      workspaceUrl: `${origin}/?folder=${encodeURIComponent(workspaceDir)}`,
      workspaceDir,
      userDataDir,
      extensionsDir,
      process: running,
      async stop(): Promise<void> {
        await running.stop();
        keepLogs(options.label, userDataDir, running);
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await proc?.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** The port from code-server's "HTTP server listening on http://127.0.0.1:PORT/" line. */
async function listeningPort(proc: ManagedProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(proc.output());
    if (match !== null) return Number(match[1]);
    await sleep(100);
  }
  throw new Error(`code-server did not report its port:\n${proc.output().slice(-4000)}`);
}

/** Copies the server's log folder and console output into test-results/ for post-mortems. */
function keepLogs(label: string, userDataDir: string, proc: ManagedProcess): void {
  const dest = join(RESULTS_DIR, 'logs', label);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, 'code-server.out.log'), proc.output());
  const logs = join(userDataDir, 'logs');
  if (existsSync(logs)) {
    for (const entry of readdirSync(logs)) cpSync(join(logs, entry), join(dest, entry), { recursive: true });
  }
}
