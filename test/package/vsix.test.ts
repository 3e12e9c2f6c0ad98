// What the .vsix holds, from the packaging script's dry run (it stages the files and lists them with
// `vsce ls`, the list `vsce package` packs). Building the .vsix itself takes ~10 s, so that is left to
// `npm run package`, which checks its .vsix against this same staged list (and the e2e suite installs it).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

interface DryRun {
  target: string;
  files: string[];
}

describe("packaged extension", () => {
  it("holds exactly the bundles, the linux-x64 compiler with its lib files, grammars, icon and docs", () => {
    const out = execFileSync(process.execPath, ["scripts/package.mjs", "--target", "linux-x64", "--dry-run", "--json"], { encoding: "utf8" });
    const [run] = JSON.parse(out) as DryRun[];
    assert.equal(run?.target, "linux-x64");
    const compilerLib = path.join(path.dirname(createRequire(path.resolve("package.json")).resolve("@typescript/typescript-linux-x64/package.json")), "lib");
    const libFiles = readdirSync(compilerLib).filter((f) => f.endsWith(".d.ts"));
    assert.ok(libFiles.length > 50 && libFiles.includes("lib.es2023.d.ts") && libFiles.includes("lib.dom.d.ts"));
    const expected = [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "LICENSE",
      "images/icon.png",
      "syntaxes/suppression-comments.tmLanguage.json",
      "dist/client.cjs",
      "dist/server.js",
      "dist/analysis-worker.js",
      "dist/webview/main.js",
      "dist/webview/main.css",
      "dist/webview/codicon.ttf",
      "docs/images/explainer.png",
      "docs/images/diagnostics.png",
      "dist/typescript/tsc",
      "dist/typescript/tsc.sig",
      "dist/typescript/LICENSE",
      "dist/typescript/NOTICE.txt",
      ...libFiles.map((f) => `dist/typescript/${f}`),
    ].sort();
    assert.deepEqual(run.files, expected);
  });

  it("refuses targets it cannot build: the web (no native compiler) and unknown ones", () => {
    for (const target of ["web", "linux-mips"]) {
      let failed = false;
      try {
        execFileSync(process.execPath, ["scripts/package.mjs", "--target", target, "--dry-run"], { stdio: "pipe" });
      } catch (e) {
        failed = true;
        assert.match(String((e as { stderr?: Buffer }).stderr), /unknown target/);
      }
      assert.ok(failed, target);
    }
  });

  it("names an icon that is a 128×128 PNG, and contributes the grammar it ships", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { icon: string; contributes: { grammars: { path: string }[] } };
    const png = readFileSync(pkg.icon);
    assert.equal(png.subarray(1, 4).toString("ascii"), "PNG");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.deepEqual(pkg.contributes.grammars.map((g) => path.normalize(g.path)), ["syntaxes/suppression-comments.tmLanguage.json"]);
  });
});
