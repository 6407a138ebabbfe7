/**
 * Measures what verification costs per candidate on the python-sample pytest task:
 * the same test command run directly (no copy, no sandbox), through the verifier
 * without an OS sandbox, and through the verifier under bubblewrap. Runs are
 * interleaved so machine load hits every variant alike. Also times the per-candidate
 * workspace copy of a medium workspace against cloning an already-made copy.
 *
 *   npx tsx scripts/measure-verifier.ts [runs=15]
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVerifier, detectBubblewrap } from '../src/engine/verify/createVerifier';
import type { Verifier, VerifyJob } from '../src/engine/verify/types';
import { copyWorkspace, createSandboxDirs, removeSandboxDir } from '../src/engine/verify/workspaceCopy';

const ROOT = path.resolve(__dirname, '..');
const FIXTURE = path.join(ROOT, 'test/fixtures/workspaces/python-sample');
const COMMAND = 'python3 -m pytest -q';
const BODY = `if not values:
        raise ValueError("median of an empty list")
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const runs = Math.max(10, Number(process.argv[2] ?? 15));
  const text = (await fs.readFile(path.join(FIXTURE, 'stats.py'), 'utf8')).replace('raise NotImplementedError', BODY);
  // The direct baseline runs in its own copy with the candidate in place, as a user would.
  const direct = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-measure-'));
  await fs.cp(FIXTURE, direct, { recursive: true });
  await fs.writeFile(path.join(direct, 'stats.py'), text);
  const bwrap = await detectBubblewrap();
  if (!bwrap.available) console.log(`bubblewrap unavailable: ${bwrap.reason}`);
  const verifiers: Verifier[] = [];
  // The real test command, then `true`: the second isolates the verifier's own overhead.
  for (const command of [COMMAND, 'true']) {
    const job: VerifyJob = {
      candidateId: 1,
      fileText: text,
      task: {
        workspaceRoot: FIXTURE, filePath: 'stats.py', fileText: text, range: { start: 0, end: 0 },
        targetKind: 'body', spec: '', testCommand: command, language: 'python',
      },
    };
    const variants: Array<[string, () => Promise<unknown> | unknown]> = [];
    variants.push(['direct (no copy, no sandbox)', () => {
      const r = spawnSync('/bin/sh', ['-c', command], { cwd: direct, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`direct run failed: ${r.status}`);
    }]);
    const viaVerifier = (label: string, sandbox: 'none' | 'bubblewrap'): void => {
      const v = createVerifier({ sandbox, timeoutMs: 60_000 });
      verifiers.push(v);
      variants.push([label, async () => {
        const r = await v.verify(job, new AbortController().signal);
        if (r.status !== 'passed') throw new Error(`${label}: ${r.status} ${r.reason ?? ''}`);
      }]);
    };
    viaVerifier('verifier, temp copy (no OS sandbox)', 'none');
    if (bwrap.available) viaVerifier('verifier, bubblewrap', 'bubblewrap');

    const samples = new Map<string, number[]>(variants.map(([label]) => [label, []]));
    for (const [, work] of variants) await work(); // warm-up: page cache
    for (let i = 0; i < runs; i += 1) {
      for (const [label, work] of variants) samples.get(label)?.push(await timed(work));
    }
    const base = median(samples.get(variants[0][0]) ?? []);
    console.log(`python-sample, \`${command}\`, ${runs} runs each, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const [label, xs] of samples) {
      const m = median(xs);
      console.log(
        `  ${label.padEnd(38)} median ${m.toFixed(0).padStart(5)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})` +
          `  x${(m / base).toFixed(2)}  +${(m - base).toFixed(0)} ms`,
      );
    }
  }

  // Copy strategy on a medium workspace: this repository without node_modules (shared) and .git (skipped).
  const copyTimes: number[] = [];
  const cloneTimes: number[] = [];
  let files = 0;
  const baseDirs = await createSandboxDirs();
  await copyWorkspace(ROOT, baseDirs.workspace, { maxBytes: 1 << 30, linkShared: async (source) => source });
  for (let i = 0; i < Math.min(runs, 10); i += 1) {
    const dirs = await createSandboxDirs();
    copyTimes.push(await timed(async () => {
      files = (await copyWorkspace(ROOT, dirs.workspace, { maxBytes: 1 << 30, linkShared: async (source) => source })).files;
    }));
    await removeSandboxDir(dirs.root);
    const clone = await createSandboxDirs();
    cloneTimes.push(await timed(() => fs.cp(baseDirs.workspace, clone.workspace, { recursive: true, verbatimSymlinks: true })));
    await removeSandboxDir(clone.root);
  }
  await removeSandboxDir(baseDirs.root);
  console.log(`workspace copy of ${ROOT} (${files} files):`);
  console.log(`  scan + copy from the workspace        median ${median(copyTimes).toFixed(0).padStart(5)} ms`);
  console.log(`  clone of a prepared base copy (fs.cp) median ${median(cloneTimes).toFixed(0).padStart(5)} ms`);

  for (const v of verifiers) await v.dispose();
  await fs.rm(direct, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
