// The webview's messages are untrusted: only the closed FromWebview union gets through, rebuilt field by field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_MARKDOWN, parseExplainArgs, parseFromWebview, parseWebviewState } from "./messages.js";

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };

test("each message of the union is accepted and rebuilt without extra fields", () => {
  assert.deepEqual(parseFromWebview({ type: "ready" }), { type: "ready" });
  assert.deepEqual(parseFromWebview({ type: "reveal", range, extra: "x" }), { type: "reveal", range });
  assert.deepEqual(parseFromWebview({ type: "applyFix", diagnostic: 0, fix: 2, command: "workbench.action.terminal.new" }), { type: "applyFix", diagnostic: 0, fix: 2 });
  assert.deepEqual(parseFromWebview({ type: "setPinned", pinned: true }), { type: "setPinned", pinned: true });
  assert.deepEqual(parseFromWebview({ type: "copyMarkdown", markdown: "# hi" }), { type: "copyMarkdown", markdown: "# hi" });
});

test("anything else is dropped", () => {
  const bad: unknown[] = [
    undefined, null, 42, "ready", [], [{ type: "ready" }], {},
    { type: "command", command: "workbench.action.files.delete" },
    { type: "executeCommand", command: "asyncLens.restartServer" },
    { type: "READY" },
    { type: "reveal" },
    { type: "reveal", range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
    { type: "reveal", range: { start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } } },
    { type: "reveal", range: { start: { line: 5, character: 0 }, end: { line: 2, character: 0 } } },
    { type: "reveal", range: { start: { line: "1", character: 0 }, end: { line: 2, character: 0 } } },
    { type: "applyFix", diagnostic: "0", fix: 0 },
    { type: "applyFix", diagnostic: 0 },
    { type: "applyFix", diagnostic: NaN, fix: 0 },
    { type: "applyFix", diagnostic: Infinity, fix: 0 },
    { type: "setPinned", pinned: "yes" },
    { type: "copyMarkdown", markdown: 7 },
    { type: "copyMarkdown", markdown: "x".repeat(MAX_MARKDOWN + 1) },
  ];
  for (const m of bad) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m)?.slice(0, 80));
});

test("a restored state keeps only well-formed fields", () => {
  assert.deepEqual(parseWebviewState(undefined), { pinned: false });
  assert.deepEqual(parseWebviewState("junk"), { pinned: false });
  assert.deepEqual(
    parseWebviewState({ uri: "file:///a.ts", fn: "loadAll", position: { line: 1, character: 0 }, pinned: true, n: 20, step: 3, compare: "limit", limit: 4, evil: 1 }),
    { uri: "file:///a.ts", fn: "loadAll", position: { line: 1, character: 0 }, pinned: true, n: 20, step: 3, compare: "limit", limit: 4 },
  );
  assert.deepEqual(parseWebviewState({ uri: "no scheme", position: { line: -2 }, pinned: 1, n: -1, compare: "fast" }), { pinned: false });
});

test("the command's arguments from the server are checked too", () => {
  assert.deepEqual(parseExplainArgs({ uri: "file:///a.ts", position: { line: 0, character: 4 } }), { uri: "file:///a.ts", position: { line: 0, character: 4 } });
  assert.deepEqual(
    parseExplainArgs({ uri: "file:///a.ts", position: { line: 0, character: 4 }, focus: { ruleId: "floating-promise", range } }),
    { uri: "file:///a.ts", position: { line: 0, character: 4 }, focus: { ruleId: "floating-promise", range } },
  );
  assert.equal(parseExplainArgs({ uri: "file:///a.ts" }), undefined);
  assert.equal(parseExplainArgs(["file:///a.ts"]), undefined);
  assert.equal(parseExplainArgs({ uri: 3, position: { line: 0, character: 0 } }), undefined);
});
