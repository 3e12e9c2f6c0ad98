// docs/rules/<id>.md must be what the rule's metadata renders to (run `npm run docs` after changing a rule).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { rules } from "../analyzer/rules/index.js";
import { renderRuleDoc } from "./rule-docs.js";

test("every rule has its generated page, and no page is stale", () => {
  const pages = readdirSync("docs/rules").filter((f) => f.endsWith(".md")).sort();
  assert.deepEqual(pages, rules.map((r) => `${r.meta.id}.md`).sort(), "one page per rule");
  for (const rule of rules) {
    assert.equal(readFileSync(`docs/rules/${rule.meta.id}.md`, "utf8"), renderRuleDoc(rule), `docs/rules/${rule.meta.id}.md is stale: run npm run docs`);
  }
});
