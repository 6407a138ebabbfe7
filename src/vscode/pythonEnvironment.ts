import * as path from 'node:path';

/** The part of the Python extension's (`ms-python.python`) exported API that names the selected interpreter. */
export interface PythonExtensionApi {
  environments: {
    /** The environment selected for `resource`'s workspace: an interpreter path or an environment folder. */
    getActiveEnvironmentPath(resource?: unknown): { id: string; path: string };
    resolveEnvironment?(environment: { id: string; path: string } | string): Promise<{ executable: { uri?: { fsPath: string } } } | undefined>;
  };
}

/** What `vscode.extensions.getExtension` gives back, reduced to what is used here. */
export interface ExtensionHandle<T> {
  readonly isActive: boolean;
  readonly exports: T | undefined;
  activate(): Thenable<T | undefined>;
}

/** Looks an extension up by id (`vscode.extensions.getExtension` in the product; a double in tests). */
export type ExtensionLookup = (id: string) => ExtensionHandle<PythonExtensionApi> | undefined;

export const PYTHON_EXTENSION_ID = 'ms-python.python';

/**
 * The Python interpreter the user selected for `resource` in VS Code's Python extension, as
 * an absolute executable path; undefined when the extension is not installed, fails, or has
 * nothing selected. Detection then falls back to a workspace `.venv`/`venv`.
 */
export async function selectedPythonInterpreter(lookup: ExtensionLookup, resource: unknown): Promise<string | undefined> {
  const extension = lookup(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const active = api?.environments.getActiveEnvironmentPath(resource);
    if (!active?.path) return undefined;
    const resolved = await api?.environments.resolveEnvironment?.(active).catch(() => undefined);
    const executable = resolved?.executable.uri?.fsPath ?? active.path;
    // An environment folder rather than its interpreter: the interpreter is in its bin/.
    return path.isAbsolute(executable) ? (/python[\d.]*$/.test(path.basename(executable)) ? executable : path.join(executable, 'bin', 'python')) : undefined;
  } catch {
    // A broken or older Python extension must not stop detection.
    return undefined;
  }
}
