import * as assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { REDACTED, scrubForLog, scrubForModel } from '../../../src/engine/secrets/scrubOutput';
import { clearRegisteredSecretValues, environmentSecretValues, registerSecretValue } from '../../../src/engine/secrets/secretValues';
import { API_KEY, DOTENV, ENV, ENV_SECRET, leaked, PEM } from './leakyOutput';

describe('scrubForLog / scrubForModel', () => {
  afterEach(() => clearRegisteredSecretValues());

  it('masks the key passed in, wherever it appears', () => {
    const out = scrubForLog(`auth failed for ${API_KEY}; retry with ${API_KEY}`, { secrets: [API_KEY], env: {} });
    assert.equal(out, `auth failed for ${REDACTED}; retry with ${REDACTED}`);
  });

  it('masks registered keys without being told', () => {
    registerSecretValue(API_KEY);
    assert.deepEqual(leaked(scrubForModel(`x ${API_KEY} y`, { env: {} })), []);
  });

  it('masks secret-named environment values of 8+ characters only', () => {
    assert.deepEqual(environmentSecretValues(ENV), [ENV_SECRET]);
    const out = scrubForLog(`HOME is /home/someone, pw ${ENV_SECRET}, token short`, { env: ENV });
    assert.equal(out, `HOME is /home/someone, pw ${REDACTED}, token short`);
  });

  it('masks token shapes: sk-, ghp_, xoxb-, AKIA, JWT, Bearer, URL passwords', () => {
    const text = [
      'sk-ant-api03-abcdefghijklmnopqrstuvwx',
      'ghp_0123456789abcdefghijABCDEFGHIJ012345',
      'xoxb-1234567890-abcdefghij',
      'AKIAIOSFODNN7EXAMPLE',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'Authorization: Bearer abcdef0123456789',
      'redis://default:s3cretpass@cache:6379',
    ].join('\n');
    const out = scrubForLog(text, { env: {} });
    for (const bit of ['abcdefghijklmnopqrstuvwx', '0123456789abcdefghij', '1234567890-abcdefghij', 'IOSFODNN7EXAMPLE', 'dozjgNry', 'abcdef0123456789', 's3cretpass']) {
      assert.ok(!out.includes(bit), `${bit} survived in:\n${out}`);
    }
    assert.match(out, /Bearer \[redacted\]/);
    assert.match(out, /redis:\/\/default:\[redacted\]@cache/);
  });

  it('masks PEM private keys, whole or cut short, and bare key bodies', () => {
    assert.equal(scrubForLog(`before\n${PEM}\nafter`, { env: {} }), `before\n${REDACTED}\nafter`);
    const cut = PEM.split('\n').slice(0, 2).join('\n');
    assert.equal(scrubForLog(`before\n${cut}\nFAILED test_x`, { env: {} }), `before\n${REDACTED}\nFAILED test_x`);
    const bodyOnly = PEM.split('\n').slice(1).join('\n');
    assert.deepEqual(leaked(scrubForLog(`tail:\n${bodyOnly}\ndone`, { env: {} })), []);
  });

  it('masks the values of dotenv-shaped lines and keeps their names', () => {
    const out = scrubForLog(`${DOTENV}PORT=8080\n`, { env: {} });
    assert.equal(out, `DATABASE_URL=${REDACTED}\nSTRIPE_WEBHOOK_SIGNING=${REDACTED}\nexport OPENAI_KEY=${REDACTED}\nPORT=${REDACTED}\n`);
  });

  it('masks secret-named assignments in dumps but leaves ordinary code and messages alone', () => {
    const dump = `{'api_key': 'abcd1234efgh', "password": "hunter2hunter", secretToken=zzzzzzzz}`;
    assert.equal(scrubForLog(dump, { env: {} }), `{'api_key': '${REDACTED}', "password": "${REDACTED}", secretToken=${REDACTED}}`);
    const ordinary = [
      'E       assert sorted(xs, key=len) == [1, 2]',
      'E       AssertionError: expected tokens == 3, got 4',
      '    LIMIT = 100',
      'x = compute(3)',
      "author: 'Jane Doe'",
      '=================== 1 failed, 3 passed in 0.12s ===================',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n');
    assert.equal(scrubForLog(ordinary, { env: {} }), ordinary);
  });

  it('for the model, also drops terminal escapes and shows the home directory as ~', () => {
    const home = homedir();
    const out = scrubForModel(`\x1b[31mFAILED\x1b[0m ${home}/proj/test_a.py::test_x`, { env: {} });
    assert.equal(out, 'FAILED ~/proj/test_a.py::test_x');
  });
});

describe('scrubbing hostile output stays fast', () => {
  it('scrubs 256 KB shaped to make regular expressions backtrack in well under a second each', () => {
    const size = 256 * 1024;
    const shapes = {
      letters: 'a'.repeat(size),
      dotted: 'a.'.repeat(size / 2),
      assignments: 'x_token'.repeat(size / 7),
      pemOpenings: '-----BEGIN PRIVATE KEY-----\n'.repeat(size / 28),
      base64: `${'QUJD'.repeat(size / 4)}\n`,
      escapes: '\x1b]'.repeat(size / 2),
      dotenv: 'A=\n'.repeat(size / 3),
    };
    for (const [name, text] of Object.entries(shapes)) {
      const started = Date.now();
      scrubForModel(text, { env: {} });
      scrubForLog(text, { env: {} });
      assert.ok(Date.now() - started < 1000, `${name} took ${Date.now() - started} ms`);
    }
  });
});
