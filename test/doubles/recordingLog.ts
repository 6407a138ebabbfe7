import type { RunLog } from '../../src/vscode/runSession';

/** A `RunLog` that keeps every line, prefixed with its level. */
export class RecordingLog implements RunLog {
  readonly lines: string[] = [];
  info(line: string): void {
    this.lines.push(`info ${line}`);
  }
  warn(line: string): void {
    this.lines.push(`warn ${line}`);
  }
  error(line: string): void {
    this.lines.push(`error ${line}`);
  }
}
