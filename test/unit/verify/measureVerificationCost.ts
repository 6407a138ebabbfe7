// Per-candidate verification cost with relevant-test selection beside the whole command, and
// the time to finish a run with one hanging candidate without and with the adaptive limit:
//   npx tsx test/unit/verify/measureVerificationCost.ts [repeats=5] [--no-jest] [--no-hang]
// Every figure comes from real runs under the sandbox the machine has (bubblewrap here),
// printed beside its baseline and written to bench/verification-cost.md. Nothing is asserted.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findRelatedTests } from '../../../src/engine/language/relatedTests';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import { OpenAIModelClient } from '../../../src/engine/model/openaiModelClient';
import { getProviderProfile } from '../../../src/engine/model/providerProfiles';
import { solve } from '../../../src/engine/solve';
import type { Task } from '../../../src/engine/task';
import { createVerifier, detectBubblewrap } from '../../../src/engine/verify/createVerifier';
import { runBaseline } from '../../../src/engine/verify/integrity/baseline';
import { planSelection, runSelectedBaseline } from '../../../src/engine/verify/selection/testSelection';
import type { Verifier } from '../../../src/engine/verify/types';
import { startScriptedModelServer } from '../../doubles/scriptedModelServer';
import {
  LEDGER_PROJECT,
  materializeLedgerProject,
  materializeNodeTestProject,
  materializeTsJestProject,
  NODE_TEST_PROJECT,
  removeProject,
  TS_JEST_PROJECT,
  type FixtureProjectInfo,
} from '../../fixtures/projects/materialize';
import { HANGING_MEDIAN, RIGHT_MEDIAN } from '../engine/medianAnswers';
import { options } from '../engine/solveHelpers';
import { copyFixture } from './helpers';

const execFileAsync = promisify(execFile);
const repeats = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const lines: string[] = [];
const say = (line: string): void => {
  console.log(line);
  lines.push(line);
};

async function taskFor(dir: string, project: FixtureProjectInfo, command = project.testCommand): Promise<Task> {
  const fileText = await fs.readFile(path.join(dir, project.targetFile), 'utf8');
  const task = taskForFunction({ workspaceRoot: dir, filePath: project.targetFile, fileText, functionName: project.targetFunction, testCommand: command });
  return { ...task, relatedTests: await findRelatedTests(task) };
}

/** Times one candidate (the target with the fixture's breaking edit undone: the file as is) run both ways, interleaved. */
async function selectionRow(label: string, task: Task, verifier: Verifier, times = repeats): Promise<void> {
  const signal = new AbortController().signal;
  const [baseline, selectedRun] = await Promise.all([runBaseline(task, verifier, signal), runSelectedBaseline(task, verifier, signal)]);
  const plan = planSelection(task, selectedRun, baseline.summary);
  if (plan.selection.mode !== 'selected') {
    say(`| ${label} | ${baseline.summary.testIds.length} | — | — | — | — | not selected: ${plan.selection.reason} |`);
    return;
  }
  const job = (command: string) => ({ task: { ...task, testCommand: command }, candidateId: 1, fileText: task.fileText });
  const whole: number[] = [];
  const selected: number[] = [];
  // One warm-up each so page cache and first imports count for neither side.
  await verifier.verify(job(task.testCommand), signal);
  await verifier.verify(job(plan.selection.command), signal);
  for (let i = 0; i < times; i++) {
    let t = performance.now();
    const w = await verifier.verify(job(task.testCommand), signal);
    whole.push(performance.now() - t);
    t = performance.now();
    const s = await verifier.verify(job(plan.selection.command), signal);
    selected.push(performance.now() - t);
    if (w.status !== 'passed' || s.status !== 'passed') throw new Error(`${label}: expected both runs to pass, got ${w.status} / ${s.status}`);
  }
  const cases = plan.selection.cases;
  say(`| ${label} | ${cases?.whole} | ${cases?.selected} | ${median(whole).toFixed(0)} | ${median(selected).toFixed(0)} | **${(median(whole) / median(selected)).toFixed(2)}×** | \`${plan.selection.command.slice(0, 90)}${plan.selection.command.length > 90 ? '…' : ''}\` |`);
}

/** One jest candidate run: cold (a verifier with no trusted run yet), with the cache copy a trusted run filled, and the command run directly on the host. */
async function jestCacheRows(times: number): Promise<void> {
  const dir = await materializeTsJestProject();
  try {
    const task = await taskFor(dir, TS_JEST_PROJECT);
    const signal = new AbortController().signal;
    const candidate = { task, candidateId: 1, fileText: task.fileText };
    const cold: number[] = [];
    const warm: number[] = [];
    const direct: number[] = [];
    const warmVerifier = createVerifier({ sandbox: 'auto', timeoutMs: 300_000 });
    await warmVerifier.verify({ ...candidate, candidateId: 0 }, signal);
    // The project's own jest cache on the host, warmed once, as a user running the command would have it.
    const cacheDir = path.join(dir, '.jest-direct-cache');
    const runDirect = (): Promise<unknown> => execFileAsync('/bin/sh', ['-c', `${TS_JEST_PROJECT.testCommand} --silent --cacheDirectory=${cacheDir}`], { cwd: dir });
    await runDirect();
    try {
      for (let i = 0; i < times; i++) {
        const fresh = createVerifier({ sandbox: 'auto', timeoutMs: 300_000 });
        let t = performance.now();
        const c = await fresh.verify(candidate, signal);
        cold.push(performance.now() - t);
        await fresh.dispose();
        t = performance.now();
        const w = await warmVerifier.verify(candidate, signal);
        warm.push(performance.now() - t);
        t = performance.now();
        await runDirect();
        direct.push(performance.now() - t);
        if (c.status !== 'passed' || w.status !== 'passed') throw new Error(`jest runs should pass: ${c.status} / ${w.status}`);
      }
    } finally {
      await warmVerifier.dispose();
    }
    say(`| cold cache (each run starts from an empty /tmp: before) | ${median(cold).toFixed(0)} |`);
    say(`| copy of the cache a trusted run filled (after) | ${median(warm).toFixed(0)} |`);
    say(`| the command run directly on the host, warm cache, no sandbox (reference) | ${median(direct).toFixed(0)} |`);
    say(`\nCold / warm copy: **${(median(cold) / median(warm)).toFixed(2)}×**; warm copy / direct: ${(median(warm) / median(direct)).toFixed(2)}×.`);
  } finally {
    await removeProject(dir);
  }
}

