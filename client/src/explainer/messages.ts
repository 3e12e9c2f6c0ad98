// Messages from the webview are untrusted input: each is checked against the closed FromWebview union and
// rebuilt from the fields it may have; anything else is dropped. Pure, so it is tested in node.
import type { ExplainCommandArgs, ExplainPosition, ExplainRange, FromWebview, WebviewState } from "../../../shared/explain-protocol.js";

/** Copying more than this is not a panel's Markdown; refuse rather than fill the clipboard. */
export const MAX_MARKDOWN = 1_000_000;
const MAX_INDEX = 100_000;
const MAX_LINE = 10_000_000;

export function parseFromWebview(x: unknown): FromWebview | undefined {
  if (!isRecord(x)) return undefined;
  switch (x.type) {
    case "ready":
      return { type: "ready" };
    case "reveal": {
      const range = parseRange(x.range);
      return range && { type: "reveal", range };
    }
    case "applyFix":
      return isIndex(x.diagnostic, MAX_INDEX) && isIndex(x.fix, MAX_INDEX) ? { type: "applyFix", diagnostic: x.diagnostic, fix: x.fix } : undefined;
    case "setPinned":
      return typeof x.pinned === "boolean" ? { type: "setPinned", pinned: x.pinned } : undefined;
    case "copyMarkdown":
      return typeof x.markdown === "string" && x.markdown.length <= MAX_MARKDOWN ? { type: "copyMarkdown", markdown: x.markdown } : undefined;
    default:
      return undefined;
  }
}

/** The state a restored panel comes back with (from the webview's setState): kept only where well-formed. */
export function parseWebviewState(x: unknown): WebviewState {
  const out: WebviewState = { pinned: false };
  if (!isRecord(x)) return out;
  if (typeof x.pinned === "boolean") out.pinned = x.pinned;
  if (typeof x.uri === "string" && x.uri.length < 10_000 && /^[a-z][a-z0-9+.-]*:/i.test(x.uri)) out.uri = x.uri;
  if (typeof x.fn === "string" && x.fn.length < 1_000) out.fn = x.fn;
  const position = parsePosition(x.position);
  if (position) out.position = position;
  if (isIndex(x.n, 1_000_000)) out.n = x.n;
  if (isIndex(x.step, MAX_INDEX)) out.step = x.step;
  if (isIndex(x.limit, 1_000_000)) out.limit = x.limit;
  if (x.compare === "sequential" || x.compare === "all" || x.compare === "limit") out.compare = x.compare;
  return out;
}

export function parseRange(x: unknown): ExplainRange | undefined {
  if (!isRecord(x)) return undefined;
  const start = parsePosition(x.start);
  const end = parsePosition(x.end);
  if (!start || !end) return undefined;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) return undefined;
  return { start, end };
}

function parsePosition(x: unknown): ExplainPosition | undefined {
  if (!isRecord(x) || !isIndex(x.line, MAX_LINE) || !isIndex(x.character, MAX_LINE)) return undefined;
  return { line: x.line, character: x.character };
}

function isIndex(x: unknown, max: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= max;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The explain command's arguments (from the server's CodeLens / code action, or none from the palette). */
export function parseExplainArgs(x: unknown): ExplainCommandArgs | undefined {
  if (!isRecord(x) || typeof x.uri !== "string" || !/^[a-z][a-z0-9+.-]*:/i.test(x.uri)) return undefined;
  const position = parsePosition(x.position);
  if (!position) return undefined;
  const args: ExplainCommandArgs = { uri: x.uri, position };
  if (isRecord(x.focus) && typeof x.focus.ruleId === "string") {
    const range = parseRange(x.focus.range);
    if (range) args.focus = { ruleId: x.focus.ruleId, range };
  }
  return args;
}
