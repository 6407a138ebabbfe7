import * as vscode from 'vscode';
import type { RunView } from '../protocol';
import { Disposable } from './disposable';

/** The status bar item shown while a run is going; clicking it opens the panel. */
export class RunStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('bestOfN.run', vscode.StatusBarAlignment.Left, 100));

  constructor() {
    super();
    this.item.name = 'Best-of-N run';
    this.item.command = 'bestOfN.showPanel';
  }

  start(): void {
    this.item.text = '$(sync~spin) Best-of-N: starting…';
    this.item.tooltip = 'Best-of-N is sampling candidates. Click to open the panel.';
    this.item.show();
  }

  update(run: RunView): void {
    const t = run.totals;
    this.item.text = `$(sync~spin) Best-of-N: ${t.samples}/${run.n} · ${t.verified} verified`;
    this.item.tooltip = `${run.task.functionName ?? run.task.filePath}: ${t.samples} of ${run.n} samples drawn, ${t.verified} passed every test. Click to open the panel.`;
  }

  stop(): void {
    this.item.hide();
  }
}
