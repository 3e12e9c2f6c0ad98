// The registry and the rule files agree: one file per rule, named by its id, with its tests
// beside it, listed alphabetically; every rule's metadata is complete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { rules } from "./index.js";

const dir = path.resolve("server/src/analyzer/rules");
const ruleFiles = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test.") && f !== "index.ts");

test("every rule file is registered, and every registered rule has its file and tests", () => {
  assert.deepEqual(rules.map((r) => `${r.meta.id}.ts`).sort(), ruleFiles.sort());
  for (const r of rules) assert.ok(readdirSync(dir).includes(`${r.meta.id}.test.ts`), `${r.meta.id} has no test file`);
});

test("the registry is in alphabetical order", () => {
  const ids = rules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort());
});

test("rule metadata is complete", () => {
  for (const { meta } of rules) {
    assert.match(meta.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(meta.summary.length > 20 && meta.why.length > 40, `${meta.id}: summary and why must say something`);
    assert.ok(meta.examples.invalid.length > 0 && meta.examples.valid.length > 0, `${meta.id}: docs examples`);
    assert.ok(Object.keys(meta.messages).length > 0);
    for (const [name, spec] of Object.entries(meta.options as Record<string, { description: string }>)) {
      assert.ok(spec.description.length > 10, `${meta.id}.${name} needs a description`);
    }
  }
});
