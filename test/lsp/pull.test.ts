// Pull diagnostics (LSP 3.17 textDocument/diagnostic): result ids, cancellation, and the push fallback's
// absence when the client pulls. The server runs over stdio, no VS Code.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer, type Message } from "./peer.js";

const PULL_CLIENT = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true }, configuration: true } };

interface Report {
  kind: "full" | "unchanged";
  resultId?: string;
  items?: { code: string; source: string; codeDescription?: { href: string }; range: { start: { line: number } } }[];
}

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-pull-"));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, "src"));
writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["src"] }));

const FLOATING = "export async function save(): Promise<void> {}\nsave();\n";

function file(name: string, text: string): string {
  const p = path.join(dir, "src", name);
  writeFileSync(p, text);
  return pathToFileURL(p).href;
}

describe("pull diagnostics", () => {
  it("announces a diagnostic provider, answers pulls with result ids and 'unchanged', and pushes nothing", async () => {
    const uri = file("pulled.ts", "export {};\n");
    const server = await startServer(dir, { capabilities: PULL_CLIENT });
    const { peer } = server;
    try {
      assert.deepEqual(server.capabilities.diagnosticProvider, { identifier: "async-lens", interFileDependencies: true, workspaceDiagnostics: false });
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: FLOATING } });
      // A configuration change with a document open (VS Code sends one at start) must not make the server push.
      peer.notify("workspace/didChangeConfiguration", { settings: null });
      await peer.waitFor((m) => m.method === "workspace/configuration");
      const first = (await peer.request("textDocument/diagnostic", { textDocument: { uri } })).result as Report;
      assert.equal(first.kind, "full");
      assert.ok(first.resultId);
      assert.deepEqual(first.items!.map((d) => [d.source, d.code, d.range.start.line, d.codeDescription?.href]), [
        ["async-lens", "floating-promise", 1, "https://github.com/async-lens/async-lens/blob/main/docs/rules/floating-promise.md"],
      ]);

      const again = (await peer.request("textDocument/diagnostic", { textDocument: { uri }, previousResultId: first.resultId })).result as Report;
      assert.deepEqual(again, { kind: "unchanged", resultId: first.resultId });

      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: FLOATING.replace("save();", "void save();") }] });
      const fixed = (await peer.request("textDocument/diagnostic", { textDocument: { uri }, previousResultId: first.resultId })).result as Report;
      assert.equal(fixed.kind, "full");
      assert.deepEqual(fixed.items, []);
      assert.notEqual(fixed.resultId, first.resultId);

      // The same text as before gives the same result id: the client's copy is still right.
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: FLOATING }] });
      const back = (await peer.request("textDocument/diagnostic", { textDocument: { uri }, previousResultId: first.resultId })).result as Report;
      assert.deepEqual(back, { kind: "unchanged", resultId: first.resultId });

      assert.deepEqual(peer.received((m) => m.method === "textDocument/publishDiagnostics"), [], "a pulling client gets no pushed diagnostics");
    } finally {
      await server.stop();
    }
  });

  it("answers a pull the client cancels with RequestCancelled", async () => {
    const uri = file("cancelled.ts", "export {};\n");
    // A long debounce keeps the pull waiting for typing to pause, so the cancellation surely finds it running.
    const server = await startServer(dir, { capabilities: PULL_CLIENT, settings: () => ({ debounceMs: 60_000 }) });
    const { peer } = server;
    try {
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: FLOATING } });
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: FLOATING + "save();\n" }] });
      const { id, reply } = peer.requestWithId("textDocument/diagnostic", { textDocument: { uri } });
      peer.notify("$/cancelRequest", { id });
      const answer: Message = await reply;
      assert.equal(answer.error?.code, -32800, JSON.stringify(answer));
    } finally {
      await server.stop();
    }
  });

  it("analyses a change that follows a pause at once, and waits for typing to pause when changes come close together", async () => {
    const uri = file("debounced.ts", "export {};\n");
    const debounceMs = 1500;
    const server = await startServer(dir, { capabilities: PULL_CLIENT, settings: () => ({ debounceMs }) });
    const { peer } = server;
    const pullLines = async () => ((await peer.request("textDocument/diagnostic", { textDocument: { uri } })).result as Report).items!.map((d) => d.range.start.line);
    try {
      const opened = performance.now();
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: FLOATING } });
      assert.deepEqual(await pullLines(), [1]);
      // The pause itself is what is tested: let the debounce time pass since the open.
      const left = opened + debounceMs + 50 - performance.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));

      let t = performance.now();
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: FLOATING + "save();\n" }] });
      assert.deepEqual(await pullLines(), [1, 2]);
      const single = performance.now() - t;
      assert.ok(single < debounceMs, `a change after a pause is analysed without the debounce (${single.toFixed(0)} ms)`);

      t = performance.now();
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: FLOATING + "save();\nsave();\n" }] });
      assert.deepEqual(await pullLines(), [1, 2, 3]);
      const typing = performance.now() - t;
      assert.ok(typing >= debounceMs - 5, `a change right behind another waits for the pause (${typing.toFixed(0)} ms)`);
    } finally {
      await server.stop();
    }
  });

  it("answers ServerCancelled (retrigger) when the document changes during the analysis, then the new text's result", async () => {
    const uri = file("superseded.ts", "export {};\n");
    const server = await startServer(dir, { capabilities: PULL_CLIENT, settings: () => ({ debounceMs: 0 }) });
    const { peer } = server;
    try {
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: FLOATING } });
      // The first analysis starts the compiler (slow); the change arrives right behind the pull.
      const { reply } = peer.requestWithId("textDocument/diagnostic", { textDocument: { uri } });
      peer.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: FLOATING + "save();\n" }] });
      const answer = await reply;
      assert.equal(answer.error?.code, -32802, JSON.stringify(answer));
      assert.deepEqual(answer.error?.data, { retriggerRequest: true });
      const retried = (await peer.request("textDocument/diagnostic", { textDocument: { uri } })).result as Report;
      assert.deepEqual(retried.items!.map((d) => d.range.start.line), [1, 2]);
    } finally {
      await server.stop();
    }
  });
});
