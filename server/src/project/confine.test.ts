// The editor reads projects and settings only inside its workspace folder.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isInside } from "./confine.js";
import { loadConfig } from "./config-file.js";
import { discover } from "./discover.js";
import { ConfigError } from "../analyzer/config.js";

const root = mkdtempSync(path.join(os.tmpdir(), "async-lens-confine-"));
after(() => rmSync(root, { recursive: true, force: true }));
const ws = path.join(root, "workspace");
const outside = path.join(root, "elsewhere");
mkdirSync(path.join(ws, "src"), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(root, "async-lens.json"), JSON.stringify({ rules: { "floating-promise": "off" } }));
writeFileSync(path.join(outside, "tsconfig.json"), "{}");
writeFileSync(path.join(outside, "async-lens.json"), "{}");
writeFileSync(path.join(ws, "src", "a.ts"), "export {};\n");
symlinkSync(outside, path.join(ws, "link-out"));

describe("confinement to the workspace folder", () => {
  it("isInside: below is inside; parents, siblings and links leading out are not", () => {
    assert.ok(isInside(ws, ws));
    assert.ok(isInside(ws, path.join(ws, "src", "a.ts")));
    assert.ok(isInside(ws, path.join(ws, "src", "not-yet.ts")));
    assert.ok(!isInside(ws, root));
    assert.ok(!isInside(ws, path.join(ws, "..", "elsewhere", "tsconfig.json")));
    assert.ok(!isInside(ws, `${ws}-sibling`));
    assert.ok(!isInside(ws, path.join(ws, "link-out", "tsconfig.json")), "a symbolic link is followed to where it leads");
  });

  it("loadConfig: the search stops at the workspace folder; an explicit file outside it is refused", () => {
    assert.deepEqual(loadConfig(path.join(ws, "src")).config, { rules: { "floating-promise": "off" } }, "unconfined (the CLI) looks above");
    assert.deepEqual(loadConfig(path.join(ws, "src"), undefined, { confineTo: ws }), { file: undefined, config: {} });
    assert.throws(() => loadConfig(ws, "../elsewhere/async-lens.json", { confineTo: ws }), (e: unknown) => e instanceof ConfigError && /outside the workspace folder/.test(e.message));
    assert.throws(() => loadConfig(ws, "link-out/async-lens.json", { confineTo: ws }), /outside the workspace folder/);
  });

  it("discover: references and a tsconfig above the folder are not followed, with a message", () => {
    writeFileSync(path.join(ws, "tsconfig.json"), JSON.stringify({ include: ["src"], references: [{ path: "../elsewhere" }, { path: "./link-out" }] }));
    const confined = discover([], ws, [], { confineTo: ws });
    assert.deepEqual(confined.configs, [path.join(ws, "tsconfig.json")]);
    assert.equal(confined.messages.filter((m) => /is outside the workspace folder; it is not followed/.test(m.message)).length, 2);
    assert.equal(discover([], ws).configs.length, 3, "unconfined (the CLI) follows them");
    rmSync(path.join(ws, "tsconfig.json"));
    writeFileSync(path.join(root, "tsconfig.json"), "{}");
    assert.deepEqual(discover([path.join(ws, "src", "a.ts")], ws, [], { confineTo: ws }).configs, []);
    rmSync(path.join(root, "tsconfig.json"));
  });
});
