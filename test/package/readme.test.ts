// The README's settings table must list every contributed setting with its real default.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

describe("README", () => {
  it("has a settings row for every contributed setting, with its default", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    const readme = readFileSync("README.md", "utf8");
    const rows = new Map([...readme.matchAll(/^\| `(asyncLens\.[\w.]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1]!, m[2]!]));
    const settings = Object.entries(pkg.contributes.configuration.properties);
    assert.ok(settings.length > 0);
    for (const [key, spec] of settings) assert.equal(rows.get(key), JSON.stringify(spec.default), `README settings row for ${key}`);
    assert.deepEqual([...rows.keys()].sort(), settings.map(([k]) => k).sort(), "no rows for settings that do not exist");
  });
});
