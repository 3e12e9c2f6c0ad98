// Faults around a running language server: its compiler killed, a tsconfig edited to garbage and
// back, a file deleted while open, a file over the size limit. The server keeps serving throughout.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { childPids, startServer, type Diagnostic } from "./peer.js";

const root = mkdtempSync(path.join(os.tmpdir(), "async-lens-faults-"));
after(() => rmSync(root, { recursive: true, force: true }));

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ["src"] });
const FLOATING = "export async function save(): Promise<void> {}\nsave();\n";

function workspace(name: string): { dir: string; file: (rel: string) => { path: string; uri: string } } {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(path.join(dir, "tsconfig.json"), TSCONFIG);
  return {
    dir,
    file: (rel) => {
      const p = path.join(dir, rel);
      return { path: p, uri: pathToFileURL(p).href };
    },
  };
}

const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.code ?? "notice"}@${d.range.start.line}:${d.range.start.character}`);

describe("language server faults", () => {
  it("the TypeScript compiler killed: the server starts a new one and diagnostics keep coming", async () => {
    const ws = workspace("kill-tsc");
    const a = ws.file("src/a.ts");
    await writeFile(a.path, FLOATING);
    const server = await startServer(ws.dir);
    const peer = server.peer;
    try {
      peer.open(a.uri, FLOATING);
      assert.deepEqual(codes(await peer.diagnostics(a.uri, 1)), ["floating-promise@1:0"]);
      const [compiler] = childPids(peer.child.pid!);
      assert.ok(compiler, "the server runs a compiler process");
      process.kill(compiler, "SIGKILL");

      peer.change(a.uri, FLOATING + "save();\n", 2);
      assert.deepEqual(codes(await peer.diagnostics(a.uri, 2)), ["floating-promise@1:0", "floating-promise@2:0"]);
      const now = childPids(peer.child.pid!);
      assert.equal(now.length, 1);
      assert.notEqual(now[0], compiler, "a new compiler process");
      assert.ok(peer.logs.some((l) => l.includes(`(pid ${compiler}) stopped`)), peer.logs.join("\n"));
    } finally {
      await server.stop();
    }
  });

  it("a tsconfig edited to garbage and back: analysis goes on, and diagnostics are as before once it is fixed", async () => {
    const ws = workspace("garbage-tsconfig");
    const a = ws.file("src/a.ts");
    const tsconfig = ws.file("tsconfig.json");
    await writeFile(a.path, FLOATING);
    const server = await startServer(ws.dir);
    const peer = server.peer;
    try {
      peer.open(a.uri, FLOATING);
      const before = codes(await peer.diagnostics(a.uri, 1));
      assert.deepEqual(before, ["floating-promise@1:0"]);

      await writeFile(tsconfig.path, '{ "compilerOptions": { "strict": tru,,, }} ]] garbage \u0000');
      peer.drain();
      peer.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: tsconfig.uri, type: 2 }] });
      // Still served, and the broken config is reported on the open file.
      const broken = await peer.diagnostics(a.uri);
      assert.deepEqual(codes(broken), ["floating-promise@1:0", "notice@0:0"]);
      assert.match(broken[1]!.message, /tsconfig\.json has errors: .*Analysis goes on with what could be read/);
      peer.change(a.uri, FLOATING + "save();\n", 2);
      assert.equal((await peer.diagnostics(a.uri, 2)).length, 3);

      await writeFile(tsconfig.path, TSCONFIG);
      peer.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: tsconfig.uri, type: 2 }] });
      peer.change(a.uri, FLOATING, 3);
      assert.deepEqual(codes(await peer.diagnostics(a.uri, 3)), before);
    } finally {
      await server.stop();
    }
  });

  it("a tsconfig changed in one workspace folder restarts that folder's compiler only", async () => {
    const one = workspace("folder-one");
    const two = workspace("folder-two");
    const a = one.file("src/a.ts");
    const b = two.file("src/b.ts");
    await writeFile(a.path, FLOATING);
    await writeFile(b.path, FLOATING);
    const server = await startServer(root, {
      workspaceFolders: [
        { uri: pathToFileURL(one.dir).href, name: "one" },
        { uri: pathToFileURL(two.dir).href, name: "two" },
      ],
    });
    const peer = server.peer;
    const compilersOf = (dir: string) => peer.logs.filter((l) => l.startsWith("TypeScript 7 compiler") && l.endsWith(`workspace folder ${dir}`)).length;
    try {
      peer.open(a.uri, FLOATING);
      peer.open(b.uri, FLOATING);
      assert.deepEqual(codes(await peer.diagnostics(a.uri, 1)), ["floating-promise@1:0"]);
      assert.deepEqual(codes(await peer.diagnostics(b.uri, 1)), ["floating-promise@1:0"]);

      const tsconfig = two.file("tsconfig.json");
      await writeFile(tsconfig.path, '{ "compilerOptions": { "strict": tru,,, }} ]] garbage');
      peer.drain();
      peer.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: tsconfig.uri, type: 2 }] });
      const broken = await peer.diagnostics(b.uri);
      assert.deepEqual(codes(broken), ["floating-promise@1:0", "notice@0:0"], "folder two's new compiler reads the broken tsconfig");
      assert.deepEqual(codes(await peer.diagnostics(a.uri)), ["floating-promise@1:0"], "folder one is analysed again, without a notice");
      assert.equal(compilersOf(two.dir), 2, peer.logs.join("\n"));
      assert.equal(compilersOf(one.dir), 1, peer.logs.join("\n"));
    } finally {
      await server.stop();
    }
  });

  it("a file deleted on disk while open keeps its editor text's diagnostics; other files still work", async () => {
    const ws = workspace("deleted");
    const a = ws.file("src/a.ts");
    const b = ws.file("src/b.ts");
    await writeFile(a.path, FLOATING);
    await writeFile(b.path, FLOATING);
    const server = await startServer(ws.dir);
    const peer = server.peer;
    try {
      peer.open(a.uri, FLOATING);
      assert.deepEqual(codes(await peer.diagnostics(a.uri, 1)), ["floating-promise@1:0"]);
      await unlink(a.path);
      peer.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: a.uri, type: 3 }] });
      peer.change(a.uri, FLOATING + "save();\n", 2);
      assert.deepEqual(codes(await peer.diagnostics(a.uri, 2)), ["floating-promise@1:0", "floating-promise@2:0"]);
      peer.close(a.uri);
      assert.deepEqual(await peer.diagnostics(a.uri), []);
      peer.open(b.uri, FLOATING);
      assert.deepEqual(codes(await peer.diagnostics(b.uri, 1)), ["floating-promise@1:0"]);
    } finally {
      await server.stop();
    }
  });

  it("a 10 MB file is skipped with a message; the limit is the asyncLens.maxFileSize setting", async () => {
    const ws = workspace("big");
    const big = ws.file("src/big.ts");
    const small = ws.file("src/small.ts");
    await writeFile(big.path, "export {};\n");
    await writeFile(small.path, FLOATING);
    const line = "export const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];\n";
    const text = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)) + "Promise.resolve(1);\n";
    const server = await startServer(ws.dir);
    const peer = server.peer;
    try {
      peer.open(big.uri, text);
      const skipped = await peer.diagnostics(big.uri, 1);
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0]!.severity, 3, "information");
      assert.match(skipped[0]!.message, /skipped this file: it is larger than 2097152 bytes \(asyncLens\.maxFileSize\)/);

      // A lower limit from the settings skips a small file too.
      peer.settings = () => ({ maxFileSize: 20 });
      peer.notify("workspace/didChangeConfiguration", { settings: {} });
      // The server reads the settings again before it hears of the next document.
      await peer.waitFor((m) => m.method === "workspace/configuration");
      peer.open(small.uri, FLOATING);
      assert.match((await peer.diagnostics(small.uri, 1))[0]!.message, /larger than 20 bytes/);
    } finally {
      await server.stop();
    }
  });
});
