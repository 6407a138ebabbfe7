import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { extractCode } from '../../engine/extract/extractCode';
import type { HumanEvalDataset } from '../../engine/humaneval/dataset';
import { SOLUTION_FILE, VISIBLE_TEST_FILE, writeTaskWorkspace } from '../../engine/humaneval/workspace';
import { applyToFile, type Task } from '../../engine/task';
import { createVerifier } from '../../engine/verify/createVerifier';
import type { Verifier, VerifyJob } from '../../engine/verify/types';
import { resolvePython } from '../../engine/verify/warm/launch';
import { WarmVerifier } from '../../engine/verify/warm/warmVerifier';
import { FLOOR_PY } from './floorScript';
import { median, round, sum } from './stats';

/** Side-by-side per-candidate costs of each way to run a candidate's tests, in ms. */
export interface FloorReport {
  candidates: number;
  freshPytest: { runs: number; medianWallMs: number; copyMs: number; interpreterStartMs: number; pytestStartMs: number };
  generalVerifier: { runs: number; medianWallMs: number; sandbox: string };
  floor: { medianWallMs: number; medianTestMs: number };
  warmNoSandbox: { medianWallMs: number };
  warmBubblewrap: { medianWallMs: number; p90WallMs: number; prepareMs: number; forkRunMs: number; cleanupMs: number; ipcMs: number; testMs: number };
  warmThroughput: { workers: number; candidates: number; candidatesPerSecond: number; wallSeconds: number };
  /** Starting one bubblewrap worker (paid once per worker, not per candidate). */
  workerStartMs: number;
  ratioToFloor: number;
}

interface Sample {
  task: Task;
  fileText: string;
}

function timeProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

async function runFloor(python: string, samples: Sample[]): Promise<{ walls: number[]; tests: number[] }> {
  const jobs = samples.map((s) => ({ module: s.fileText, tests: visibleTests(s.task) }));
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-I', '-c', FLOOR_PY], { stdio: ['pipe', 'pipe', 'inherit'], env: { PATH: '/usr/bin:/bin' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { walls: number[]; tests: number[] }) : reject(new Error(`floor runner exited with ${code}`))));
    child.stdin.end(JSON.stringify(jobs));
  });
}

const visibleCache = new Map<string, string>();
function visibleTests(task: Task): string {
  return visibleCache.get(task.workspaceRoot) ?? '';
}

async function timeVerifier(verifier: Verifier, jobs: VerifyJob[]): Promise<{ walls: number[]; timings: { prepareMs: number; runMs: number; cleanupMs: number }[]; tests: number[] }> {
  const walls: number[] = [];
  const timings: { prepareMs: number; runMs: number; cleanupMs: number }[] = [];
  const tests: number[] = [];
  const signal = new AbortController().signal;
  for (const job of jobs) {
    const started = performance.now();
    const result = (await verifier.verify(job, signal)) as Awaited<ReturnType<Verifier['verify']>> & { timings?: { prepareMs: number; runMs: number; cleanupMs: number } };
    walls.push(performance.now() - started);
    if (result.timings) timings.push(result.timings);
    tests.push(sum(result.tests.map((t) => t.durationMs ?? 0)));
  }
  return { walls, timings, tests };
}

/**
 * Measures, on the same real candidates in one run: a fresh pytest process per candidate,
 * the product's general sandboxed verifier, the bare fork-from-warm-interpreter floor, and the
 * warm verifier without and with bubblewrap (latency one at a time, then throughput on `workers`).
 */
