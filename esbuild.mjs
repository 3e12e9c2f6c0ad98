// Builds the bundles (client, server, CLI) and, with --tests, a plain transpile of every
// TypeScript source for node's test runner. One bundler for everything.
import * as esbuild from "esbuild";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const args = new Set(process.argv.slice(2));
const production = args.has("--production");

// Bundled ESM still contains CommonJS dependencies that call require(); give them a real one.
const esmRequireBanner =
  'import { createRequire as __asyncLensCreateRequire } from "node:module"; const require = __asyncLensCreateRequire(import.meta.url);';

const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const define = { __ASYNC_LENS_VERSION__: JSON.stringify(version) };

const common = {
  define,
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: true,
  minify: production,
  logLevel: "warning",
  legalComments: "none",
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "dist/client.cjs",
    format: "cjs",
    external: ["vscode"],
  }),
  esbuild.build({
    ...common,
    entryPoints: ["server/src/server.ts"],
    outfile: "dist/server.js",
    format: "esm",
    banner: { js: "#!/usr/bin/env node\n" + esmRequireBanner },
  }),
  esbuild.build({
    ...common,
    entryPoints: ["server/src/analysis-worker.ts"],
    outfile: "dist/analysis-worker.js",
    format: "esm",
    banner: { js: esmRequireBanner },
  }),
  esbuild.build({
    ...common,
    entryPoints: ["server/src/cli.ts"],
    outfile: "dist/cli.js",
    format: "esm",
    banner: { js: "#!/usr/bin/env node\n" + esmRequireBanner },
  }),
  // The explainer panel's UI: a browser bundle (main.js + main.css) with the codicon font beside it, served
  // to the webview from dist/webview only (its localResourceRoots).
  esbuild.build({
    entryPoints: ["client/webview/main.ts"],
    outdir: "dist/webview",
    entryNames: "[name]",
    assetNames: "[name]",
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    loader: { ".ttf": "file" },
    sourcemap: !production,
    minify: production,
    logLevel: "warning",
    legalComments: "none",
  }),
]);

if (args.has("--tests")) {
  // Tests run unbundled so each file keeps its own module identity and stack traces stay readable.
  const roots = ["server/src", "shared", "test", "client/src", "client/webview"];
  const files = roots.flatMap((r) => listTs(r)).filter((f) => !f.startsWith("test/fixtures/") && !f.startsWith("test/e2e/"));
  rmSync("out/test-build", { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files,
    outdir: "out/test-build",
    outbase: ".",
    define,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
  });
}

function listTs(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (name === "node_modules") continue;
    if (statSync(p).isDirectory()) out = out.concat(listTs(p));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(relative(".", p));
  }
  return out;
}
