// The checklist panel's page: a strict Content-Security-Policy (nothing but our own files, and the one
// script carrying this load's nonce), our stylesheets and the bundled script. Pure, so it can be tested
// without VS Code.

export interface PanelHtmlInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** Fresh for every page load. */
  readonly nonce: string;
  /** Webview URIs (already through `asWebviewUri`). */
  readonly scriptUri: string;
  readonly styleUris: readonly string[];
  readonly title: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function panelHtml(input: PanelHtmlInput): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(input.nonce)) throw new Error('the nonce must be at least 16 base64 characters');
  const csp = escapeHtml(contentSecurityPolicy(input.cspSource, input.nonce));
  const styles = input.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(input.title)}</title>
</head>
<body>
  <noscript>The checklist needs scripts, which this panel enables for its own bundled script only.</noscript>
  <script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}
