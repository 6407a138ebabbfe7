import * as vscode from 'vscode';
import { ScrubbingLog } from './logScrubber';
import type { RunLog } from './runSession';

/**
 * The extension's `LogOutputChannel`. Every line is scrubbed before it is written (see
 * {@link ScrubbingLog}): lines carry test output, and a candidate may print secrets.
 */
export class ExtensionLog implements RunLog {
  readonly channel: vscode.LogOutputChannel;
  private readonly scrubbing: ScrubbingLog;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Best-of-N', { log: true });
    this.scrubbing = new ScrubbingLog(this.channel);
  }

  /** Masks `value` in every later line (and in prompts and panel output); see {@link ScrubbingLog.addSecret}. */
  addSecret(value: string | undefined): void {
    this.scrubbing.addSecret(value);
  }

  info(line: string): void {
    this.scrubbing.info(line);
  }

  warn(line: string): void {
    this.scrubbing.warn(line);
  }

  error(line: string): void {
    this.scrubbing.error(line);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