export async function measureVerifierFloor(dataset: HumanEvalDataset, options: { tasks: number; perTask: number; workers: number; log: (line: string) => void }): Promise<FloorReport> {
  const root = mkdtempSync(path.join(tmpdir(), 'best-of-n-floor-'));
  try {
    const samples: Sample[] = [];
    for (const problem of dataset.problems.slice(0, options.tasks)) {
      const task = await writeTaskWorkspace(problem, path.join(root, problem.taskId.replace('/', '-')));
      visibleCache.set(task.workspaceRoot, readFileSync(path.join(task.workspaceRoot, VISIBLE_TEST_FILE), 'utf8'));
      for (const raw of problem.samples.slice(0, options.perTask)) {
        const extracted = extractCode(task, `\`\`\`python\n${raw}\`\`\`\n`);
        if (extracted.ok) samples.push({ task, fileText: applyToFile(task, extracted.code) });
      }
    }
    const jobs: VerifyJob[] = samples.map((s, i) => ({ task: s.task, candidateId: i + 1, fileText: s.fileText }));
    const python = await resolvePython('python3');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', PYENV_ROOT: process.env.PYENV_ROOT ?? '' };
    options.log(`verifier floor: ${samples.length} candidates from ${options.tasks} tasks`);

    // (a) a fresh pytest process per candidate, in a fresh copy of the workspace.
    const fresh = samples.slice(0, 5);
    const copyMs: number[] = [];
    const freshWalls: number[] = [];
    for (const s of fresh) {
      const started = performance.now();
      const dir = mkdtempSync(path.join(root, 'copy-'));
      cpSync(s.task.workspaceRoot, dir, { recursive: true });
      writeFileSync(path.join(dir, SOLUTION_FILE), s.fileText);
      copyMs.push(performance.now() - started);
      freshWalls.push((performance.now() - started) + (await timeProcess([python.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', VISIBLE_TEST_FILE], dir, env)));
    }
    const emptyDir = mkdtempSync(path.join(root, 'empty-'));
    writeFileSync(path.join(emptyDir, 'test_empty.py'), '');
    const starts: number[] = [];
    const pytestStarts: number[] = [];
    for (let i = 0; i < 5; i++) {
      starts.push(await timeProcess([python.executable, '-c', 'pass'], emptyDir, env));
      pytestStarts.push(await timeProcess([python.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'test_empty.py'], emptyDir, env));
    }
    options.log(`  fresh pytest: median ${round(median(freshWalls))} ms`);

    // (a') the product's general verifier (workspace copy + bubblewrap + pytest + JUnit).
    const general = createVerifier({ sandbox: 'auto', timeoutMs: 60000 });
    const generalRun = await timeVerifier(general, jobs.slice(0, 5));
    const generalSandbox = (await general.verify(jobs[0], new AbortController().signal)).sandbox;
    await general.dispose();
    options.log(`  general verifier: median ${round(median(generalRun.walls))} ms`);

    // (b) the floor and (c) the warm verifier without and with bubblewrap, one candidate at a
    // time, interleaved in chunks so that load from other processes hits all three alike.
    const bare = new WarmVerifier({ sandbox: 'none', timeoutMs: 5000, workers: 1 });
    const warm = new WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 5000, workers: 1 });
    await bare.verify(jobs[0], new AbortController().signal);
    await warm.verify(jobs[0], new AbortController().signal);
    const floor = { walls: [] as number[], tests: [] as number[] };
    const bareRun = { walls: [] as number[] };
    const warmRun = { walls: [] as number[], timings: [] as { prepareMs: number; runMs: number; cleanupMs: number }[], tests: [] as number[] };
    for (let at = 0; at < jobs.length; at += 20) {
      const chunk = samples.slice(at, at + 20);
      const f = await runFloor(python.executable, chunk);
      floor.walls.push(...f.walls);
      floor.tests.push(...f.tests);
      bareRun.walls.push(...(await timeVerifier(bare, jobs.slice(at, at + 20))).walls);
      const w = await timeVerifier(warm, jobs.slice(at, at + 20));
      warmRun.walls.push(...w.walls);
      warmRun.timings.push(...w.timings);
      warmRun.tests.push(...w.tests);
    }
    await bare.dispose();
    await warm.dispose();
    options.log(`  floor: median ${round(median(floor.walls), 2)} ms; warm verifier in bubblewrap: median ${round(median(warmRun.walls), 2)} ms`);

    // Throughput with every worker busy, on the candidates that finish: one 5 s timeout would
    // otherwise stand for the whole measurement.
    const finishing = jobs.filter((_, i) => warmRun.walls[i] < 1000);
    const pool = new WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 5000, workers: options.workers });
    const startAt = performance.now();
    await pool.verify(finishing[0], new AbortController().signal);
    const workerStartMs = performance.now() - startAt;
    await Promise.all(Array.from({ length: options.workers }, () => pool.verify(jobs[0], new AbortController().signal)));
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.workers }, async () => {
        while (next < finishing.length) await pool.verify(finishing[next++], new AbortController().signal);
      }),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    await pool.dispose();

    const inWorker = warmRun.timings.map((t) => t.prepareMs + t.runMs + t.cleanupMs);
    return {
      candidates: samples.length,
      freshPytest: {
        runs: fresh.length,
        medianWallMs: round(median(freshWalls)),
        copyMs: round(median(copyMs), 2),
        interpreterStartMs: round(median(starts)),
        pytestStartMs: round(median(pytestStarts)),
      },
      generalVerifier: { runs: 5, medianWallMs: round(median(generalRun.walls)), sandbox: generalSandbox },
      floor: { medianWallMs: round(median(floor.walls), 2), medianTestMs: round(median(floor.tests), 3) },
      warmNoSandbox: { medianWallMs: round(median(bareRun.walls), 2) },
      warmBubblewrap: {
        medianWallMs: round(median(warmRun.walls), 2),
        p90WallMs: round([...warmRun.walls].sort((a, b) => a - b)[Math.floor(warmRun.walls.length * 0.9)], 2),
        prepareMs: round(median(warmRun.timings.map((t) => t.prepareMs)), 2),
        forkRunMs: round(median(warmRun.timings.map((t) => t.runMs)), 2),
        cleanupMs: round(median(warmRun.timings.map((t) => t.cleanupMs)), 2),
        ipcMs: round(median(warmRun.walls.map((w, i) => w - (inWorker[i] ?? 0))), 2),
        testMs: round(median(warmRun.tests), 3),
      },
      warmThroughput: { workers: options.workers, candidates: finishing.length, candidatesPerSecond: round(finishing.length / wallSeconds), wallSeconds: round(wallSeconds, 2) },
      workerStartMs: round(workerStartMs),
      ratioToFloor: round(median(warmRun.walls) / median(floor.walls), 2),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
