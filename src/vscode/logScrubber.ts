import { registerSecretValue, MIN_SECRET_LENGTH } from '../engine/secrets/secretValues';
import { scrubForLog } from '../engine/secrets/scrubOutput';
import type { RunLog } from './runSession';

/**
 * A log that scrubs every line before its sink sees it: the API key(s), secret-looking
 * environment values, token-shaped strings, PEM keys and dotenv lines become `[redacted]`.
 * Engine loggers are trusted not to print keys; test output is not, since a candidate may
 * print `.env` or the environment. No `vscode` import, so it is tested in plain Node.
 */
export class ScrubbingLog implements RunLog {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: RunLog) {}

  /**
   * Masks `value` in every later line, here and in everything else this process scrubs for
   * the model or the panel. Short values are ignored: masking them would garble logs.
   */
  addSecret(value: string | undefined): void {
    if (value === undefined || value.trim().length < MIN_SECRET_LENGTH) return;
    this.secrets.add(value);
    registerSecretValue(value);
  }

  /** `line` as it would be written. */
  scrub(line: string): string {
    return scrubForLog(line, { secrets: this.secrets });
  }

  info(line: string): void {
    this.sink.info(this.scrub(line));
  }

  warn(line: string): void {
    this.sink.warn(this.scrub(line));
  }

  error(line: string): void {
    this.sink.error(this.scrub(line));
  }
}
