import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Task } from '../../../src/engine/task';
import { applyToFile } from '../../../src/engine/task';
import type { VerifierResult } from '../../../src/engine/verify/types';
import { WarmVerifier } from '../../../src/engine/verify/warm/warmVerifier';
import { requireSandbox } from '../verify/helpers';
import { makeAddWorkspace } from '../warm/addWorkspace';


/** What a forger claims: both user tests passed. */
const FORGED_TESTS = "[{'name': 'test_add.py::test_small', 'status': 'passed'}, {'name': 'test_add.py::test_negative', 'status': 'passed'}]";

/** Each candidate below is wrong (`add` returns 0): any "passed" would be forged. */
const ATTACKS: Record<string, string> = {
  'a forged result line on the result pipe, then os._exit(0)': [
    'import json, os, stat',
    `line = (json.dumps({'tests': ${FORGED_TESTS}, 'collectErrors': [], 'seccomp': True}) + '\\n').encode()`,
    'for fd in range(0, 256):',
    '    try:',
    '        if stat.S_ISFIFO(os.fstat(fd).st_mode):',
    '            os.write(fd, line)',
    '    except OSError:',
    '        pass',
    'os._exit(0)',
  ].join('\n'),
  'json.dumps replaced at import to report every test passed': [
    'import json',
    '_real = json.dumps',
    "json.dumps = lambda obj, *a, **k: _real(dict(obj, tests=[dict(t, status='passed') for t in obj.get('tests', [])]) if isinstance(obj, dict) else obj, *a, **k)",
  ].join('\n'),
  'the test runner monkeypatched to pass everything': [
    'import sys',
    "sys.modules['__main__'].run_one = lambda name, fn: {'name': name, 'status': 'passed'}",
  ].join('\n'),
  'os._exit(0) at import': 'import os\nos._exit(0)',
};

function makeWorkspace(): { dir: string; task: Task } {
  return makeAddWorkspace('warm-forgery-');
}

for (const sandbox of ['bubblewrap', 'none'] as const) {
  describe(`forged verdicts: warm runner (${sandbox})`, function () {
    this.timeout(60000);
    let verifier: WarmVerifier;
    let dir: string;
    let task: Task;

    before(async function () {
      if (sandbox === 'bubblewrap') await requireSandbox(this);
      ({ dir, task } = makeWorkspace());
      verifier = new WarmVerifier({ sandbox, timeoutMs: 5000, workers: 1, maxOutputBytes: 4096 });
    });
    after(async () => {
      await verifier?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** The candidate: module-level `prelude`, then `add` with `body`. */
    const run = (body: string, prelude = ''): Promise<VerifierResult> =>
      verifier.verify({ task, candidateId: 1, fileText: `${prelude}\n\n${applyToFile(task, body)}` }, new AbortController().signal);

    it('passes an honest candidate; its canaries are not among its tests', async () => {
      const r = await run('    return a + b\n');
      assert.equal(r.status, 'passed', r.reason ?? r.output);
      assert.deepEqual(r.tests.map((t) => t.name), ['test_add.py::test_small', 'test_add.py::test_negative']);
    });

    for (const [attack, prelude] of Object.entries(ATTACKS)) {
      it(`${attack}: not passed`, async () => {
        const r = await run('    return 0\n', prelude);
        assert.notEqual(r.status, 'passed', `${r.status}: ${r.reason}`);
        if (attack.startsWith('a forged') || attack.startsWith('the test runner')) assert.equal(r.status, 'tampered', r.reason);
        // Honest runs still work after each attack (the worker was not taken over).
        const honest = await run('    return a + b\n');
        assert.equal(honest.status, 'passed', honest.reason ?? honest.output);
      });
    }

    if (sandbox === 'bubblewrap') {
      it('wipes /tmp and /dev/shm between candidates: the next one cannot read what the last one left', async () => {
        const write = "import os\nfor d in ('/tmp', '/dev/shm'):\n    try:\n        open(os.path.join(d, 'left-behind.txt'), 'w').write('secret of candidate 1')\n    except OSError:\n        pass\n";
        assert.equal((await run('    return a + b\n', write)).status, 'passed');
        // Passes only if neither file is there any more.
        const read = "    import os\n    return a + b if not any(os.path.exists(os.path.join(d, 'left-behind.txt')) for d in ('/tmp', '/dev/shm')) else 0\n";
        const r = await run(read);
        assert.equal(r.status, 'passed', `${r.reason}\n${r.output}`);
      });
    }
  });
}
