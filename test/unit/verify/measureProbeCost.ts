// Measures what generated-test probes add per candidate on the general verifier path:
//   npx tsx test/unit/verify/measureProbeCost.ts [candidates=12] [extraModules=0]
// For each sandbox mode it verifies `candidates` passing candidates of a nested unittest
// project with the real general verifier, then times the probe step alone (the first one
// includes starting the probe worker). Prints medians; nothing here is asserted.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyToFile } from '../../../src/engine/task';
import { createVerifier, detectBubblewrap } from '../../../src/engine/verify/createVerifier';
import { CandidateProber } from '../../../src/engine/verify/probes/candidateProber';
import { makeNestedWorkspace } from './nestedWorkspace';
import { ensureLanguageLayer } from '../../../src/engine/language/registry';

const count = Number(process.argv[2] ?? 12);
const extraModules = Number(process.argv[3] ?? 0);
// Like a real run: ~30 calls (generated and derived inputs) and a few checks.
const probes = [...Array.from({ length: 30 }, (_, i) => `grow(${i - 10})`), ...Array.from({ length: 5 }, (_, i) => `grow(${i}) == ${2 * i}`)];
const bodies = ['    return x + x\n', '    return 2 * x\n', '    return twice(x)\n', '    return x * 2\n'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(mode: 'bubblewrap' | 'none'): Promise<void> {
  const { dir, task } = makeNestedWorkspace('probe-cost-');
  // A bigger project: every module travels to the probe sandbox with each candidate.
  mkdirSync(path.join(dir, 'growth', 'extra'));
  writeFileSync(path.join(dir, 'growth', 'extra', '__init__.py'), '');
  for (let i = 0; i < extraModules; i++) writeFileSync(path.join(dir, 'growth', 'extra', `m${i}.py`), `# module ${i}\n${'VALUE = 1\n'.repeat(500)}`);
  const general = createVerifier({ sandbox: mode, timeoutMs: 30000 });
  const prober = new CandidateProber({ sandbox: mode, timeoutMs: 20000 });
  const signal = new AbortController().signal;
  const tests: number[] = [];
  const probing: number[] = [];
  let sandbox = '';
  try {
    for (let i = 0; i < count; i++) {
      const job = { task, candidateId: i + 1, fileText: applyToFile(task, bodies[i % bodies.length]), probes };
      const t0 = performance.now();
      const verdict = await general.verify(job, signal);
      const t1 = performance.now();
      const outcome = await prober.probe(job, signal);
      const t2 = performance.now();
      if (verdict.status !== 'passed' || !outcome.ok) throw new Error(`candidate ${i + 1}: ${verdict.status} ${outcome.ok ? '' : outcome.reason}`);
      sandbox = outcome.sandbox;
      tests.push(t1 - t0);
      probing.push(t2 - t1);
    }
  } finally {
    await general.dispose();
    await prober.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  const rest = probing.slice(1);
  console.log(
    `${mode.padEnd(10)} probes in ${sandbox}: first ${probing[0].toFixed(0)} ms (starts the worker), then median ${median(rest).toFixed(1)} ms, max ${Math.max(...rest).toFixed(1)} ms ` +
      `per candidate for ${probes.length} probes; the test command itself: median ${median(tests).toFixed(0)} ms → probes add ${((100 * median(rest)) / median(tests)).toFixed(1)}%`,
  );
}

async function main(): Promise<void> {
  await ensureLanguageLayer();
  console.log(`${count} passing candidates, ${probes.length} probes each, ${extraModules} extra modules of ~5 KB in the project`);
  if ((await detectBubblewrap()).available) await measure('bubblewrap');
  else console.log('bubblewrap unavailable: measured without it only');
  await measure('none');
}

void main();
