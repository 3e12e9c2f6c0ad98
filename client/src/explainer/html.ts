// The explainer webview's HTML: a strict Content-Security-Policy (nothing by default, our script by a fresh
// nonce, styles and fonts only from the webview's own resource origin). Pure, so its audit runs in node.
import { randomBytes } from "node:crypto";

export interface WebviewResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/main.js and main.css. */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

/** 128 random bits from the OS (never Math.random), fresh for every render. */
export function makeNonce(): string {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(r: Pick<WebviewResources, "cspSource" | "nonce">): string {
  return [
    "default-src 'none'",
    `img-src ${r.cspSource}`,
    `style-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `script-src 'nonce-${r.nonce}'`,
  ].join("; ");
}

export function explainerHtml(r: WebviewResources): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(r))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(r.styleUri)}">
<title>Event loop</title>
</head>
<body>
<main id="app" aria-busy="true"><p>Loading the explainer…</p></main>
<script nonce="${a(r.nonce)}" src="${a(r.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
