import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVerifier } from '../../../src/engine/verify/createVerifier';
import type { VerifierOptions } from '../../../src/engine/verify/createVerifier';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';
import { makeJob, makeTask, markerSeconds, processesWith, requireSandbox } from '../verify/helpers';

const TESTS = 'import stats\n\n\ndef test_median():\n    assert stats.median([3, 1, 2]) == 2\n';
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** A candidate module whose import runs `body`, then a wrong median, so its tests never pass. */
function candidate(body: string): string {
  return `import os, subprocess, time\n${body}\n\ndef median(values):\n    return 0\n`;
}

/** Allocates 3 GB in 64 MB steps, touching every page. */
const MEMORY_HOG = 'hog = []\nfor _ in range(48):\n    hog.append(bytearray(64 * 1024 * 1024))\n    time.sleep(0.01)';
/** 300 processes at once. */
const PROCESS_BURST = "procs = [subprocess.Popen(['sleep', '30']) for _ in range(300)]\ntime.sleep(30)";

/** The run was killed at a limit, says so in plain words, carries the risk sign, and did not pass. */
function assertLimitKilled(result: VerifierResult, reason: RegExp): void {
  assert.notEqual(result.status, 'passed');
  assert.equal(result.status, 'error', `${result.status}: ${result.reason}\n${result.output.slice(-1500)}`);
  assert.match(result.reason ?? '', reason);
  assert.equal(result.observed?.[0]?.source, 'sandbox');
  assert.equal(result.observed?.[0]?.kind, 'limit-killed');
  assert.match(result.observed?.[0]?.detail ?? '', reason);
}

for (const mode of ['bubblewrap', 'none'] as const) {
  describe(`limits per candidate, general verifier (sandbox: ${mode})`, function () {
    this.timeout(240_000);
    let ws: string;
    const signal = new AbortController().signal;
    const run = async (body: string, options: Partial<VerifierOptions> = {}, command = 'python3 -m pytest -q'): Promise<VerifierResult> => {
      const verifier = createVerifier({ sandbox: mode, timeoutMs: 60_000, ...options });
      try {
        return await verifier.verify(makeJob(makeTask(ws, 'stats.py', command, 'python'), candidate(body)), signal);
      } finally {
        await verifier.dispose();
      }
    };

    before(async function () {
      if (mode === 'bubblewrap') await requireSandbox(this);
      ws = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-test-limits-'));
      await fs.writeFile(path.join(ws, 'stats.py'), 'def median(values):\n    raise NotImplementedError\n');
      await fs.writeFile(path.join(ws, 'test_stats.py'), TESTS);
    });
    after(async () => {
      if (ws) await fs.rm(ws, { recursive: true, force: true });
    });

    it('kills a candidate allocating 3 GB at the 2 GiB default', async () => {
      // No timing asserted: this VM takes seconds per GiB to hand out fresh pages, more under load.
      const result = await run(MEMORY_HOG);
      assertLimitKilled(result, /killed: used more than 2 GiB of memory/);
    });

    it('kills 300 processes at the default of 256', async () => {
      const result = await run(PROCESS_BURST);
      assertLimitKilled(result, /killed: ran more than 256 processes at once/);
    });

    it('kills a candidate writing 3 GB into its copy at the disk limit', async () => {
      const body = "for i in range(48):\n    with open(f'blob-{i}', 'wb') as f:\n        f.write(os.urandom(1024) * (64 * 1024))";
      const result = await run(body, { limits: { diskBytes: 256 * MiB } });
      assertLimitKilled(result, /killed: wrote more than 256 MiB to disk/);
    });

    it('leaves no daemon behind when the run itself ends normally', async () => {
      const mark = markerSeconds();
      const result = await run(`subprocess.Popen(['sh', '-c', 'setsid sleep ${mark} >/dev/null 2>&1 &'])\ntime.sleep(0.3)`);
      assert.notEqual(result.status, 'passed');
      assert.deepEqual(await processesWith(mark), []);
    });

    if (mode === 'bubblewrap') {
      it('caps the private /tmp: 3 GB there fails at the tmpfs size', async () => {
        const body = "import sys\ntry:\n    with open('/tmp/blob', 'wb') as f:\n        for _ in range(48):\n            f.write(b'x' * (64 * 1024 * 1024))\nexcept OSError as e:\n    sys.stderr.write(f'TMP-FULL {e.errno}\\n')\n    raise";
        const result = await run(body, { limits: { tmpBytes: 64 * MiB } }, 'python3 -c "import stats"');
        assert.notEqual(result.status, 'passed');
        assert.match(result.output, /TMP-FULL 28/); // ENOSPC
      });
    }
  });
}

describe('limits per candidate, warm runner (bubblewrap)', function () {
  this.timeout(240_000);
  let ws: string;
  let verifier: WarmVerifier;
  const signal = new AbortController().signal;
  const run = (body: string): Promise<VerifierResult> =>
    verifier.verify(makeJob(makeTask(ws, 'stats.py', 'python3 -m pytest -q', 'python'), candidate(body)), signal);

  before(async function () {
    await requireSandbox(this);
    ws = await fs.mkdtemp(path.join(os.tmpdir(), 'bon-test-warm-limits-'));
    await fs.writeFile(path.join(ws, 'stats.py'), 'def median(values):\n    raise NotImplementedError\n');
    await fs.writeFile(path.join(ws, 'test_stats.py'), TESTS);
    verifier = new WarmVerifier({ sandbox: 'bubblewrap', timeoutMs: 90_000, workers: 1, limits: { memoryBytes: 2 * GiB, tmpBytes: 64 * MiB } });
  });
  after(async () => {
    await verifier?.dispose();
    if (ws) await fs.rm(ws, { recursive: true, force: true });
  });

  it('stops a candidate allocating 3 GB at the memory limit', async () => {
    const result = await run(MEMORY_HOG);
    assert.notEqual(result.status, 'passed');
    assert.match(result.output, /MemoryError/);
  });

  it('stops 300 processes (the worker forbids new ones)', async () => {
    const result = await run(PROCESS_BURST);
    assert.notEqual(result.status, 'passed');
  });

  it('caps the worker\'s private /tmp', async () => {
    const body = "with open('/tmp/blob', 'wb') as f:\n    for _ in range(48):\n        f.write(b'x' * (64 * 1024 * 1024))";
    const result = await run(body);
    assert.notEqual(result.status, 'passed');
    assert.match(result.output, /No space left|File too large|OSError/);
  });
});
