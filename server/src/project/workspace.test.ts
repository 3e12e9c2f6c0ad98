// A workspace run (the CLI's, and the editor's "Analyse Whole Workspace") when files vanish under it.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyzeWorkspace } from "./workspace.js";
import { resolveRules } from "../analyzer/config.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-ws-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("workspace run", () => {
  it("a file deleted while the run is under way is reported as not analysed; the others are analysed", () => {
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ["src"] }));
    const names = ["a", "b", "c", "d"].map((n) => path.join(dir, "src", `${n}.ts`));
    for (const f of names) writeFileSync(f, "export async function save(): Promise<void> {}\nsave();\n");
    let deleted: string | undefined;
    const run = analyzeWorkspace({
      cwd: dir,
      paths: [],
      projects: [],
      rules: resolveRules([]),
      maxFileSize: 1 << 20,
      // After the first file, the last one disappears from disk (the compiler has already read it).
      onProgress: (done) => {
        if (done === 1) {
          deleted = names[3]!;
          unlinkSync(deleted);
        }
      },
    });
    assert.ok(deleted);
    const byFile = new Map(run.results.map((r) => [r.file, r]));
    assert.match(byFile.get(deleted)!.notices[0]!.message, /could not be read \(deleted or unreadable\)/);
    for (const f of names.slice(0, 3)) assert.deepEqual(byFile.get(f)!.findings.map((x) => x.ruleId), ["floating-promise"], f);
  });
});
