// Builds platform-specific .vsix files: the bundles, the native TypeScript 7 compiler and its lib files
// for that platform, the grammars, icon, README, CHANGELOG and LICENSE (the extension runs no workspace
// code and needs no node_modules). Each target is staged in out/package/<target>/ and packed from there
// with vsce, so dist/ keeps the host's compiler; every .vsix's listing is checked against what was staged.
//
//   node scripts/package.mjs                       the host's target (linux-x64 here) → async-lens-<target>.vsix
//   node scripts/package.mjs --target darwin-arm64 [--target …]
//   node scripts/package.mjs --all                 every target whose compiler package exists for our TypeScript
//   node scripts/package.mjs --dry-run [--json]    stage and list the files (vsce ls), build nothing
//
// The host's compiler package comes from node_modules; the others are fetched with `npm pack` (checked
// against the registry's integrity) into node_modules/.cache/async-lens-package/, at the exact version
// typescript's own optionalDependencies name.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listZip } from "./zip-list.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));

/** vsce's targets and the TypeScript package whose binary runs there. The linux binaries are static Go
 *  executables (no libc), so Alpine's targets take them too. */
export const TARGETS = {
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "linux-armhf": "linux-arm",
  "alpine-x64": "linux-x64",
  "alpine-arm64": "linux-arm64",
  "darwin-x64": "darwin-x64",
  "darwin-arm64": "darwin-arm64",
  "win32-x64": "win32-x64",
  "win32-arm64": "win32-arm64",
};

/** Files of the extension besides the compiler, as they sit in the repository. */
const EXTENSION_FILES = [
  "package.json",
  ".vscodeignore",
  "README.md",
  "CHANGELOG.md",
  "LICENSE",
  "images/icon.png",
  "dist/client.cjs",
  "dist/server.js",
  "dist/analysis-worker.js",
  "dist/webview/main.js",
  "dist/webview/main.css",
  "dist/webview/codicon.ttf",
  "docs/images/explainer.png",
  "docs/images/diagnostics.png",
];

function parseArgs(argv) {
  const options = { targets: [], all: false, dryRun: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--target") options.targets.push(argv[++i]);
    else if (a === "--all") options.all = true;
    else if (a === "--dry-run") options.dryRun = true;
    else if (a === "--json") options.json = true;
    else if (!a.startsWith("-")) options.targets.push(a); // the old positional form
    else throw new Error(`unknown option ${a}`);
  }
  return options;
}

function hostTarget() {
  const arch = process.arch === "arm" ? "armhf" : process.arch;
  const musl = process.platform === "linux" && !process.report?.getReport().header.glibcVersionRuntime;
  return `${musl ? "alpine" : process.platform}-${arch}`;
}

/** `@typescript/typescript-<platform>` → version, as typescript@ours depends on them. */
function compilerPackages() {
  const ts = JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8"));
  return { version: ts.version, optional: ts.optionalDependencies ?? {} };
}

function log(message) {
  process.stderr.write(`package: ${message}\n`);
}

/** The folder of the compiler package for `platform` (its lib/ holds the binary and lib files). */
function compilerPackageDir(platform, version) {
  const name = `@typescript/typescript-${platform}`;
  try {
    const installed = path.dirname(require.resolve(`${name}/package.json`));
    if (JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")).version === version) return installed;
  } catch {
    // not installed here (another platform's): fetched below
  }
  const cache = path.join(root, "node_modules", ".cache", "async-lens-package", `typescript-${platform}-${version}`);
  const extracted = path.join(cache, "package");
  if (!existsSync(path.join(extracted, "package.json"))) {
    log(`fetching ${name}@${version}`);
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    const packed = JSON.parse(execFileSync("npm", ["pack", `${name}@${version}`, "--json", "--pack-destination", cache], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
    execFileSync("tar", ["-xzf", path.join(cache, packed[0].filename), "-C", cache]);
    rmSync(path.join(cache, packed[0].filename));
  }
  const got = JSON.parse(readFileSync(path.join(extracted, "package.json"), "utf8"));
  if (got.name !== name || got.version !== version) throw new Error(`${extracted} holds ${got.name}@${got.version}, not ${name}@${version}`);
  return extracted;
}

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join("/")];
  });
}

