/**
 * The topology preview's HTML page (no vscode import: the Chromium tests render the same page). Strict
 * Content-Security-Policy: nothing but the nonce'd script (dist/preview.js) and the stylesheet (dist/preview.css)
 * from the extension's dist/ folder; no inline handlers, no remote resources. The page holds no config text: the
 * data arrives by postMessage and the script builds the DOM with textContent.
 */
import { randomBytes } from 'node:crypto';

export interface PreviewPage {
  /** `webview.cspSource`. */
  cspSource: string;
  /** URIs of dist/preview.js and dist/preview.css (`webview.asWebviewUri`). */
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function previewHtml(page: PreviewPage): string {
  const nonce = page.nonce ?? makeNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${page.cspSource} 'nonce-${nonce}'`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(page.styleUri)}" nonce="${nonce}">
<title>LVS Topology</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Topology">
  <input id="filter" type="search" placeholder="Filter (address, name, rule…)" aria-label="Filter the topology" spellcheck="false">
  <button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
  <button id="fit" title="Fit to window" aria-label="Fit to window">Fit</button>
  <button id="expand-all" title="Expand all groups" aria-label="Expand all groups">Expand all</button>
  <button id="collapse-all" title="Collapse all groups" aria-label="Collapse all groups">Collapse all</button>
  <button id="export" title="Export the picture as SVG" aria-label="Export as SVG">Export SVG</button>
  <span id="status" role="status" aria-live="polite">Loading the topology…</span>
</div>
<svg id="graph" role="group" aria-label="LVS topology graph">
  <defs>
    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path class="arrowhead" d="M0,1 L9,5 L0,9 z"></path>
    </marker>
  </defs>
</svg>
<script nonce="${nonce}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
