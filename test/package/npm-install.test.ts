// Packs the npm package, installs the tarball into a fresh project outside the repository, and runs what
// a user runs: `npx async-lens check` and `async-lens-language-server --stdio`. The compiler must come from
// that project's node_modules (typescript's platform package), as it does for a real install.
// About 7 s (npm installs from its cache); alone: `npm run test:npm-package`.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, type ExecFileOptions } from "node:child_process";
import { mkdtempSync, realpathSync } from "node:fs";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { LspPeer } from "../lsp/peer.js";

const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "async-lens-npm-")));
const project = path.join(tmp, "project");
after(() => rm(tmp, { recursive: true, force: true }));

/** Runs a command to its end; resolves with its exit code and output (never rejects). */
function run(cmd: string, args: string[], options: ExecFileOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const exists = (p: string) => access(p).then(() => true, () => false);

const SOURCE = "export async function save(): Promise<void> {}\nsave();\n";

describe("the npm package, installed from its tarball", () => {
  it("installs, and its CLI and language server analyse with the installed compiler", async () => {
    const started = Date.now();
    // --ignore-scripts: pack the dist/ this test run built, rather than rebuilding it under the other tests.
    const pack = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp]);
    assert.equal(pack.code, 0, pack.stderr);
    const packed = JSON.parse(pack.stdout) as { filename: string }[];
    const tarball = path.join(tmp, packed[0]!.filename);
    await mkdir(path.join(project, "src"), { recursive: true });
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "demo", private: true, type: "module" }));
    await writeFile(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["src"] }));
    await writeFile(path.join(project, "src", "a.ts"), SOURCE);
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball], { cwd: project });
    assert.equal(install.code, 0, install.stderr);
    const platformPackage = path.join(project, "node_modules", "@typescript", `typescript-${process.platform}-${process.arch}`);
    assert.ok(await exists(platformPackage), "npm installed typescript's compiler package for this platform");
    assert.ok(!(await exists(path.join(project, "node_modules", "vscode-languageserver"))), "bundled libraries are not installed");

    const env = { ...process.env };
    delete env.ASYNC_LENS_TSC;
    const check = await run("npx", ["--no-install", "async-lens", "check", "--format", "json"], { cwd: project, env });
    assert.equal(check.code, 1, check.stderr);
    const report = JSON.parse(check.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    assert.deepEqual(report.flatMap((f) => f.messages.map((m) => [path.relative(project, f.filePath), m.ruleId, m.line])), [["src/a.ts", "floating-promise", 2]]);

    const server = spawn(path.join(project, "node_modules", ".bin", "async-lens-language-server"), ["--stdio"], { cwd: project, env });
    const peer = new LspPeer(server);
    try {
      await peer.request("initialize", { processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: {}, workspaceFolders: null });
      peer.notify("initialized", {});
      const uri = pathToFileURL(path.join(project, "src", "a.ts")).href;
      peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: SOURCE } });
      const published = await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri);
      assert.deepEqual((published.params as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code), ["floating-promise"]);
      await peer.request("shutdown", null);
      peer.notify("exit", null);
    } finally {
      server.kill();
    }
    process.stderr.write(`npm package check: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
