// Tiny DOM helpers. Every string from the model goes in as a text node: nothing is parsed as HTML.

type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    // No inline styles or handlers: the CSP forbids them, and they are never needed here.
    if (k === "style" || k.startsWith("on")) throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

export function icon(name: string): HTMLElement {
  return h("span", { class: `codicon codicon-${name}`, "aria-hidden": "true" });
}

/** Text with `code` pieces (from backticks) as <code> elements. */
export function richText(parts: { text: string; code: boolean }[]): DocumentFragment {
  const f = document.createDocumentFragment();
  for (const p of parts) f.append(p.code ? h("code", {}, p.text) : document.createTextNode(p.text));
  return f;
}
