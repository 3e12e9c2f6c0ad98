// The bundled language server driven over stdio with plain JSON-RPC, no VS Code.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./peer.js";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-lsp-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("language server over stdio", () => {
  it("publishes a diagnostic for unsaved text, updates on change and clears on close", async () => {
    await mkdir(path.join(dir, "src"));
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["src"] }));
    const file = path.join(dir, "src", "a.ts");
    await writeFile(file, "export {};\n"); // on disk: clean; the editor's text differs
    const uri = pathToFileURL(file).href;
    const { peer, stop, capabilities } = await startServer(dir);
    try {
      assert.ok(capabilities);
      const diagnosticsFor = (version: number) =>
        peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { version?: number }).version === version);

      const text = "export async function save(): Promise<void> {}\nsave();\n";
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
      const first = (await diagnosticsFor(1)).params as { diagnostics: { code: string; source: string; range: { start: { line: number; character: number } } }[] };
      assert.deepEqual(first.diagnostics.map((d) => [d.source, d.code, d.range.start.line, d.range.start.character]), [["async-lens", "floating-promise", 1, 0]]);

      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace("save();", "await save();") }] });
      const second = (await diagnosticsFor(2)).params as { diagnostics: unknown[] };
      assert.deepEqual(second.diagnostics, []);

      peer.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
      assert.equal(((await diagnosticsFor(3)).params as { diagnostics: unknown[] }).diagnostics.length, 1);

      peer.notify("textDocument/didClose", { textDocument: { uri } });
      const cleared = await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { version?: number }).version === undefined);
      assert.deepEqual((cleared.params as { diagnostics: unknown[] }).diagnostics, []);

    } finally {
      await stop();
    }
  });

  it("gives a function registered several times one diagnostic at its level, with the other places as relatedInformation when the client shows it", async () => {
    const file = path.join(dir, "src", "registrations.ts");
    await writeFile(file, "export {};\n");
    const uri = pathToFileURL(file).href;
    const text = [
      "declare const app: { get(path: string, handler: (req: string) => void): void };",
      "declare function send(req: string): Promise<void>;",
      "async function serve(req: string): Promise<void> { await send(req); }",
      "app.get('/a', serve);",
      "app.get('/b', serve);",
      "",
    ].join("\n");
    type Published = { diagnostics: { severity: number; range: { start: { line: number } }; relatedInformation?: { location: { uri: string; range: { start: { line: number; character: number } } }; message: string }[] }[] };
    const open = async (capabilities: object) => {
      const { peer, stop } = await startServer(dir, { capabilities });
      try {
        peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
        return ((await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri)).params as Published).diagnostics;
      } finally {
        await stop();
      }
    };
    const shown = await open({ textDocument: { publishDiagnostics: { relatedInformation: true } } });
    assert.deepEqual(
      shown.map((d) => [d.range.start.line, d.severity, (d.relatedInformation ?? []).map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character])]),
      [
        [3, 1, [[uri, 4, 14]]],
        [4, 3, [[uri, 3, 14]]],
      ],
    );
    const plain = await open({});
    assert.deepEqual(plain.map((d) => [d.severity, d.relatedInformation]), [[1, undefined], [3, undefined]], "no relatedInformation for a client that does not show it");
  });

  it("analyses the whole workspace on request and publishes files that are not open", async () => {
    await writeFile(path.join(dir, "src", "closed.ts"), "export async function save(): Promise<void> {}\nexport function go() {\n  save();\n}\n");
    const { peer, stop } = await startServer(dir);
    try {
      const closedUri = pathToFileURL(path.join(dir, "src", "closed.ts")).href;
      const reply = (await peer.request("asyncLens/analyseWorkspace", null)).result as { files: number; problems: number };
      assert.ok(reply.files >= 1 && reply.problems >= 1, JSON.stringify(reply));
      const published = await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === closedUri);
      assert.deepEqual((published.params as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code), ["floating-promise"]);
    } finally {
      await stop();
    }
  });

  it("offers quick fixes resolved lazily, refuses stale ones, and fixes all safe problems", async () => {
    const file = path.join(dir, "src", "b.ts");
    await writeFile(file, "export {};\n");
    const uri = pathToFileURL(file).href;
    const { peer, stop } = await startServer(dir);
    try {
      const text = "declare function save(): Promise<void>;\nexport async function f() {\n  save();\n  save();\n}\n";
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
      const diagnostics = ((await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri)).params as { diagnostics: { range: unknown }[] }).diagnostics;
      assert.equal(diagnostics.length, 2);

      interface Action { title: string; kind: string; isPreferred?: boolean; edit?: { changes: Record<string, { newText: string; range: { start: { line: number; character: number } } }[]> }; data?: unknown }
      const listed = (await peer.request("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics: [diagnostics[0]] } })).result as Action[];
      assert.deepEqual(listed.map((a) => [a.title, a.kind, !!a.isPreferred, !!a.edit]), [
        ["Add await", "quickfix.asyncLens.add-await", true, false],
        ["Mark as deliberately not awaited (void)", "quickfix.asyncLens.add-void", false, false],
        ["Ignore this missing-await finding (comment with a reason)", "quickfix.asyncLens.suppress", false, false],
        ["Explain on the event loop", "quickfix", false, false],
        ["Fix all safe Async Lens problems", "source.fixAll.asyncLens", false, true],
      ]);
      const resolved = (await peer.request("codeAction/resolve", listed[0])).result as Action;
      assert.deepEqual(resolved.edit!.changes[uri], [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } }, newText: "await " }]);

      // The document moves on: the offered fix is stale.
      const edited = text.replace("  save();\n  save();", "  await save();\n  save();");
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
      const stale = await peer.request("codeAction/resolve", listed[1]);
      assert.equal((stale as { error?: { code: number } }).error?.code, -32801, "ContentModified");

      const all = (await peer.request("textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll.asyncLens"] } })).result as Action[];
      assert.equal(all.length, 1);
      assert.deepEqual(all[0]!.edit!.changes[uri]!.map((e) => [e.range.start.line, e.newText]), [[3, "await "]], "only the safe fix of the remaining problem");
    } finally {
      await stop();
    }
  });

  it("offers the unsafe fixes with one kind each, uses the package's p-map, and leaves them out of fix-all", async () => {
    // A package of its own whose package.json lists p-map: the bounded rewrite imports it.
    await mkdir(path.join(dir, "pkg", "src"), { recursive: true });
    await writeFile(path.join(dir, "pkg", "package.json"), JSON.stringify({ name: "pkg", dependencies: { "p-map": "7.0.3" } }));
    const file = path.join(dir, "pkg", "src", "c.ts");
    const text = [
      "declare function save(id: string): Promise<void>;",
      "function submit() {",
      "  save('a');",
      "}",
      "submit();",
      "export async function all(ids: string[]) {",
      "  await Promise.all(ids.map((id) => save(id)));",
      "}",
      "",
    ].join("\n");
    await writeFile(file, text);
    const uri = pathToFileURL(file).href;
    const { peer, stop } = await startServer(dir);
    try {
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
      type Diagnostic = { code: string; range: { start: { line: number; character: number } } };
      const diagnostics = ((await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri)).params as { diagnostics: Diagnostic[] }).diagnostics;
      assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [["floating-promise", 2], ["unbounded-fan-out", 6]]);

      interface Action { title: string; kind: string; isPreferred?: boolean; edit?: { changes: Record<string, { newText: string; range: { start: { line: number; character: number } } }[]> } }
      const actionsAt = async (d: Diagnostic) => (await peer.request("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ["quickfix"] } })).result as Action[];
      const floating = await actionsAt(diagnostics[0]!);
      assert.deepEqual(floating.map((a) => [a.kind, !!a.isPreferred]), [
        ["quickfix.asyncLens.add-catch", true],
        ["quickfix.asyncLens.add-void", false],
        ["quickfix.asyncLens.make-async", false],
        ["quickfix.asyncLens.suppress", false],
        ["quickfix", false], // Explain on the event loop (a command, not an edit)
      ]);
      const makeAsync = (await peer.request("codeAction/resolve", floating[2])).result as Action;
      assert.equal(makeAsync.title, "Make 'submit' async and await this");
      assert.deepEqual(makeAsync.edit!.changes[uri]!.map((e) => [e.range.start.line, e.newText]), [[1, "async "], [2, "await "]]);

      const fanOut = await actionsAt(diagnostics[1]!);
      assert.deepEqual(fanOut.map((a) => a.kind), ["quickfix.asyncLens.bound-fan-out", "quickfix.asyncLens.suppress", "quickfix"]);
      const bounded = (await peer.request("codeAction/resolve", fanOut[0])).result as Action;
      assert.deepEqual(bounded.edit!.changes[uri]!.map((e) => e.newText).sort(), ['import pMap from "p-map";\n', "pMap(ids, (id) => save(id), { concurrency: 5 })"]);

      const all = (await peer.request("textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll.asyncLens"] } })).result as Action[];
      assert.deepEqual(all[0]!.edit!.changes[uri]!.map((e) => [e.range.start.line, e.newText]), [[2, ".catch((error: unknown) => console.error(error))"]], "only the safe .catch");
    } finally {
      await stop();
    }
  });
});
