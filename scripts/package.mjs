// Builds a platform-specific .vsix: the bundles plus the native TypeScript 7 compiler and its
// lib files for that platform (the extension runs no workspace code and needs no node_modules).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const target = process.argv[2] ?? `${process.platform}-${process.arch}`;
const require = createRequire(import.meta.url);
let libDir;
try {
  libDir = path.join(path.dirname(require.resolve(`@typescript/typescript-${target}/package.json`)), "lib");
} catch {
  console.error(`@typescript/typescript-${target} is not installed; install it to package for ${target}.`);
  process.exit(2);
}
execFileSync(process.execPath, ["esbuild.mjs", "--production"], { stdio: "inherit" });
rmSync("dist/typescript", { recursive: true, force: true });
cpSync(libDir, "dist/typescript", { recursive: true });
const vsce = path.join("node_modules", ".bin", "vsce");
if (!existsSync(vsce)) throw new Error("@vscode/vsce is not installed (npm ci)");
// The README's relative links and its screenshot stay relative (there is no published repository URL to rewrite
// them to): the extension's details page resolves them inside the package, which holds that image.
execFileSync(vsce, ["package", "--target", target, "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", `async-lens-${target}.vsix`], { stdio: "inherit" });
