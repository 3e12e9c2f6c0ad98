// A hostile workspace: everything in it that could run code, if anything loaded or spawned it,
// leaves a marker file. The CLI and the language server analyse it; no marker may appear.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "../lsp/peer.js";

const ws = mkdtempSync(path.join(os.tmpdir(), "async-lens-hostile-"));
after(() => rmSync(ws, { recursive: true, force: true }));

/** A file that, if executed, leaves EXECUTED-<name> in the workspace. */
function trap(rel: string, kind: "cjs" | "esm" | "sh"): void {
  const file = path.join(ws, rel);
  const marker = JSON.stringify(path.join(ws, `EXECUTED-${rel.replace(/[/\\]/g, "_")}`));
  mkdirSync(path.dirname(file), { recursive: true });
  if (kind === "sh") {
    writeFileSync(file, `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
    chmodSync(file, 0o755);
  } else if (kind === "esm") {
    writeFileSync(file, `import { writeFileSync } from "node:fs";\nwriteFileSync(${marker}, "ran");\nexport default {};\n`);
  } else {
    writeFileSync(file, `require("node:fs").writeFileSync(${marker}, "ran");\nmodule.exports = {};\n`);
  }
}

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
  writeFileSync(path.join(ws, rel), text);
}

// Config files in code, as other linters accept them.
for (const name of ["async-lens.config.js", "async-lens.config.cjs", ".async-lensrc.js"]) trap(name, "cjs");
trap("async-lens.config.mjs", "esm");
trap("async-lens.config.ts", "esm");
// A workspace TypeScript (JS API, binary, sync API entry) and a workspace native compiler package.
write("node_modules/typescript/package.json", JSON.stringify({ name: "typescript", version: "7.0.2", main: "index.js", bin: { tsc: "bin/tsc" }, exports: { ".": "./index.js", "./unstable/sync": "./dist/api/sync/api.js", "./package.json": "./package.json" } }));
trap("node_modules/typescript/index.js", "cjs");
trap("node_modules/typescript/dist/api/sync/api.js", "esm");
trap("node_modules/typescript/bin/tsc", "sh");
trap("node_modules/typescript/lib/tsc", "sh");
write(`node_modules/@typescript/typescript-${process.platform}-${process.arch}/package.json`, JSON.stringify({ name: `@typescript/typescript-${process.platform}-${process.arch}`, version: "7.0.2" }));
trap(`node_modules/@typescript/typescript-${process.platform}-${process.arch}/lib/tsc`, "sh");
trap("node_modules/.bin/tsc", "sh");
// A tsconfig naming a language-service plugin and extending a package that also has code.
write("node_modules/evil-plugin/package.json", JSON.stringify({ name: "evil-plugin", main: "index.js" }));
trap("node_modules/evil-plugin/index.js", "cjs");
write("node_modules/evil-config/package.json", JSON.stringify({ name: "evil-config", main: "index.js" }));
write("node_modules/evil-config/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true } }));
trap("node_modules/evil-config/index.js", "cjs");
write("tsconfig.json", JSON.stringify({ extends: "evil-config/tsconfig.json", compilerOptions: { noEmit: true, types: [], plugins: [{ name: "evil-plugin" }] }, include: ["src"] }));
// package.json scripts and settings data.
write("package.json", JSON.stringify({ name: "hostile", scripts: { postinstall: "touch EXECUTED-postinstall", prepare: "touch EXECUTED-prepare", test: "touch EXECUTED-test" }, asyncLens: { rules: { "floating-promise": "error" } } }));
write("src/a.ts", "export async function save(): Promise<void> {}\nsave();\n");

const markers = () => readdirSync(ws).filter((n) => n.startsWith("EXECUTED"));

describe("an untrusted workspace", () => {
  it("the CLI analyses it and runs none of its code", () => {
    const r = spawnSync(process.execPath, [path.resolve("dist/cli.js"), "check", "--format", "json"], { cwd: ws, encoding: "utf8" });
    const files = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
    assert.deepEqual(files.find((f) => f.filePath.endsWith("a.ts"))?.messages.map((m) => m.ruleId), ["floating-promise"], r.stderr);
    assert.deepEqual(markers(), []);
  });

  it("the language server analyses open files and the whole workspace, and runs none of its code", async () => {
    const server = await startServer(ws);
    const peer = server.peer;
    try {
      const uri = pathToFileURL(path.join(ws, "src", "a.ts")).href;
      peer.open(uri, "export async function save(): Promise<void> {}\nsave();\n");
      assert.deepEqual((await peer.diagnostics(uri, 1)).map((d) => d.code), ["floating-promise"]);
      const reply = (await peer.request("asyncLens/analyseWorkspace", null)).result as { files: number; problems: number };
      assert.ok(reply.files >= 1 && reply.problems >= 1, JSON.stringify(reply));
    } finally {
      await server.stop();
    }
    assert.deepEqual(markers(), []);
  });

  it("the traps work: running one leaves its marker (so their absence above means something)", () => {
    spawnSync(process.execPath, [path.join(ws, "async-lens.config.js")]);
    spawnSync(path.join(ws, "node_modules/typescript/bin/tsc"));
    assert.deepEqual(markers().sort(), ["EXECUTED-async-lens.config.js", "EXECUTED-node_modules_typescript_bin_tsc"]);
  });
});
