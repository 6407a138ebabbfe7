/**
 * Runs one verification (or the sandbox self-check) in this process and prints the result as
 * JSON: started by the tests as an unprivileged user (spawn's uid/gid), so the sandbox is also
 * proven where bubblewrap itself runs without root.
 *
 *   node -r tsx/cjs test/unit/sandbox/asUser.ts '<json request>'
 */
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { runSelfCheck } from '../../../src/engine/verify/sandbox/selfCheck';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';

/** What the parent asks for. */
export interface AsUserRequest {
  kind: 'general' | 'warm' | 'self-check';
  workspace?: string;
  filePath?: string;
  command?: string;
  text?: string;
  sandbox?: 'auto' | 'bubblewrap' | 'none';
  timeoutMs?: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as AsUserRequest;
  if (request.kind === 'self-check') {
    process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), check: await runSelfCheck('/usr/bin/bwrap') })}\n`);
    return;
  }
  const task = {
    workspaceRoot: request.workspace ?? '',
    filePath: request.filePath ?? '',
    fileText: '',
    range: { start: 0, end: 0 },
    targetKind: 'body' as const,
    spec: '',
    testCommand: request.command ?? '',
    language: 'python' as const,
  };
  const sandbox = request.sandbox ?? 'bubblewrap';
  const verifier =
    request.kind === 'warm'
      ? new WarmVerifier({ sandbox, timeoutMs: request.timeoutMs ?? 5000, workers: 1, python: '/usr/bin/python3' })
      : createVerifier({ sandbox, timeoutMs: request.timeoutMs ?? 15000 });
  try {
    const result: VerifierResult = await verifier.verify({ task, candidateId: 1, fileText: request.text ?? '' }, new AbortController().signal);
    process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), description: verifier.description, result })}\n`);
  } finally {
    await verifier.dispose();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
