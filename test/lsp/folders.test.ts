// Multi-root workspaces: each folder its own root, async-lens.json and settings (asked per folder),
// including asyncLens.analyseOn ("change" | "save").
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "./peer.js";

const FLOATING = "export async function save(): Promise<void> {}\nsave();\n";

const top = mkdtempSync(path.join(os.tmpdir(), "async-lens-folders-"));
after(() => rmSync(top, { recursive: true, force: true }));

function folder(name: string, config?: object): { uri: string; file: (f: string) => string } {
  const dir = path.join(top, name);
  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["src"] }));
  if (config) writeFileSync(path.join(dir, "async-lens.json"), JSON.stringify(config));
  return {
    uri: pathToFileURL(dir).href,
    file: (f) => {
      writeFileSync(path.join(dir, "src", f), "export {};\n");
      return pathToFileURL(path.join(dir, "src", f)).href;
    },
  };
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; severity: number }[];
}

describe("workspace folders", () => {
  it("gives each folder its own async-lens.json and settings; analyseOn 'save' waits for the save", async () => {
    const quiet = folder("quiet", { rules: { "floating-promise": "warn" } });
    const onSave = folder("on-save");
    const server = await startServer(top, {
      workspaceFolders: [
        { uri: quiet.uri, name: "quiet" },
        { uri: onSave.uri, name: "on-save" },
      ],
      settings: (scope) => (scope === onSave.uri ? { analyseOn: "save", debounceMs: 0 } : { debounceMs: 0 }),
    });
    const { peer } = server;
    const published = (uri: string, version: number) =>
      peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as Published).uri === uri && (m.params as Published).version === version).then((m) => m.params as Published);
    try {
      const a = quiet.file("a.ts");
      const b = onSave.file("b.ts");
      peer.notify("textDocument/didOpen", { textDocument: { uri: a, languageId: "typescript", version: 1, text: FLOATING } });
      peer.notify("textDocument/didOpen", { textDocument: { uri: b, languageId: "typescript", version: 1, text: FLOATING } });
      assert.deepEqual((await published(a, 1)).diagnostics.map((d) => [d.code, d.severity]), [["floating-promise", 2]], "quiet/async-lens.json: warn");
      assert.deepEqual((await published(b, 1)).diagnostics.map((d) => [d.code, d.severity]), [["floating-promise", 1]], "on-save: the default, error");

      // Typing in the on-save folder publishes nothing; a later file's analysis (queued behind any it would have
      // started) shows that nothing was pending.
      peer.notify("textDocument/didChange", { textDocument: { uri: b, version: 2 }, contentChanges: [{ text: FLOATING + "save();\n" }] });
      const sentinel = onSave.file("sentinel.ts");
      peer.notify("textDocument/didOpen", { textDocument: { uri: sentinel, languageId: "typescript", version: 1, text: "export {};\n" } });
      await published(sentinel, 1);
      assert.deepEqual(peer.received((m) => m.method === "textDocument/publishDiagnostics" && (m.params as Published).uri === b), []);

      peer.notify("textDocument/didSave", { textDocument: { uri: b } });
      assert.equal((await published(b, 2)).diagnostics.length, 2);

      // Typing in the other folder is analysed as typed.
      peer.notify("textDocument/didChange", { textDocument: { uri: a, version: 2 }, contentChanges: [{ text: FLOATING + "save();\n" }] });
      assert.equal((await published(a, 2)).diagnostics.length, 2);
    } finally {
      await server.stop();
    }
  });
});
