/** Environment variable names that look like they carry a secret: never passed to a test run, masked in output. */
export const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE|SESSION/i;

/**
 * Shorter values are not masked: a 4-character "secret" such as `true` or `1234` would
 * garble every log line and test message it happens to appear in.
 */
export const MIN_SECRET_LENGTH = 8;

/** Read-only view of an environment, `process.env` or a test's stand-in. */
export type Environment = Readonly<Record<string, string | undefined>>;

// Process-wide on purpose: the key reaches the model client through options, but the
// outputs that must not carry it (repair prompts, curator prompts, panel, log) are
// produced far from there. The values stay in this process's memory, as the SDK's copy does.
const registered = new Set<string>();

/**
 * Records a value (an API key in use) to be masked in every later scrub in this process.
 * Values shorter than {@link MIN_SECRET_LENGTH} are ignored.
 */
export function registerSecretValue(value: string | undefined): void {
  if (value !== undefined && value.trim().length >= MIN_SECRET_LENGTH) registered.add(value);
}

/** The registered values, for the scrubber. Never log or send them. */
export function registeredSecretValues(): string[] {
  return [...registered];
}

/** Forgets every registered value; for tests. */
export function clearRegisteredSecretValues(): void {
  registered.clear();
}

/**
 * The values of `env` that look secret: every variable whose name contains KEY, TOKEN,
 * SECRET, PASSWORD, CREDENTIAL, AUTH, COOKIE or SESSION and whose value is at least
 * {@link MIN_SECRET_LENGTH} characters. A multi-line value (a PEM key) also yields each of
 * its long lines, since output may re-wrap it.
 */
export function environmentSecretValues(env: Environment = process.env): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !SECRET_ENV_NAME.test(name) || value.trim().length < MIN_SECRET_LENGTH) continue;
    values.add(value);
    if (value.includes('\n')) {
      for (const line of value.split(/\r?\n/)) if (line.trim().length >= MIN_SECRET_LENGTH) values.add(line.trim());
    }
  }
  return [...values];
}
