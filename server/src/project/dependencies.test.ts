import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DependencyCache } from "./dependencies.js";

test("dependencies come from the nearest package.json, every kind, re-read when it changes", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-deps-"));
  try {
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { "p-map": "7.0.3" }, devDependencies: { tsx: "4" } }));
    mkdirSync(path.join(dir, "packages/api/src"), { recursive: true });
    const inner = path.join(dir, "packages/api/package.json");
    writeFileSync(inner, JSON.stringify({ peerDependencies: { "p-limit": "6" }, optionalDependencies: { fsevents: "2" } }));
    mkdirSync(path.join(dir, "tools"));
    const cache = new DependencyCache();
    assert.deepEqual([...cache.forFile(path.join(dir, "tools/x.ts"))].sort(), ["p-map", "tsx"]);
    assert.deepEqual([...cache.forFile(path.join(dir, "packages/api/src/a.ts"))].sort(), ["fsevents", "p-limit"], "the nearest one, not the root's");

    writeFileSync(inner, JSON.stringify({ dependencies: { "p-map": "7", "p-limit": "6" } }));
    utimesSync(inner, new Date(), new Date(Date.now() + 5000)); // a changed mtime, even on a coarse clock
    assert.deepEqual([...cache.forFile(path.join(dir, "packages/api/src/b.ts"))].sort(), ["p-limit", "p-map"]);

    writeFileSync(inner, "{ not json");
    utimesSync(inner, new Date(), new Date(Date.now() + 10000));
    assert.equal(cache.forFile(path.join(dir, "packages/api/src/a.ts")).size, 0, "a broken package.json offers nothing");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a package.json created where there was none is found after clear() (the server clears on package.json changes)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-deps-"));
  try {
    mkdirSync(path.join(dir, "app/src"), { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { tsx: "4" } }));
    const cache = new DependencyCache();
    const file = path.join(dir, "app/src/a.ts");
    assert.deepEqual([...cache.forFile(file)], ["tsx"]);
    writeFileSync(path.join(dir, "app/package.json"), JSON.stringify({ dependencies: { "p-limit": "6" } }));
    assert.deepEqual([...cache.forFile(file)], ["tsx"], "where the nearest package.json is, is kept");
    cache.clear();
    assert.deepEqual([...cache.forFile(file)], ["p-limit"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
