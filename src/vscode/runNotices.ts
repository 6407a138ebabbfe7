import * as vscode from 'vscode';
import type { RunView } from '../protocol';
import type { ExtensionLog } from './log';

/** Tells the user how a run ended, with the next step as buttons; never blocks the caller. */
export function announceRun(run: RunView, log: ExtensionLog): void {
  if (run.status === 'cancelled') {
    void vscode.window.showInformationMessage('Best-of-N: run cancelled.');
  } else if (run.status === 'error') {
    void vscode.window.showErrorMessage(`Best-of-N: ${run.error?.message ?? 'the run failed'}`, 'Show Log').then((c) => c && log.channel.show());
  } else if (run.choice) {
    const c = run.candidates.find((x) => x.id === run.choice?.candidateId);
    // Adaptive sampling's saving, said where the user looks: how many of N it took.
    const early = run.stoppedBy === 'early-stop' ? `; verified candidates agreed after ${run.totals.samples} of ${run.n} samples` : '';
    void vscode.window
      .showInformationMessage(`Best-of-N: candidate #${run.choice.candidateId} passed ${c?.verification ? `${c.verification.passed}/${c.verification.total}` : 'the'} tests${early}.`, 'Accept', 'Open Diff', 'Show Panel')
      .then((choice) => {
        if (choice === 'Accept') return vscode.commands.executeCommand('bestOfN.accept', { candidateId: run.choice?.candidateId });
        if (choice === 'Open Diff') return vscode.commands.executeCommand('bestOfN.openDiff', { candidateId: run.choice?.candidateId });
        if (choice === 'Show Panel') return vscode.commands.executeCommand('bestOfN.showPanel');
        return undefined;
      });
  } else {
    void vscode.window.showWarningMessage(`Best-of-N abstained: ${run.abstention?.reason ?? 'no candidate passed every test'}`, 'Show Panel').then((c) => c && vscode.commands.executeCommand('bestOfN.showPanel'));
  }
}

/** Clearing the memory loses what every past run taught; ask first. */
export async function confirmClearMemory(): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    'Clear the Best-of-N memory?',
    { modal: true, detail: 'Every strategy, snippet and pitfall learned so far is deleted (pinned items too). Export it first to keep a copy.' },
    'Clear Memory',
  );
  return answer === 'Clear Memory';
}
