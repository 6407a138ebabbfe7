import { randomBytes } from 'crypto';

/** What the panel page needs from the host; every URI already went through `asWebviewUri`. */
export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin styles and images may load from. */
  cspSource: string;
  /** Per-load nonce from {@link createNonce}; the only way a script may run. */
  nonce: string;
  /** URI of `dist/webview/panel.js`. */
  scriptUri: string;
  /** URI of `media/panel.css`. */
  styleUri: string;
  /** URI of the codicon stylesheet (`@vscode/codicons/dist/codicon.css`); its font loads beside it under `font-src`. */
  codiconUri: string;
}

/** A fresh CSP nonce: 128 random bits, base64. Call once per page load, never reuse. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of the panel page. */
export function panelCsp(cspSource: string, nonce: string): string {
  // Nothing by default; scripts only by nonce (no 'unsafe-inline', no eval); styles only from
  // the extension's files, so model output can never smuggle in markup that styles or runs.
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The panel page. Pure (no `vscode` import) so the webview tests serve exactly the page
 * and policy the extension does. The body is an empty mount point: all content is built
 * by the script with DOM APIs, never from HTML strings.
 */
export function buildPanelHtml(input: PanelHtmlInput): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(input.nonce)) {
    throw new Error('buildPanelHtml: the nonce must be at least 16 base64 characters (use createNonce()).');
  }
  const csp = escapeAttribute(panelCsp(input.cspSource, input.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(input.codiconUri)}">
<link rel="stylesheet" href="${escapeAttribute(input.styleUri)}">
<title>Best-of-N</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>
`;
}
