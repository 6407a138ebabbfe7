import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { clearRegisteredSecretValues, registeredSecretValues } from '../../../src/engine/secrets/secretValues';
import { ScrubbingLog } from '../../../src/vscode/logScrubber';
import { RecordingLog } from '../../doubles/recordingLog';
import { API_KEY, DOTENV, ENV_SECRET, leaked, leakyVerdict, PEM } from './leakyOutput';

const ROOT = path.resolve(__dirname, '../../..');

describe('log lines are scrubbed', () => {
  afterEach(() => clearRegisteredSecretValues());

  it('the extension log masks the key, the environment, .env dumps and PEM keys in every line', () => {
    const sink = new RecordingLog();
    const log = new ScrubbingLog(sink);
    log.addSecret(API_KEY);
    const v = leakyVerdict();
    const envName = 'BEST_OF_N_TEST_AUTH_TOKEN';
    process.env[envName] = ENV_SECRET;
    try {
      // The line runSession writes for a verified candidate: status, then the whole output.
      log.info(`Candidate #1 tests ${v.status}: ${v.passed}/${v.total} passed\n${v.output}`);
      log.warn(`Candidate #2 rejected: ${DOTENV}`);
      log.error(`Run failed: ${PEM} ${API_KEY}`);
    } finally {
      delete process.env[envName];
    }
    assert.equal(sink.lines.length, 3);
    assert.deepEqual(leaked(sink.lines.join('\n')), []);
    assert.match(sink.lines[0], /^info Candidate #1 tests failed: 1\/2 passed\nRAW-COMBINED-OUTPUT/, 'the rest of the line is kept');
  });

  it('a key added to the log is masked in prompts and the panel too', () => {
    new ScrubbingLog(new RecordingLog()).addSecret(API_KEY);
    assert.deepEqual(registeredSecretValues(), [API_KEY]);
    new ScrubbingLog(new RecordingLog()).addSecret('short');
    assert.deepEqual(registeredSecretValues(), [API_KEY]);
  });

  it("the CLI's stderr is scrubbed: an error line echoing a secret does not show it", async function () {
    this.timeout(30_000);
    const env: NodeJS.ProcessEnv = { ...process.env, BEST_OF_N_TEST_SECRET: ENV_SECRET };
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', `${ENV_SECRET}-sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123`], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    assert.match(stderr, /unknown command "\[redacted\]-\[redacted\]"/);
    assert.deepEqual(leaked(stderr), []);
  });
});
