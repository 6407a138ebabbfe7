import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scrubbedEnv, sleep, startProcess } from './processes';
import type { ManagedProcess } from './processes';
import { REPO_ROOT } from './tools';

/** The replay model server (`best-of-n replay-server`) as a child process. */
export interface ModelServer {
  /** Base URL for an OpenAI client, ending in /v1. */
  readonly baseUrl: string;
  readonly model: string;
  readonly process: ManagedProcess;
  /** Restarts every task's sample order from its first sample. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Model id the replay server answers to (see src/cli/replay/replayServer.ts). */
export const REPLAY_MODEL = 'codegen16b-replay';

/**
 * Starts `node dist/cli.js replay-server --port 0` and reads the URL it prints. The built CLI
 * is used, not the sources, so the tests exercise what ships.
 */
export async function startReplayServer(seed = 1): Promise<ModelServer> {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (node esbuild.js)`);
  const proc = startProcess('replay-server', process.execPath, [cli, 'replay-server', '--port', '0', '--seed', String(seed), '--verbose'], {
    cwd: REPO_ROOT,
    env: scrubbedEnv(),
  });
  const deadline = Date.now() + 60_000;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    const match = /(http:\/\/127\.0\.0\.1:\d+)(\/v1)?/.exec(proc.output());
    if (match !== null) {
      const origin = match[1];
      return {
        baseUrl: `${origin}/v1`,
        model: REPLAY_MODEL,
        process: proc,
        async reset(): Promise<void> {
          const res = await fetch(`${origin}/replay/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
          if (!res.ok) throw new Error(`replay reset failed: ${res.status}`);
        },
        stop: () => proc.stop(),
      };
    }
    if (exited) break;
    await sleep(100);
  }
  await proc.stop();
  throw new Error(`replay-server did not print its URL:\n${proc.output().slice(-3000)}`);
}
