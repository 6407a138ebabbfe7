import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { ExtensionLog } from './log';
import type { PanelActions } from './panelConnection';
import { PanelConnection } from './panelConnection';
import { buildPanelHtml, createNonce } from './panelHtml';
import type { PanelStore } from './panelStore';

export const PANEL_VIEW_ID = 'bestOfN.panel';

/** Serves the candidates panel (a webview view) and connects each loaded page to the store. */
export class PanelProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private connection: PanelConnection | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: PanelStore,
    private readonly actions: PanelActions,
    private readonly log: ExtensionLog,
    private readonly onFirstResolve: () => void,
  ) {
    super();
    this._register(vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, this));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const uiRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    const codiconRoot = vscode.Uri.joinPath(this.extensionUri, 'node_modules', '@vscode', 'codicons', 'dist');
    // Only the built UI, its stylesheet and the codicon font may load; model output never becomes a resource.
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [uiRoot, mediaRoot, codiconRoot] };
    // A view resolves again after it was closed and reopened: the old page's connection goes.
    this.connection?.dispose();
    const connection = new PanelConnection(view.webview, this.store, this.actions, (level, line) => this.log[level](line));
    this.connection = connection;
    view.webview.html = buildPanelHtml({
      cspSource: view.webview.cspSource,
      nonce: createNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(uiRoot, 'panel.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'panel.css')).toString(),
      codiconUri: view.webview.asWebviewUri(vscode.Uri.joinPath(codiconRoot, 'codicon.css')).toString(),
    });
    const disposed = view.onDidDispose(() => {
      connection.dispose();
      disposed.dispose();
      if (this.view === view) this.view = undefined;
      if (this.connection === connection) this.connection = undefined;
    });
    this.onFirstResolve();
  }

  override dispose(): void {
    this.connection?.dispose();
    super.dispose();
  }

  /** Reveals the panel, creating it when needed. */
  async show(): Promise<void> {
    if (this.view) {
      this.view.show(true);
      return;
    }
    await vscode.commands.executeCommand(`${PANEL_VIEW_ID}.focus`);
  }
}
