import * as vscode from 'vscode';
import type { RunLog } from './runSession';

/**
 * Solving runs the workspace's test command against model-written code, so it needs a
 * trusted workspace. In Restricted Mode it refuses with why and how to trust, and resolves
 * false once the user answered or dismissed the message.
 */
export async function checkTrust(log: RunLog): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  log.warn('Refused to run: the workspace is not trusted.');
  const choice = await vscode.window.showWarningMessage(
    'Best-of-N runs this workspace\'s tests against model-written code, so it only runs in a trusted workspace. Trust the workspace (Manage Workspace Trust) if you trust its code and test command.',
    'Manage Workspace Trust',
  );
  if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
