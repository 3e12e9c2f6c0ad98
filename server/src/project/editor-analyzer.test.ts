// The editor's compiler dies (killed, crashed): the next analysis notices, starts a new one, and
// gives the same answer as before.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EditorAnalyzer } from "./editor-analyzer.js";
import { resolveRules } from "../analyzer/config.js";
import { defineRule } from "../analyzer/rule.js";
import { K } from "../analyzer/ts/syntax.js";
import type { EnabledRule } from "../analyzer/analyze.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-editor-"));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ["*.ts"] }));
const file = path.join(dir, "a.ts");
writeFileSync(file, "export {};\n");
const TEXT = "declare function save(): Promise<void>;\nexport async function f() {\n  save();\n}\nsave();\n";

/** A rule that kills the compiler the first time it sees a statement, before the typed checks run. */
function killerRule(analyzer: () => EditorAnalyzer): EnabledRule {
  let killed = false;
  const rule = defineRule({
    meta: { id: "kill-compiler", summary: "", why: "", defaultLevel: "error", options: {}, messages: {}, eslintEquivalents: [], related: [], examples: { invalid: [], valid: [] } },
    create: () => ({
      [K.ExpressionStatement]: () => {
        if (killed) return;
        killed = true;
        process.kill(analyzer().compilerPid!, "SIGKILL");
      },
    }),
  });
  return { rule, level: "error", options: {} };
}

const codes = (r: ReturnType<EditorAnalyzer["analyze"]>) => r?.findings.map((f) => `${f.ruleId}@${f.start}`);

describe("editor analyser: compiler faults", () => {
  it("a compiler killed between two analyses is replaced, and the next analysis works", () => {
    const logs: string[] = [];
    const analyzer = new EditorAnalyzer({ rootPath: dir, log: (_level, message) => logs.push(message) });
    try {
      const first = analyzer.analyze(file, TEXT);
      assert.deepEqual(codes(first), ["missing-await@70", "floating-promise@80"]);
      const pid = analyzer.compilerPid!;
      process.kill(pid, "SIGKILL");
      const second = analyzer.analyze(file, TEXT);
      assert.deepEqual(codes(second), codes(first));
      assert.equal(analyzer.restarts, 1);
      assert.notEqual(analyzer.compilerPid, pid);
      assert.ok(logs.some((l) => l.includes(`(pid ${pid}) stopped before an analysis`)), logs.join("\n"));
      analyzer.close(file);
    } finally {
      analyzer.dispose();
    }
  });

  it("a compiler killed in the middle of an analysis: the analysis is made again with a new one", () => {
    let analyzer: EditorAnalyzer;
    const rules = [killerRule(() => analyzer), ...resolveRules([], "editor")];
    analyzer = new EditorAnalyzer({ rootPath: dir, rules });
    try {
      const pidBefore = analyzer.compilerPid; // no compiler before the first analysis
      assert.equal(pidBefore, undefined);
      const result = analyzer.analyze(file, TEXT);
      assert.equal(analyzer.restarts, 1);
      assert.deepEqual(codes(result), ["missing-await@70", "floating-promise@80"], "complete findings, not the half-run ones");
      assert.deepEqual(result?.notices, []);
    } finally {
      analyzer.dispose();
    }
  });

  it("closing a file after its compiler died does not throw; the next analysis restarts", () => {
    const analyzer = new EditorAnalyzer({ rootPath: dir });
    try {
      analyzer.analyze(file, TEXT);
      process.kill(analyzer.compilerPid!, "SIGKILL");
      analyzer.close(file);
      assert.equal(codes(analyzer.analyze(file, TEXT))?.length, 2);
    } finally {
      analyzer.dispose();
    }
  });

  it("a file the compiler already read from disk is analysed with its editor text, on first open and on reopen", () => {
    const b = path.join(dir, "b.ts");
    writeFileSync(b, "export {};\n");
    const analyzer = new EditorAnalyzer({ rootPath: dir });
    try {
      analyzer.analyze(file, "export {};\n"); // opens the project: b.ts is read from disk
      assert.deepEqual(codes(analyzer.analyze(b, TEXT)), ["missing-await@70", "floating-promise@80"]);
      analyzer.close(b);
      assert.deepEqual(codes(analyzer.analyze(b, TEXT.replace("}\nsave();", "}\nvoid save();"))), ["missing-await@70"], "reopened with other unsaved text");
      analyzer.close(b);
      analyzer.close(file);
    } finally {
      analyzer.dispose();
    }
  });
});