/** Copies what the .vsix for `target` holds into out/package/<target>/ and returns that folder. */
function stage(target, compilerDir) {
  const dir = path.join(root, "out", "package", target);
  rmSync(dir, { recursive: true, force: true });
  for (const f of [...EXTENSION_FILES, ...listFiles(path.join(root, "syntaxes")).map((f) => `syntaxes/${f}`)]) {
    const from = path.join(root, f);
    if (!existsSync(from)) throw new Error(`${f} is missing${f.startsWith("dist/") ? " (build first: node esbuild.mjs --production)" : ""}`);
    cpSync(from, path.join(dir, f));
  }
  // `files` is the npm package's list (the CLI); vsce refuses it beside .vscodeignore.
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  delete manifest.files;
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  // The compiler and its lib files, plus its licence and notices (Apache-2.0 asks for both).
  cpSync(path.join(compilerDir, "lib"), path.join(dir, "dist", "typescript"), { recursive: true });
  for (const f of ["LICENSE", "NOTICE.txt"]) cpSync(path.join(compilerDir, f), path.join(dir, "dist", "typescript", f));
  return dir;
}

function vsce(args, cwd) {
  const bin = path.join(root, "node_modules", "@vscode", "vsce", "vsce");
  if (!existsSync(bin)) throw new Error("@vscode/vsce is not installed (npm ci)");
  return execFileSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const { version, optional } = compilerPackages();
  const available = (t) => `@typescript/typescript-${TARGETS[t]}` in optional;
  let targets = options.all ? Object.keys(TARGETS).filter(available) : options.targets.length > 0 ? options.targets : [hostTarget()];
  for (const t of targets) {
    if (!(t in TARGETS)) throw new Error(`unknown target ${t}; known: ${Object.keys(TARGETS).join(", ")}`);
    if (!available(t)) throw new Error(`typescript@${version} ships no compiler for ${t} (@typescript/typescript-${TARGETS[t]})`);
  }
  if (!options.dryRun) execFileSync(process.execPath, ["esbuild.mjs", "--production"], { cwd: root, stdio: "inherit" });
  const report = [];
  for (const target of targets) {
    const dir = stage(target, compilerPackageDir(TARGETS[target], version));
    const files = vsce(["ls", "--no-dependencies"], dir).split(/\r?\n/).filter(Boolean).sort();
    if (options.dryRun) {
      report.push({ target, files });
      continue;
    }
    const out = path.join(root, `async-lens-${target}.vsix`);
    // The README's relative links and its screenshot stay relative: the extension's details page resolves them
    // inside the package, which holds the image.
    vsce(["package", "--target", target, "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out], dir);
    // The .vsix must hold exactly what was staged (under extension/), besides vsce's own manifest files.
    const inZip = listZip(readFileSync(out)).sort();
    const expected = ["[Content_Types].xml", "extension.vsixmanifest", ...files.map((f) => `extension/${vsixName(f)}`)].sort();
    if (JSON.stringify(inZip) !== JSON.stringify(expected)) {
      throw new Error(`${out} does not hold the staged files:\n  extra: ${inZip.filter((f) => !expected.includes(f)).join(", ")}\n  missing: ${expected.filter((f) => !inZip.includes(f)).join(", ")}`);
    }
    const size = statSync(out).size;
    log(`${path.basename(out)}: ${inZip.length} files, ${(size / 1024 / 1024).toFixed(1)} MiB`);
    report.push({ target, vsix: out, bytes: size, files });
  }
  if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + os.EOL);
  else if (options.dryRun) for (const r of report) process.stdout.write(`${r.target}:\n${r.files.map((f) => `  ${f}`).join(os.EOL)}${os.EOL}`);
}

/** vsce renames three files in the .vsix: the readme, the changelog and the licence. */
function vsixName(file) {
  return { "README.md": "readme.md", "CHANGELOG.md": "changelog.md", LICENSE: "LICENSE.txt" }[file] ?? file;
}

try {
  main();
} catch (e) {
  log(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
