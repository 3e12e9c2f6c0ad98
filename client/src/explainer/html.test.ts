// CSP audit of the explainer's HTML: nothing loads or runs unless the policy names it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy, explainerHtml, makeNonce, type WebviewResources } from "./html.js";

const CSP_SOURCE = "https://file+.vscode-resource.vscode-cdn.net";
const resources = (nonce = makeNonce()): WebviewResources => ({
  cspSource: CSP_SOURCE,
  scriptUri: `${CSP_SOURCE}/ext/dist/webview/main.js`,
  styleUri: `${CSP_SOURCE}/ext/dist/webview/main.css`,
  nonce,
});

function policyOf(html: string): Map<string, string[]> {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(meta, "the page declares a CSP in a meta tag");
  const directives = new Map<string, string[]>();
  for (const part of meta[1]!.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

test("the policy denies everything by default and allows only our origin and the nonce", () => {
  const r = resources();
  const csp = policyOf(explainerHtml(r));
  assert.deepEqual(csp.get("default-src"), ["'none'"]);
  assert.deepEqual(csp.get("script-src"), [`'nonce-${r.nonce}'`]);
  assert.deepEqual(csp.get("style-src"), [CSP_SOURCE]);
  assert.deepEqual(csp.get("font-src"), [CSP_SOURCE]);
  for (const [name, values] of csp) {
    for (const v of values) {
      assert.ok(v === "'none'" || v === CSP_SOURCE || v === `'nonce-${r.nonce}'`, `${name} allows only what we serve, not ${v}`);
      assert.doesNotMatch(v, /unsafe-|^\*$|^data:|^https?:$|^blob:/, `${name} ${v}`);
    }
  }
  assert.ok(!csp.has("connect-src") && !csp.has("frame-src"), "no network or frames");
});

test("every script carries the nonce and every resource comes from the webview's origin", () => {
  const r = resources();
  const html = explainerHtml(r);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs!, new RegExp(`nonce="${escape(r.nonce)}"`));
    assert.equal(body!.trim(), "", "no inline script bodies");
  }
  const urls = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
  assert.deepEqual(urls.sort(), [r.scriptUri, r.styleUri].sort());
  for (const u of urls) assert.ok(u.startsWith(CSP_SOURCE + "/"), u);
  assert.doesNotMatch(html, /\son[a-z]+=/i, "no inline event handlers");
  assert.doesNotMatch(html, /\sstyle=/i, "no inline styles");
  assert.doesNotMatch(html, /<style\b/i, "no inline style sheets");
});

test("a fresh, unguessable nonce for every render", () => {
  const nonces = new Set(Array.from({ length: 200 }, () => makeNonce()));
  assert.equal(nonces.size, 200);
  for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/, "128 bits, base64");
  const a = policyOf(explainerHtml(resources())).get("script-src");
  const b = policyOf(explainerHtml(resources())).get("script-src");
  assert.notDeepEqual(a, b);
});

test("attribute values are escaped, so a strange resource URI cannot break out of its attribute", () => {
  const html = explainerHtml({ ...resources("n0nce"), styleUri: `${CSP_SOURCE}/a"><script>alert(1)</script>` });
  assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  assert.match(contentSecurityPolicy({ cspSource: CSP_SOURCE, nonce: "n0nce" }), /script-src 'nonce-n0nce'$/);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
