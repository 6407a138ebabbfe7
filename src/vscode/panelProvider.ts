import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { ExtensionLog } from './log';
import type { PanelActions } from './panelConnection';
import type { PanelConnection } from './panelConnection';
import { servePanelPage } from './panelPage';
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
    // A view resolves again after it was closed and reopened: the old page's connection goes.
    this.connection?.dispose();
    const connection = servePanelPage(view.webview, { extensionUri: this.extensionUri, store: this.store, actions: this.actions, log: this.log });
    this.connection = connection;
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