/** Wall time of a solve with two correct candidates and one that never returns, under a 60 s verifier limit. */
async function hangingRun(adaptive: boolean): Promise<{ wallMs: number; states: string }> {
  const dir = await copyFixture('python-sample');
  const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 60_000 });
  const server = await startScriptedModelServer([{ content: RIGHT_MEDIAN }, { content: RIGHT_MEDIAN.replace('values', 'xs').replace(/\bvalues\b/g, 'xs') }, { content: HANGING_MEDIAN }]);
  try {
    const text = await fs.readFile(path.join(dir, 'stats.py'), 'utf8');
    const task = taskForFunction({ workspaceRoot: dir, filePath: 'stats.py', fileText: text, functionName: 'median', testCommand: 'python3 -m pytest -q' });
    const model = new OpenAIModelClient({ baseURL: server.url, apiKey: 'sk-test-not-secret', model: 'scripted', profile: getProviderProfile('ollama') });
    const opts = options(model, verifier, { sampling: { n: 3, concurrency: 3 }, verifyConcurrency: 3, earlyStopAgreeing: 0, baseline: true, ...(adaptive ? {} : { adaptiveTimeLimit: false }) });
    const started = performance.now();
    let states = '';
    for await (const e of solve(task, opts, new AbortController().signal)) {
      if (e.type === 'run/finished') states = e.result.candidates.map((c) => `#${c.id} ${c.state}`).join(', ');
    }
    return { wallMs: performance.now() - started, states };
  } finally {
    await server.close();
    await verifier.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const verifier = createVerifier({ sandbox: 'auto', timeoutMs: 120_000 });
  await detectBubblewrap();
  say(`# Verification cost per candidate\n\nMeasured by \`npx tsx test/unit/verify/measureVerificationCost.ts ${repeats}\` (${new Date().toISOString().slice(0, 10)}, ${verifier.description}, 2 cores shared with other work; medians of ${repeats} interleaved runs of a passing candidate).\n`);
  say('Each row verifies one passing candidate the way a run does: a fresh copy of the workspace, the sandbox, the runner\'s report. "whole" is the test command as given; "selected" is the command cut down to the tests that exercise the target (found with tree-sitter), which each candidate runs when the suite is larger; the whole command then runs once, on the pick. The fixed cost (copy, sandbox, interpreter start) is paid either way, so the ratio grows with the suite.\n');
  say('| project | cases (whole) | cases (selected) | whole command ms | selected ms | whole / selected | selected command |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  const dirs: string[] = [];
  try {
    const ledger = await materializeLedgerProject();
    dirs.push(ledger);
    await selectionRow('py-ledger (pytest, conftest, parametrize)', await taskFor(ledger, LEDGER_PROJECT), verifier);
    const jest = await materializeTsJestProject();
    dirs.push(jest);
    await selectionRow('ts-jest (jest + ts-jest)', await taskFor(jest, TS_JEST_PROJECT), verifier, Math.min(repeats, 3));
    const node = await materializeNodeTestProject();
    dirs.push(node);
    await selectionRow('esm-node-test (node --test)', await taskFor(node, NODE_TEST_PROJECT), verifier);
  } finally {
    for (const dir of dirs) await removeProject(dir);
    await verifier.dispose();
  }
  if (!process.argv.includes('--no-jest')) {
    const times = Math.min(repeats, 3);
    say(`\n## jest transform cache\n\nOne passing candidate of the ts-jest fixture (36 tests), medians of ${times} interleaved runs.\n`);
    say('| run | ms |');
    say('| --- | --- |');
    await jestCacheRows(times);
  }
  if (!process.argv.includes('--no-hang')) {
    say('\n## One hanging candidate\n\nTwo correct candidates and one `while True: pass`, verified at once under a 60 s limit (python-sample, general verifier).\n');
    say('| adaptive limit | run wall time | candidates |');
    say('| --- | --- | --- |');
    const before = await hangingRun(false);
    say(`| off (the full 60 s limit) | ${(before.wallMs / 1000).toFixed(1)} s | ${before.states} |`);
    const after = await hangingRun(true);
    say(`| on (max(10 s, 3 × slowest pass)) | ${(after.wallMs / 1000).toFixed(1)} s | ${after.states} |`);
  }
  const out = path.resolve(__dirname, '../../../bench/verification-cost.md');
  await fs.writeFile(out, `${lines.join('\n')}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
