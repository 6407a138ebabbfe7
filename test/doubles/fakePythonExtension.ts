import type { ExtensionHandle, PythonExtensionApi } from '../../src/vscode/pythonEnvironment';

/**
 * The Python extension (`ms-python.python`) as `vscode.extensions.getExtension` returns it,
 * with the environments API answering `selected` (an interpreter path or an environment
 * folder). Records the resources it was asked about and whether it was activated.
 */
export class FakePythonExtension implements ExtensionHandle<PythonExtensionApi> {
  isActive = false;
  readonly askedFor: unknown[] = [];
  /** Set to make `resolveEnvironment` answer with this executable. */
  resolvedExecutable: string | undefined;

  constructor(
    private readonly selected: string,
    private readonly failing = false,
  ) {}

  get exports(): PythonExtensionApi | undefined {
    return this.isActive ? this.api() : undefined;
  }

  activate(): Thenable<PythonExtensionApi> {
    if (this.failing) return Promise.reject(new Error('the Python extension failed to activate'));
    this.isActive = true;
    return Promise.resolve(this.api());
  }

  private api(): PythonExtensionApi {
    return {
      environments: {
        getActiveEnvironmentPath: (resource?: unknown) => {
          this.askedFor.push(resource);
          return { id: this.selected, path: this.selected };
        },
        resolveEnvironment: async () => (this.resolvedExecutable ? { executable: { uri: { fsPath: this.resolvedExecutable } } } : undefined),
      },
    };
  }
}
