import * as vscode from 'vscode';
import type { Language } from '../engine/task';
import { detectTestCommands, VENV_INTERPRETERS, type DetectedTestCommand, type WorkspaceFacts } from '../engine/locate/testCommand';
import { selectedPythonInterpreter, type PythonExtensionApi } from './pythonEnvironment';

const CONFIRMED_KEY = 'bestOfN.confirmedTestCommand';
const TEST_DIRS = ['test', 'tests', '__tests__'];
const CONFIG_FILES = ['pyproject.toml', 'setup.cfg', 'tox.ini'];

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function entries(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
  try {
    return await vscode.workspace.fs.readDirectory(uri);
  } catch {
    return [];
  }
}

/** Reads what detection needs from the workspace folder (no recursion past the test folders). */
export async function workspaceFacts(root: vscode.Uri): Promise<WorkspaceFacts> {
  const top = await entries(root);
  const files = top.map(([name]) => name);
  for (const [name, type] of top) {
    if (type === vscode.FileType.Directory && TEST_DIRS.includes(name)) {
      files.push(...(await entries(vscode.Uri.joinPath(root, name))).map(([child]) => `${name}/${child}`));
    }
  }
  for (const venv of VENV_INTERPRETERS) {
    if (await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, venv)).then(() => true, () => false)) files.push(venv);
  }
  const selectedPython = await selectedPythonInterpreter((id) => vscode.extensions.getExtension<PythonExtensionApi | undefined>(id), root);
  const packageJson = files.includes('package.json') ? await readText(vscode.Uri.joinPath(root, 'package.json')) : undefined;
  const configs = await Promise.all(CONFIG_FILES.filter((f) => files.includes(f)).map((f) => readText(vscode.Uri.joinPath(root, f))));
  return {
    files,
    ...(packageJson !== undefined ? { packageJson } : {}),
    ...(configs.length > 0 ? { pythonConfig: configs.filter((c) => c !== undefined).join('\n') } : {}),
    ...(selectedPython ? { selectedPython } : {}),
  };
}

/**
 * The test command: the setting when set; else the one confirmed for this workspace; else
 * detected and confirmed by the user once (remembered in workspace state). Undefined when
 * the user cancelled.
 */
export async function resolveTestCommand(
  setting: string,
  root: vscode.Uri,
  language: Language,
  workspaceState: vscode.Memento,
): Promise<string | undefined> {
  if (setting.trim() !== '') return setting.trim();
  const confirmed = workspaceState.get<unknown>(CONFIRMED_KEY);
  if (typeof confirmed === 'string' && confirmed.trim() !== '') return confirmed;
  const detected = detectTestCommands(await workspaceFacts(root), language);
  const items: (vscode.QuickPickItem & { detected?: DetectedTestCommand })[] = [
    ...detected.map((d) => ({ label: d.command, description: d.reason, detected: d })),
    { label: 'Enter a test command…', description: 'type the command that runs your tests' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Best-of-N: how are this workspace\'s tests run?',
    placeHolder: detected.length > 0 ? 'Confirm the detected command (remembered for this workspace)' : 'No test runner detected',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  let command = picked.detected?.command;
  if (!command) {
    command = (
      await vscode.window.showInputBox({
        title: 'Best-of-N: test command',
        prompt: 'Run in the workspace root against each candidate; exit code 0 means the tests passed.',
        placeHolder: 'python3 -m pytest -q',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'The command is empty.' : undefined),
      })
    )?.trim();
  }
  if (!command) return undefined;
  await workspaceState.update(CONFIRMED_KEY, command);
  return command;
}

/** Forgets the confirmed command, e.g. after the user changed the setting back to empty. */
export async function forgetTestCommand(workspaceState: vscode.Memento): Promise<void> {
  await workspaceState.update(CONFIRMED_KEY, undefined);
}
