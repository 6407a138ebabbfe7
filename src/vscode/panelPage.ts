import * as vscode from 'vscode';
import type { ExtensionLog } from './log';
import type { PanelActions } from './panelConnection';
import { PanelConnection } from './panelConnection';
import { buildPanelHtml, createNonce } from './panelHtml';
import type { PanelStore } from './panelStore';

/**
 * Loads the panel page into a webview (the sidebar view or the wide review panel: the same
 * bundle and policy) and connects it to the store. The caller disposes the connection when
 * the webview goes away.
 */
export function servePanelPage(webview: vscode.Webview, deps: { extensionUri: vscode.Uri; store: PanelStore; actions: PanelActions; log: ExtensionLog }): PanelConnection {
  const uiRoot = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
  const mediaRoot = vscode.Uri.joinPath(deps.extensionUri, 'media');
  const codiconRoot = vscode.Uri.joinPath(deps.extensionUri, 'node_modules', '@vscode', 'codicons', 'dist');
  // Only the built UI, its stylesheet and the codicon font may load; model output never becomes a resource.
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [uiRoot, mediaRoot, codiconRoot] };
  const connection = new PanelConnection(webview, deps.store, deps.actions, (level, line) => deps.log[level](line));
  webview.html = buildPanelHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(uiRoot, 'panel.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'panel.css')).toString(),
    codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(codiconRoot, 'codicon.css')).toString(),
  });
  return connection;
}
