// Edits in one file re-check the open files that import it, with the unsaved text as typed: pushed to
// clients that cannot pull, and announced with workspace/diagnostic/refresh to clients that pull.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "./peer.js";

const SYNC_LOAD = "export function load(): number {\n  return 1;\n}\n";
const ASYNC_LOAD = "export async function load(): Promise<number> {\n  return 1;\n}\n";
const CALLER = (from: string) => `import { load } from "${from}";\nexport async function run() {\n  load();\n}\n`;

function project(files: Record<string, string>): { dir: string; uri: (name: string) => string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-deps-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler" }, include: ["src"] }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, "src", name), text);
  return { dir, uri: (name) => pathToFileURL(path.join(dir, "src", name)).href };
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; range: { start: { line: number } } }[];
}

describe("dependants of an edited file", () => {
  it("push: b.ts gets the missing await when a.ts's function turns async, through a barrel, without b.ts being edited", async () => {
    const { dir, uri } = project({ "a.ts": SYNC_LOAD, "index.ts": 'export * from "./a";\n', "b.ts": CALLER("./index") });
    const server = await startServer(dir, { settings: () => ({ debounceMs: 0 }) });
    const { peer } = server;
    const published = (name: string, ok: (p: Published) => boolean) =>
      peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as Published).uri === uri(name) && ok(m.params as Published)).then((m) => m.params as Published);
    try {
      peer.notify("textDocument/didOpen", { textDocument: { uri: uri("a.ts"), languageId: "typescript", version: 1, text: SYNC_LOAD } });
      peer.notify("textDocument/didOpen", { textDocument: { uri: uri("b.ts"), languageId: "typescript", version: 1, text: CALLER("./index") } });
      assert.deepEqual((await published("b.ts", () => true)).diagnostics, [], "a sync load() needs no await");
      await published("a.ts", () => true);

      // Unsaved: the disk still has the sync version.
      peer.notify("textDocument/didChange", { textDocument: { uri: uri("a.ts"), version: 2 }, contentChanges: [{ text: ASYNC_LOAD }] });
      const b = await published("b.ts", (p) => p.diagnostics.length > 0);
      assert.equal(b.version, 1, "b.ts itself did not change");
      assert.deepEqual(b.diagnostics.map((d) => [d.code, d.range.start.line]), [["missing-await", 2]]);

      // And back: the finding goes.
      peer.notify("textDocument/didChange", { textDocument: { uri: uri("a.ts"), version: 3 }, contentChanges: [{ text: SYNC_LOAD }] });
      assert.deepEqual((await published("b.ts", (p) => p.diagnostics.length === 0)).diagnostics, []);

      // Closing a.ts unsaved: the compiler reads the disk's sync version again, and b.ts follows.
      peer.notify("textDocument/didChange", { textDocument: { uri: uri("a.ts"), version: 4 }, contentChanges: [{ text: ASYNC_LOAD }] });
      await published("b.ts", (p) => p.diagnostics.length > 0);
      peer.notify("textDocument/didClose", { textDocument: { uri: uri("a.ts") } });
      assert.deepEqual((await published("b.ts", (p) => p.diagnostics.length === 0)).diagnostics, []);
    } finally {
      await server.stop();
    }
  });

  it("pull: the server asks for a refresh, and b.ts's next pull has the finding", async () => {
    const { dir, uri } = project({ "a.ts": SYNC_LOAD, "b.ts": CALLER("./a") });
    const capabilities = { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true }, configuration: true } };
    const server = await startServer(dir, { capabilities, settings: () => ({ debounceMs: 0 }) });
    const { peer } = server;
    type Report = { kind: string; resultId?: string; items?: { code: string }[] };
    const pull = async (name: string, previousResultId?: string) =>
      (await peer.request("textDocument/diagnostic", { textDocument: { uri: uri(name) }, ...(previousResultId ? { previousResultId } : {}) })).result as Report;
    try {
      peer.notify("textDocument/didOpen", { textDocument: { uri: uri("a.ts"), languageId: "typescript", version: 1, text: SYNC_LOAD } });
      peer.notify("textDocument/didOpen", { textDocument: { uri: uri("b.ts"), languageId: "typescript", version: 1, text: CALLER("./a") } });
      const before = await pull("b.ts");
      assert.deepEqual(before.items, []);
      await pull("a.ts");

      peer.notify("textDocument/didChange", { textDocument: { uri: uri("a.ts"), version: 2 }, contentChanges: [{ text: ASYNC_LOAD }] });
      await pull("a.ts");
      await peer.waitFor((m) => m.method === "workspace/diagnostic/refresh");
      const after = await pull("b.ts", before.resultId);
      assert.equal(after.kind, "full");
      assert.deepEqual(after.items!.map((d) => d.code), ["missing-await"]);
    } finally {
      await server.stop();
    }
  });
});
