import type { WebviewToHostMessage } from '../src/protocol';

/** The part of the webview API VS Code injects that the panel uses. */
interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

// Injected by VS Code into every webview; callable once per page.
declare function acquireVsCodeApi(): WebviewApi;

/** The panel's only way out: typed messages to the host and persisted view state. */
export class HostChannel {
  private readonly api: WebviewApi = acquireVsCodeApi();

  post(message: WebviewToHostMessage): void {
    this.api.postMessage(message);
  }

  loadViewState(): unknown {
    return this.api.getState();
  }

  saveViewState(state: unknown): void {
    this.api.setState(state);
  }
}
