import type { VerifierResult } from '../../../src/engine/verify/types';

/** The key the run uses: passed to the scrubber explicitly, never in the environment. */
export const API_KEY = 'local-proxy-key-5b1e8c0f9a7d4e21';
/** A secret-looking environment value of the host (name matches, value long enough). */
export const ENV_SECRET = 'pg-pass-1c9f3e7a22';
export const ENV = { HOME: '/home/someone', DB_PASSWORD: ENV_SECRET, SHELL: '/bin/bash', GITHUB_TOKEN: 'short' };
/** A `.env` file as a candidate might cat it. */
export const DOTENV_VALUES = ['postgres://app:hunter2hunter@db.internal:5432/app', 'a8f0c2d94e7b61c5', 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123'];
export const DOTENV = `DATABASE_URL=${DOTENV_VALUES[0]}\nSTRIPE_WEBHOOK_SIGNING=${DOTENV_VALUES[1]}\nexport OPENAI_KEY="${DOTENV_VALUES[2]}"\n`;
const PEM_BODY = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'MZR7Sx3ZbHcP5nZ0OkL4WbIhBQ1oYd6fKQWm2A3kJp9sV0Tq8rYh4nW2xL7uE1cB', 'ab12Cd34Ef56'];
export const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END PRIVATE KEY-----`;
/** Every string that must not leave: each must be absent from prompts and log lines. */
export const SECRETS = [API_KEY, ENV_SECRET, ...DOTENV_VALUES, ...PEM_BODY, 'hunter2hunter'];

export const FAILING_TEST = 'test_parse_config';
export const FAILING_MESSAGE = 'AssertionError: assert parse_config() == {"debug": True}';

/** A failing verdict whose failing test's message and combined output carry every secret above. */
export function leakyVerdict(): VerifierResult {
  const dump = `${DOTENV}${PEM}\nkey in use: ${API_KEY}\nenv: DB_PASSWORD is ${ENV_SECRET}\n`;
  return {
    status: 'failed',
    tests: [
      { name: FAILING_TEST, status: 'failed', message: `${FAILING_MESSAGE}\n----- Captured stdout call -----\n${dump}` },
      { name: 'test_passes', status: 'passed', message: 'PASSING-TEST-CHATTER' },
    ],
    passed: 1,
    failed: 1,
    total: 2,
    reportFormat: 'junit',
    exitCode: 1,
    durationMs: 10,
    output: `RAW-COMBINED-OUTPUT\n${dump}${'filler line\n'.repeat(50)}`,
    outputTruncated: false,
    sandbox: 'none',
  };
}

/** The same run as an exit-code-only runner reports it: no per-test entries, everything in the output. */
export function leakyExitCodeVerdict(): VerifierResult {
  return { ...leakyVerdict(), tests: [], passed: 0, failed: 0, total: 0, reportFormat: 'exit-code', output: `HEAD-OF-OUTPUT\n${'filler line\n'.repeat(50)}${FAILING_MESSAGE}\n${DOTENV}${PEM}\nkey in use: ${API_KEY}\nenv ${ENV_SECRET}\n` };
}

/** The secrets found in `text`, for a readable failure. */
export function leaked(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}
