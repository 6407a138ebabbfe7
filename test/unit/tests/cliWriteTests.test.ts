import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadHumanEval } from '../../../src/engine/humaneval/dataset';
import { REPLAY_MODEL_ID, startReplayServer, type ReplayServer } from '../../../src/cli/replay/replayServer';
import { cli } from '../engine/cliProcess';
import { TempProject } from './workspaceFixture';

describe('best-of-n solve --write-tests (CLI process, replay server)', () => {
  let server: ReplayServer;
  let project: TempProject;
  before(async () => {
    server = await startReplayServer({ dataset: await loadHumanEval(), seed: 1, port: 0 });
  });
  after(async () => server.close());
  beforeEach(() => (project = new TempProject()));
  afterEach(() => project.dispose());

  it('prints the proposed test file as a diff, writes nothing, and the diff applied passes on a right implementation', async () => {
    const prompt = (await loadHumanEval()).byId.get('HumanEval/13')?.prompt ?? '';
    project.write({ 'gcd.py': `${prompt.trimEnd()}\n    while b:\n        a, b = b, a % b\n    return a\n` });
    const run = await cli(['--workspace', project.root, '--file', 'gcd.py', '--function', 'greatest_common_divisor', '--target', 'body', '--test-cmd', 'python3 -m pytest -q', '--base-url', server.url, '--model', REPLAY_MODEL_ID, '--provider', 'replay', '--write-tests']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /tests? for greatest_common_divisor from 10 model answers.*in a new test_gcd\.py \(pytest\)\. Check the expected values.*Nothing was written/);
    assert.match(run.stdout, /^--- \/dev\/null\n\+\+\+ b\/test_gcd\.py\n/m);
    assert.equal(existsSync(path.join(project.root, 'test_gcd.py')), false, 'nothing written');
    // The added lines are the file: write them and let pytest judge the recorded proposals against a right gcd.
    const added = run.stdout.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1));
    project.write({ 'test_gcd.py': `${added.join('\n')}\n` });
    assert.match(readFileSync(path.join(project.root, 'test_gcd.py'), 'utf8'), /^from gcd import greatest_common_divisor\n/);
    const pytest = project.run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider']);
    assert.equal(pytest.code, 0, pytest.output);
  });
});
