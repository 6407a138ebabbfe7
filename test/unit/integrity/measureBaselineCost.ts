// Measures what the baseline + witness add per solve, against one candidate's verification:
//   npx tsx test/unit/integrity/measureBaselineCost.ts [repeats=5]
// For the python-sample fixture (general verifier), the humaneval-sample fixture (warm runner:
// plain-assert tests) and the src-layout project
// (editable install, general verifier) it times `runBaseline` (the two runs, concurrently)
// and a single verification of the current file, under bubblewrap. Prints medians; nothing
// here is asserted.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { taskForFunction } from '../../../src/engine/locate/locateFunction';
import type { Task } from '../../../src/engine/task';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import { runBaseline } from '../../../src/engine/verify/integrity/baseline';
import type { Verifier } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';
import { materializePythonProject, PYTHON_PROJECT, removeProject } from '../../fixtures/projects/materialize';
import { copyFixture } from '../verify/helpers';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const repeats = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, task: Task, verifier: Verifier): Promise<void> {
  const signal = new AbortController().signal;
  // One warm-up of each, so worker starts and first imports are not counted.
  await verifier.verify({ task, candidateId: 1, fileText: task.fileText }, signal);
  await runBaseline(task, verifier, signal);
  const single: number[] = [];
  const baseline: number[] = [];
  let witness = '';
  for (let i = 0; i < repeats; i++) {
    let t = performance.now();
    await verifier.verify({ task, candidateId: 1, fileText: task.fileText }, signal);
    single.push(performance.now() - t);
    t = performance.now();
    const outcome = await runBaseline(task, verifier, signal);
    baseline.push(performance.now() - t);
    witness = outcome.summary.witness;
  }
  console.log(`${label.padEnd(48)} one verification ${median(single).toFixed(0).padStart(6)} ms   baseline+witness ${median(baseline).toFixed(0).padStart(6)} ms   (witness ${witness}, ${repeats} runs)`);
}

async function main(): Promise<void> {
  await ensureLanguageLayer();
  const sample = await copyFixture('python-sample');
  const humaneval = await copyFixture('humaneval-sample');
  const project = await materializePythonProject('editable');
  try {
    const stats = await fs.readFile(path.join(sample, 'stats.py'), 'utf8');
    const sampleTask = taskForFunction({ workspaceRoot: sample, filePath: 'stats.py', fileText: stats, functionName: 'median', testCommand: 'python3 -m pytest -q' });
    const general = createVerifier({ sandbox: 'bubblewrap', timeoutMs: 60000 });
    await measure('python-sample, general verifier (pytest)', sampleTask, general);
    const warm = new WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 10000, workers: 2 });
    const solution = await fs.readFile(path.join(humaneval, 'solution.py'), 'utf8');
    const warmTask = taskForFunction({ workspaceRoot: humaneval, filePath: 'solution.py', fileText: solution, functionName: 'has_close_elements', testCommand: 'python3 -m pytest -q' });
    await measure('humaneval-sample, warm runner', warmTask, warm);
    await measure('humaneval-sample, general verifier (pytest)', warmTask, general);
    await warm.dispose();
    const text = await fs.readFile(path.join(project, PYTHON_PROJECT.targetFile), 'utf8');
    const projectTask = taskForFunction({ workspaceRoot: project, filePath: PYTHON_PROJECT.targetFile, fileText: text, functionName: PYTHON_PROJECT.targetFunction, testCommand: PYTHON_PROJECT.testCommand });
    await measure('py-src-layout (editable, 84 tests), general', projectTask, general);
    await general.dispose();
  } finally {
    await fs.rm(sample, { recursive: true, force: true });
    await fs.rm(humaneval, { recursive: true, force: true });
    await removeProject(project);
  }
}

void main();
