// Measures the per-candidate cost of the hardened sandbox against the launcher at a base
// revision, side by side in one run (interleaved, so machine load hits every variant alike):
//   npx tsx test/unit/sandbox/measureSandboxCost.ts [runs=15] [base=HEAD]
// The base's src/ is extracted with `git archive` into a temp dir (the working tree is not touched).
// Variants: the test command run directly; the general verifier at the base and now, with and
// without bubblewrap; the warm runner at the base and now; and bubblewrap starting `true` with
// the base's arguments and with the new launcher's (the launcher's own cost). Prints medians.
import { execSync, spawnSync } from 'node:child_process';
import { promises as fs, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBubblewrap } from '../../../src/engine/verify/bubblewrap';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { sandboxedCommand } from '../../../src/engine/verify/sandbox/launcher';
import { runSelfCheck } from '../../../src/engine/verify/sandbox/selfCheck';
import type { Verifier, VerifyJob } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';

const REPO = path.resolve(__dirname, '../../..');
/** The revision whose launcher is measured beside the working tree's. */
const BASE = process.argv[3] ?? 'HEAD';
const FIXTURE = path.join(REPO, 'test/fixtures/workspaces/python-sample');
const COMMAND = 'python3 -m pytest -q';
const BODY = `if not values:
        raise ValueError("median of an empty list")
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

interface OldModules {
  createVerifier: typeof createVerifier;
  WarmVerifier: typeof WarmVerifier;
  buildBwrapArgs: (inv: { dirs: unknown; shared: unknown[]; env: Record<string, string>; argv: string[] }) => string[];
}

async function loadBase(): Promise<{ dir: string; old: OldModules }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-head-src-'));
  execSync(`git -C ${JSON.stringify(REPO)} archive ${BASE} src | tar -x -C ${JSON.stringify(dir)}`);
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  /* eslint-disable @typescript-eslint/no-require-imports */
  const old: OldModules = {
    createVerifier: require(path.join(dir, 'src/engine/verify/createVerifier.ts')).createVerifier,
    WarmVerifier: require(path.join(dir, 'src/engine/verify/warm/warmVerifier.ts')).WarmVerifier,
    buildBwrapArgs: require(path.join(dir, 'src/engine/verify/bubblewrap.ts')).buildBwrapArgs,
  };
  return { dir, old };
}

async function main(): Promise<void> {
  const runs = Math.max(5, Number(process.argv[2] ?? 15));
  const bwrap = findBubblewrap();
  if (!bwrap) throw new Error('bwrap is needed for this measurement');
  const { dir: headDir, old } = await loadBase();
  const ws = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-measure-'));
  await fs.cp(FIXTURE, ws, { recursive: true });
  const text = (await fs.readFile(path.join(ws, 'stats.py'), 'utf8')).replace('raise NotImplementedError', BODY);
  const direct = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-measure-direct-'));
  await fs.cp(FIXTURE, direct, { recursive: true });
  await fs.writeFile(path.join(direct, 'stats.py'), text);
  const job: VerifyJob = {
    candidateId: 1,
    fileText: text,
    task: { workspaceRoot: ws, filePath: 'stats.py', fileText: text, range: { start: 0, end: 0 }, targetKind: 'body', spec: '', testCommand: COMMAND, language: 'python' },
  };

  // The warm runner takes plain-assert pytest files at the workspace root.
  const warmWs = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-measure-warm-'));
  const warmText = 'def add(a, b):\n    return a + b\n';
  await fs.writeFile(path.join(warmWs, 'solution.py'), 'def add(a, b):\n    raise NotImplementedError\n');
  await fs.writeFile(path.join(warmWs, 'test_add.py'), 'from solution import add\n\n\ndef test_small():\n    assert add(1, 2) == 3\n');
  const warmJob: VerifyJob = {
    candidateId: 1,
    fileText: warmText,
    task: { workspaceRoot: warmWs, filePath: 'solution.py', fileText: warmText, range: { start: 0, end: 0 }, targetKind: 'body', spec: '', testCommand: COMMAND, language: 'python' },
  };

  const selfCheckMs = await timed(() => runSelfCheck(bwrap));
  const verifiers: Verifier[] = [];
  const statuses = new Map<string, Map<string, number>>();
  const variants: Array<[string, () => Promise<unknown> | unknown]> = [];
  const add = (label: string, v: Verifier, which: VerifyJob = job): void => {
    verifiers.push(v);
    statuses.set(label, new Map());
    variants.push([label, async () => {
      const r = await v.verify(which, new AbortController().signal);
      const seen = statuses.get(label)!;
      seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
    }]);
  };
  variants.push(['direct (no copy, no sandbox)', () => spawnSync('/bin/sh', ['-c', COMMAND], { cwd: direct, stdio: 'ignore' })]);
  add(`general, ${BASE}, bubblewrap`, old.createVerifier({ sandbox: 'bubblewrap', timeoutMs: 60_000 }));
  add('general, now, bubblewrap', createVerifier({ sandbox: 'bubblewrap', timeoutMs: 60_000 }));
  add(`general, ${BASE}, none`, old.createVerifier({ sandbox: 'none', timeoutMs: 60_000 }));
  add('general, now, none', createVerifier({ sandbox: 'none', timeoutMs: 60_000 }));
  add(`warm, ${BASE}, bubblewrap`, new old.WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 10_000, workers: 1 }), warmJob);
  add('warm, now, bubblewrap', new WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 10_000, workers: 1 }), warmJob);
  add(`warm, ${BASE}, none (floor)`, new old.WarmVerifier({ sandbox: 'none', timeoutMs: 10_000, workers: 1 }), warmJob);
  add('warm, now, none (floor)', new WarmVerifier({ sandbox: 'none', timeoutMs: 10_000, workers: 1 }), warmJob);

  // The launcher alone: bubblewrap starting `true` with each argument list.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'best-of-n-measure-'));
  const dirs = { root: scratch, workspace: path.join(scratch, 'ws'), home: path.join(scratch, 'home'), tmp: path.join(scratch, 'tmp'), report: path.join(scratch, 'report'), support: path.join(scratch, 'support') };
  for (const d of [dirs.workspace, dirs.home, dirs.tmp, dirs.report, dirs.support]) await fs.mkdir(d);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dirs.home };
  const oldArgs = old.buildBwrapArgs({ dirs, shared: [], env, argv: ['true'] });
  const now = sandboxedCommand({ bwrap, argv: ['true'], layout: { workspace: { copy: dirs.workspace, at: ws, dependencies: [] }, writable: [dirs.report], readOnly: [dirs.support], tmpBytes: 512 << 20, chdir: ws } });
  variants.push([`bwrap \`true\`, ${BASE} arguments`, () => spawnSync(bwrap, oldArgs, { stdio: 'ignore', env })]);
  variants.push(['bwrap `true`, new launcher', () => spawnSync(now.argv[0], now.argv.slice(1), { stdio: 'ignore', env: now.env })]);

  const samples = new Map<string, number[]>(variants.map(([label]) => [label, []]));
  for (const [, work] of variants) await work(); // warm-up: page cache, workers started
  for (const s of statuses.values()) s.clear();
  for (let i = 0; i < runs; i += 1) {
    for (const [label, work] of variants) samples.get(label)?.push(await timed(work));
  }
  console.log(`python-sample, \`${COMMAND}\`, ${runs} runs each, interleaved; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${os.cpus().length} CPUs`);
  console.log(`sandbox self-check (once per process): ${selfCheckMs.toFixed(0)} ms`);
  for (const [label, xs] of samples) {
    const seen = statuses.get(label);
    const outcome = seen ? `  [${[...seen].map(([k, n]) => `${k} ${n}`).join(', ')}]` : '';
    console.log(`  ${label.padEnd(32)} median ${median(xs).toFixed(0).padStart(5)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})${outcome}`);
  }
  for (const v of verifiers) await v.dispose();
  for (const d of [ws, warmWs, direct, scratch, headDir]) await fs.rm(d, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
