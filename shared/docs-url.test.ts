import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { REPOSITORY_URL, ruleDocsUrl } from "./docs-url.js";

describe("rule docs URLs", () => {
  it("use package.json's repository", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { repository?: { type?: string; url?: string } };
    assert.equal(pkg.repository?.type, "git");
    assert.equal(pkg.repository?.url?.replace(/\.git$/, ""), REPOSITORY_URL);
  });

  it("point at docs/rules/<id>.md, a page that exists", () => {
    assert.equal(ruleDocsUrl("floating-promise"), "https://github.com/async-lens/async-lens/blob/main/docs/rules/floating-promise.md");
    const local = ruleDocsUrl("missing-await").slice(`${REPOSITORY_URL}/blob/main/`.length);
    assert.ok(existsSync(local), local);
  });
});
