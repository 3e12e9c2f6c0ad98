import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ImportGraph } from "./import-graph.js";

const graph = (imports: Record<string, string[]>) => {
  const asked: string[] = [];
  const importsOf = (_candidate: string, file: string) => {
    asked.push(file);
    return imports[file];
  };
  return { asked, importsOf };
};

describe("ImportGraph", () => {
  it("finds open files importing the changed one directly and through re-exports, and no others", () => {
    const { importsOf } = graph({ b: ["index"], index: ["a", "c"], c: [], d: ["c"], e: ["a"] });
    const g = new ImportGraph();
    assert.deepEqual(g.dependants("a", ["a", "b", "d", "e"], importsOf), ["b", "e"]);
  });

  it("survives cycles and reads each file's imports once until told the file changed", () => {
    const { asked, importsOf } = graph({ b: ["c"], c: ["b", "a"], a: [] });
    const g = new ImportGraph();
    assert.deepEqual(g.dependants("a", ["b"], importsOf), ["b"]);
    assert.deepEqual(g.dependants("a", ["b"], importsOf), ["b"]);
    assert.deepEqual(asked, ["b", "c"]);
    g.forget("c");
    g.dependants("a", ["b"], importsOf);
    assert.deepEqual(asked, ["b", "c", "c"]);
  });

  it("stops at the depth and file limits", () => {
    const { importsOf } = graph({ b: ["x1"], x1: ["x2"], x2: ["x3"], x3: ["a"] });
    assert.deepEqual(new ImportGraph({ maxDepth: 4, maxFiles: 100 }).dependants("a", ["b"], importsOf), ["b"]);
    assert.deepEqual(new ImportGraph({ maxDepth: 3, maxFiles: 100 }).dependants("a", ["b"], importsOf), []);
    assert.deepEqual(new ImportGraph({ maxDepth: 10, maxFiles: 2 }).dependants("a", ["b"], importsOf), []);
  });
});
