import * as vscode from 'vscode';
import type { RunLog } from './runSession';

/**
 * The extension's `LogOutputChannel`, with every known secret masked before a line is
 * written: engine loggers are trusted not to print keys, this makes sure of it.
 */
export class ExtensionLog implements RunLog {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Best-of-N', { log: true });
  }

  /** Masks `value` in every later line. Short values are ignored: masking them would garble logs. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8) this.secrets.add(value);
  }

  private mask(line: string): string {
    let out = line;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  info(line: string): void {
    this.channel.info(this.mask(line));
  }

  warn(line: string): void {
    this.channel.warn(this.mask(line));
  }

  error(line: string): void {
    this.channel.error(this.mask(line));
  }

  dispose(): void {
    this.channel.dispose();
  }
}
