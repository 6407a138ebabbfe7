// `npm run demo`: Best-of-N in a real VS Code (code-server) against the replay model server.
// Builds the VSIX, installs code-server if needed, starts the replay server and code-server with
// the extension and a fresh copy of the HumanEval sample workspace (plus one function with no
// tests yet, for Write Tests First), and prints the URL with what to try.
// Ctrl+C stops both servers and removes the demo's temp folder.
//
// Options: --port N (code-server's port; default a free one), --seed N (replay sample order),
//          --no-build (reuse the VSIX from the last build).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

function log(line) {
  console.log(`demo: ${line}`);
}

/** The environment for the servers: everything but credentials (the model server needs none). */
function scrubbedEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

const children = [];
/** Starts a child in its own process group so stopping it takes its children too. */
function start(name, command, argv, options) {
  const child = spawn(command, argv, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`demo: ${name} exited (${signal ?? code}); last output:\n${output.slice(-3000)}`);
      void stop(1);
    }
  });
  const entry = { name, child, output: () => output };
  children.push(entry);
  return entry;
}

let stopping = false;
let tempRoot;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const { child } of children.reverse()) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (const { child } of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  log('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** The task's prompt (signature and docstring) from the HumanEval data the replay server serves. */
function humanEvalPrompt(taskId) {
  const dirs = [process.env.BEST_OF_N_HUMANEVAL_DIR, join(root, '..', 'shared', 'data', 'humaneval'), join(root, '..', '..', 'shared', 'data', 'humaneval'), join(root, '..', '..', '..', 'shared', 'data', 'humaneval')];
  const dir = dirs.find((d) => d && existsSync(join(d, 'problems.jsonl')));
  if (!dir) throw new Error('the HumanEval data (../shared/data/humaneval) was not found; set BEST_OF_N_HUMANEVAL_DIR');
  for (const line of readFileSync(join(dir, 'problems.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    if (row.task_id === taskId) return row.prompt;
  }
  throw new Error(`${taskId} is not in ${dir}/problems.jsonl`);
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

async function main() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsixOut = /--out\s+(\S+)/.exec(manifest.scripts?.vsix ?? '')?.[1];
  if (!vsixOut) throw new Error('package.json has no "vsix" script with --out');
  const vsix = join(root, vsixOut);
  // Debian packages, npm packages and code-server, each only when missing: a fresh clone needs nothing else.
  log('checking prerequisites (scripts/setup.sh)…');
  execFileSync('bash', [join(root, 'scripts', 'setup.sh')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!args.includes('--no-build') || !existsSync(vsix)) {
    // vsce does not create the --out folder, and out/ is absent from a fresh clone.
    mkdirSync(dirname(vsix), { recursive: true });
    log('building the VSIX (npm run vsix)…');
    execFileSync('npm', ['run', '--silent', 'vsix'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log(`VSIX ${vsix}`);

  const tools = Object.fromEntries(
    execFileSync('bash', [join(root, 'scripts', 'setup-code-server.sh'), '--print-env'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  tempRoot = mkdtempSync(join(tmpdir(), 'best-of-n-demo-'));
  const workspace = join(tempRoot, 'humaneval-sample');
  const userData = join(tempRoot, 'user-data');
  const extensions = join(tempRoot, 'extensions');
  const home = join(tempRoot, 'home');
  for (const dir of [join(userData, 'User'), extensions, home]) mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'test', 'fixtures', 'workspaces', 'humaneval-sample'), workspace, { recursive: true });
  // A function no test reaches yet: solving it stops before sampling and offers Write Tests First.
  writeFileSync(join(workspace, 'gcd.py'), `${humanEvalPrompt('HumanEval/13').trimEnd()}\n    raise NotImplementedError\n`);

  const seed = option('--seed') ?? '1';
  const replay = start('replay-server', process.execPath, [join(root, 'dist', 'cli.js'), 'replay-server', '--port', '0', '--seed', seed], {
    cwd: root,
    env: scrubbedEnv({}),
  });
  const modelUrl = await waitFor('the replay server', () => /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(replay.output())?.[0], 60_000);

  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    `${JSON.stringify(
      {
        'bestOfN.provider.baseUrl': modelUrl,
        'bestOfN.provider.model': 'codegen16b-replay',
        // Takes every knob (effort, thinking budget, fast mode, temperature) and records it, so the
        // panel's controls are live; the recorded answers do not change with them, and the profile says so.
        'bestOfN.provider.profile': 'replay',
        'bestOfN.verify.testCommand': 'python3 -m pytest -q',
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    `${JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'update.mode': 'none' }, null, 2)}\n`,
  );

  // Port 0 unless one is asked for: the kernel picks a free one and code-server prints it.
  const requestedPort = Number(option('--port') ?? 0);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) throw new Error('--port must be a port number');
  const config = join(tempRoot, 'config.yaml');
  // No password on purpose: bound to 127.0.0.1 only.
  writeFileSync(config, `bind-addr: 127.0.0.1:${requestedPort}\nauth: none\ncert: false\n`);
  const env = scrubbedEnv({ XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CACHE_HOME: join(home, '.cache') });
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(tools.BEST_OF_N_NODE24, [tools.BEST_OF_N_CODE_SERVER, ...common, '--install-extension', vsix, '--force'], { env, stdio: 'ignore' });
  const codeServer = start('code-server', tools.BEST_OF_N_NODE24, [tools.BEST_OF_N_CODE_SERVER, ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened', workspace], {
    cwd: tempRoot,
    env,
  });
  const port = await waitFor('code-server', () => /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(codeServer.output())?.[1], 60_000);
  const origin = `http://127.0.0.1:${port}`;
  await waitFor('code-server', async () => (await fetch(`${origin}/healthz`).catch(() => undefined))?.ok, 60_000);

  console.log(`
Best-of-N demo is running.

  Open:          ${origin}/?folder=${encodeURIComponent(workspace)}
  Model server:  ${modelUrl} — replays recorded CodeGen-16B samples for HumanEval tasks; it can answer nothing else.
  Workspace:     ${workspace} (a fresh copy of test/fixtures/workspaces/humaneval-sample, plus gcd.py)

Try, in the editor (F1 opens the command palette):
  1. Solve: open solution.py, cursor in has_close_elements, "Best-of-N: Solve with Best-of-N"
     (Ctrl+Alt+Shift+B); watch the Candidates panel; Accept; Ctrl+Z takes it back.
  2. Effort and budgets: the panel's reasoning effort, thinking budget and fast mode are live (provider
     profile "replay"). Each request's knobs are recorded at ${modelUrl.replace(/\/v1$/, '')}/replay/requests;
     the replayed answers are recorded samples, so they do not change with effort.
  3. Memory: after a run, "Best-of-N: Show Cheatsheet" opens the Memory section: the verified pick as a
     snippet and the failing tests of rejected groups as pitfalls, kept from the test outcomes. The replay
     server cannot curate memory (the log says so), so no model-curated items appear here.
  4. Write Tests First: open gcd.py, cursor in greatest_common_divisor. Solving stops (no test reaches it)
     and offers "Write Tests First"; or run "Best-of-N: Write Tests First". The proposed tests open as a
     diff into test_gcd.py; "Write Tests and Solve" writes them (one undoable edit) and starts the run.
  5. Models: the panel's "Switch Model" (or "Best-of-N: Choose Model") walks provider, URL, key and model;
     here pick the replay server and its one model. bestOfN.pool draws one run from several models by share;
     the run details then show each model's samples, passes, tokens and cost (README: Pointing it at a model).

Ctrl+C stops everything.`);
}

main().catch(async (error) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
});
