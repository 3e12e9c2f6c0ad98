// The explainer's server side over stdio: the asyncLens/explain request, the CodeLens above async
// functions, and the "Explain on the event loop" action offered on every finding.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "./peer.js";
import { EXPLAIN_COMMAND, EXPLAIN_REQUEST, type ExplainCommandArgs, type ExplainResult } from "../../shared/explain-protocol.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-lsp-explain-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = [
  "declare function fetchUser(id: string): Promise<string>;",
  "export async function loadAll(ids: string[]) {",
  "  const users = await Promise.all(ids.map((id) => fetchUser(id)));",
  "  fetchUser('audit');",
  "  return users;",
  "}",
  "export function plain(n: number) {",
  "  return n + 1;",
  "}",
  "export function chained() {",
  "  return fetchUser('a').then((a) => a.length);",
  "}",
  "",
].join("\n");

describe("explainer over stdio", () => {
  it("answers asyncLens/explain with a model, shows CodeLenses and offers the explain action", async (t) => {
    await mkdir(path.join(dir, "src"));
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ["es2023"] }, include: ["src"] }));
    const file = path.join(dir, "src", "a.ts");
    await writeFile(file, "export {};\n");
    const uri = pathToFileURL(file).href;
    const { peer, stop, capabilities } = await startServer(dir);
    try {
      assert.ok(capabilities.codeLensProvider, "the server announces CodeLenses");
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: TEXT } });
      const published = await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri);
      const diagnostics = (published.params as { diagnostics: { code: string; range: { start: { line: number; character: number } } }[] }).diagnostics;
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), ["missing-await", "unbounded-fan-out"]);

      // The request: the function around a position inside loadAll's body.
      const asked = performance.now();
      const reply = (await peer.request(EXPLAIN_REQUEST, { uri, position: { line: 2, character: 10 } })).result as ExplainResult;
      t.diagnostic(`asyncLens/explain answered in ${Math.round(performance.now() - asked)} ms (after the first analysis)`);
      assert.ok(reply.model, JSON.stringify(reply));
      const model = reply.model;
      assert.equal(model.fn.name, "loadAll");
      assert.equal(model.version, 1);
      assert.deepEqual(model.operations.map((o) => [o.label, o.handling, o.outlivesFunction]), [
        ["fetchUser(id)", "combinator", false],
        ["fetchUser('audit')", "unhandled", true],
      ]);
      assert.deepEqual(model.diagnostics.map((d) => d.ruleId).sort(), ["missing-await", "unbounded-fan-out"]);
      assert.ok(model.timeline.endsAt > model.timeline.settlesAt, "the floating fetch runs past the function's end");

      // Outside any async work: a reason, not an error.
      const none = (await peer.request(EXPLAIN_REQUEST, { uri, position: { line: 7, character: 4 } })).result as ExplainResult;
      assert.equal(none.model, undefined);
      assert.match((none as { reason: string }).reason, /No async work/);

      // Malformed or out-of-range requests get an answer, not an error.
      const far = (await peer.request(EXPLAIN_REQUEST, { uri, position: { line: 9999, character: -5 } })) as { result?: ExplainResult; error?: unknown };
      assert.equal(far.error, undefined);
      assert.ok(far.result?.model || (far.result as { reason?: string }).reason);
      const junk = (await peer.request(EXPLAIN_REQUEST, { uri, position: "top" })) as { result?: { reason?: string } };
      assert.match(junk.result?.reason ?? "", /needs a document and a position/);
      const closed = (await peer.request(EXPLAIN_REQUEST, { uri: uri.replace("a.ts", "nope.ts"), position: { line: 0, character: 0 } })) as { result?: { reason?: string } };
      assert.match(closed.result?.reason ?? "", /not open/);

      // CodeLenses: above loadAll and chained (it starts a promise), not above plain.
      interface Lens { range: { start: { line: number } }; command: { title: string; command: string; arguments: ExplainCommandArgs[] } }
      const lenses = (await peer.request("textDocument/codeLens", { textDocument: { uri } })).result as Lens[];
      assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title, l.command.command]), [
        [1, "Explain on the event loop", EXPLAIN_COMMAND],
        [9, "Explain on the event loop", EXPLAIN_COMMAND],
      ]);
      assert.deepEqual(lenses[0]!.command.arguments[0], { uri, position: { line: 1, character: 0 } });

      // The code action on the fan-out finding carries the finding as focus, and explaining it from there works.
      const fanOut = diagnostics.find((d) => d.code === "unbounded-fan-out")!;
      interface Action { title: string; kind: string; command?: { command: string; arguments: ExplainCommandArgs[] } }
      const actions = (await peer.request("textDocument/codeAction", { textDocument: { uri }, range: fanOut.range, context: { diagnostics: [fanOut] } })).result as Action[];
      const explain = actions.find((a) => a.title === "Explain on the event loop");
      assert.ok(explain, `offered: ${actions.map((a) => a.title).join(" | ")}`);
      assert.equal(explain.kind, "quickfix");
      assert.equal(explain.command!.command, EXPLAIN_COMMAND);
      const args = explain.command!.arguments[0]!;
      assert.equal(args.focus?.ruleId, "unbounded-fan-out");
      const focused = (await peer.request(EXPLAIN_REQUEST, { uri: args.uri, position: args.position, focus: args.focus })).result as ExplainResult;
      assert.equal(focused.model?.fn.name, "loadAll");
      const story = focused.model!.diagnostics.find((d) => d.ruleId === "unbounded-fan-out")!;
      assert.equal(story.group, focused.model!.groups.find((g) => g.kind === "parallel")!.id);
      assert.ok(story.story.length >= 3);

    } finally {
      await stop();
    }
  });

  it("asks the editor to refresh CodeLenses once, after the first analysis of a document whose lenses were answered empty", async () => {
    const sub = path.join(dir, "refresh");
    await mkdir(path.join(sub, "src"), { recursive: true });
    await writeFile(path.join(sub, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ["es2023"] }, include: ["src"] }));
    const file = path.join(sub, "src", "b.ts");
    const text = "export const n = 1;\n";
    await writeFile(file, text);
    const uri = pathToFileURL(file).href;
    const { peer, stop } = await startServer(sub, { capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    try {
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
      assert.deepEqual((await peer.request("textDocument/codeLens", { textDocument: { uri } })).result, []);
      // The first analysis may finish before or after the empty answer: the refresh follows the first one after it.
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: "export const n = 2;\n" }] });
      await peer.waitFor((m) => m.method === "workspace/codeLens/refresh");
      await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { version?: number }).version === 2);
      const refreshes = peer.received((m) => m.method === "workspace/codeLens/refresh").length;
      // A document that stays without async work is not refreshed again on its next analyses.
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: "export const n = 3;\n" }] });
      await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { version?: number }).version === 3);
      assert.equal(peer.received((m) => m.method === "workspace/codeLens/refresh").length, refreshes, "no second refresh");
      // Closed and opened again: a new document as far as lenses go, refreshed once more.
      peer.notify("textDocument/didClose", { textDocument: { uri } });
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 4, text } });
      assert.deepEqual((await peer.request("textDocument/codeLens", { textDocument: { uri } })).result, []);
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 5 }, contentChanges: [{ text: "export const n = 5;\n" }] });
      await peer.waitFor((m) => m.method === "workspace/codeLens/refresh");
    } finally {
      await stop();
    }
  });
});
