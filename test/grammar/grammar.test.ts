// The suppression-comment grammar, checked with vscode-tmgrammar-test against the TS/JS grammars VS Code
// ships (from tm-grammars). The tool reads our package.json, so the `injectTo` contribution is tested too.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const hostGrammars = ["typescript", "tsx", "javascript", "jsx"].map((g) => path.join("node_modules", "tm-grammars", "grammars", `${g}.json`));

function runGrammarTests(cases: string): { status: number | null; output: string } {
  const bin = path.join("node_modules", "vscode-tmgrammar-test", "dist", "unit.js");
  const args = [bin, "--compact", ...hostGrammars.flatMap((g) => ["-g", g]), cases];
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "async-lens-grammar-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("suppression-comment grammar", () => {
  it("gives the expected scopes in TS, TSX, JS and JSX comments", () => {
    const r = runGrammarTests("test/fixtures/grammar/suppressions.*");
    assert.equal(r.status, 0, r.output);
    assert.equal((r.output.match(/run successfuly/g) ?? []).length, 4, r.output);
  });

  it("fails when a case expects a scope the grammar does not give", () => {
    const wrong = path.join(tmp, "wrong.ts");
    const text = readFileSync("test/fixtures/grammar/suppressions.ts", "utf8");
    const mutated = text.replace("entity.other.attribute-name.rule.async-lens", "entity.other.attribute-name.rule-typo.async-lens");
    assert.notEqual(mutated, text);
    writeFileSync(wrong, mutated);
    const r = runGrammarTests(wrong);
    assert.notEqual(r.status, 0, r.output);
    assert.match(r.output, /rule-typo/);
  });

  it("fails when the grammar is not contributed for a language", () => {
    // Same cases, but under a package.json whose contribution leaves TSX out.
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { contributes: { grammars: { path: string; injectTo: string[] }[] } };
    for (const g of pkg.contributes.grammars) {
      copyFileSync(g.path, path.join(tmp, path.basename(g.path)));
      g.path = path.basename(g.path);
      g.injectTo = g.injectTo.filter((s) => s !== "source.tsx");
    }
    writeFileSync(path.join(tmp, "package.json"), JSON.stringify(pkg));
    copyFileSync("test/fixtures/grammar/suppressions.tsx", path.join(tmp, "suppressions.tsx"));
    const bin = path.resolve("node_modules", "vscode-tmgrammar-test", "dist", "unit.js");
    const r = spawnSync(process.execPath, [bin, "--compact", ...hostGrammars.flatMap((g) => ["-g", path.resolve(g)]), "suppressions.tsx"], { cwd: tmp, encoding: "utf8" });
    assert.notEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /missing required scopes: \[ meta.directive.suppression.async-lens keyword.control.directive.suppression.async-lens \] actual scopes: \[source.tsx comment.line.double-slash.tsx\]/i);
  });
});
