// The npm package (`npx async-lens check`, `async-lens-language-server --stdio`): what its tarball holds,
// from `npm pack --dry-run`. Installing the packed tarball and running it is scripts/check-npm-package.mjs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

interface PackResult {
  name: string;
  files: { path: string }[];
}

interface Manifest {
  name: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  files: string[];
}

describe("npm package", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as Manifest;

  it("packs exactly the CLI and server bundles, the worker, and the docs", () => {
    // --ignore-scripts: no production rebuild of dist/ in the middle of the test run.
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [packed] = JSON.parse(out) as PackResult[];
    assert.equal(packed?.name, "async-lens");
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "dist/analysis-worker.js",
      "dist/cli.js",
      "dist/server.js",
      "package.json",
    ]);
  });

  it("has bins that exist, start as node scripts, and depends only on the pinned TypeScript", () => {
    assert.deepEqual(pkg.bin, { "async-lens": "./dist/cli.js", "async-lens-language-server": "./dist/server.js" });
    for (const file of Object.values(pkg.bin)) {
      assert.ok(pkg.files.includes(file.replace(/^\.\//, "")), file);
      assert.match(readFileSync(file, "utf8").slice(0, 30), /^#!\/usr\/bin\/env node\n/, file);
    }
    // Everything else is bundled; typescript brings the platform's compiler through its optional dependencies.
    assert.deepEqual(pkg.dependencies, { typescript: "7.0.2" });
  });
});
