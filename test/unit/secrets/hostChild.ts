// A stand-in extension host for terminationCleanup.test.ts: installs the extension's exit
// cleanup, starts one slow verification through createVerifier, prints the sandbox dirs it made
// (`DIRS [...]`) once the test command runs, and waits to be signalled.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { liveSandboxDirs } from '../../../src/engine/verify/liveSandboxDirs';
import { installExitCleanup } from '../../../src/vscode/exitCleanup';

const SOURCE = 'def slow(x):\n    """Return x."""\n    raise NotImplementedError\n';

installExitCleanup();
const workspace = mkdtempSync(path.join(tmpdir(), 'host-child-ws-'));
writeFileSync(path.join(workspace, 'solution.py'), SOURCE);
// This process is its own entry point: load the grammars before locating the function.
void ensureLanguageLayer().then(() => {
  const task = taskForFunction({ workspaceRoot: workspace, filePath: 'solution.py', fileText: SOURCE, functionName: 'slow', testCommand: process.env.SLOW_TEST_CMD ?? 'python3 -c "import time; time.sleep(30)"' });
  const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 60_000 });
  void verifier.verify({ task, candidateId: 1, fileText: SOURCE }, new AbortController().signal).then((result) => {
    process.stdout.write(`DONE ${result.status} ${result.reason ?? ''}\n`);
  });
  const poll = setInterval(() => {
    // Only the verifier's workspace copies: the sandbox self-check's short-lived dir is tracked too.
    const dirs = liveSandboxDirs().filter((dir) => existsSync(path.join(dir, 'ws')));
    if (dirs.length === 0) return;
    clearInterval(poll);
    process.stdout.write(`DIRS ${JSON.stringify(dirs)}\n`);
  }, 20);
});
