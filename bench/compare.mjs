#!/usr/bin/env node
// Async Lens benchmark: our CLI vs typescript-eslint's no-floating-promises (or, with --peer-rule,
// no-misused-promises) vs oxlint --type-aware, same run.
//
//   node bench/compare.mjs [--peer-rule no-floating-promises|no-misused-promises] [--runs N] [--projects all|NAME[,NAME]] [--project-dir DIR] [--tsconfig FILE]
//                          [--only ours|eslint|oxlint[,...]] [--json out.json] [--bench-dir DIR] [--interval-ms MS]
//                          [--eslint-parser project|service] [--eslint-max-old-space MB] [--keep-outputs DIR]
//                          [--our-rule ID[,ID]] [--our-config auto|default|FILE] [--quiet]
//
// Prerequisites: `bash bench/setup.sh` (peers + projects, outside the repo) and `npm run build` (dist/cli.js).
// See bench/README.md for what is measured and how. Plain Node ESM, no dependencies, no build step.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ProcTreeSampler, procAvailable } from "./proc-tree-sampler.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = ["ours", "eslint", "oxlint"];
const LABEL = { ours: "async-lens", eslint: "typescript-eslint", oxlint: "oxlint" };
// The peer rule compared (--peer-rule), and what of ours is its counterpart.
//   eslint / oxlintConfig / oxlintCode: the rule's name in the ESLint config, the oxlint config, oxlint's JSON.
//   ourRules: our rules compared; ourRuleOptions: their options in the generated config (--our-config auto);
//   ourMessageIds: per rule, the only messageIds counted (absent: every message of the rule counts).
const PEER_RULES = {
  // Our counterpart of no-floating-promises is a pair: floating-promise (statements outside async bodies) and
  // missing-await (statements inside them). missing-await's two other checks have no counterpart there, so the
  // generated config turns them off, and floating-promise's checksVoidReturn family (no-misused-promises' part)
  // too; every other rule of ours is turned off.
  "no-floating-promises": {
    eslint: "@typescript-eslint/no-floating-promises",
    oxlintConfig: "typescript/no-floating-promises",
    oxlintCode: "typescript(no-floating-promises)",
    ourRules: ["floating-promise", "missing-await"],
    ourRuleOptions: {
      "floating-promise": { checksVoidReturn: false },
      "missing-await": { checkReturnInTry: false, checkLocals: false },
    },
    ourMessageIds: {},
  },
  // Our counterpart of no-misused-promises is split too: misused-promise has its checksConditionals and
  // checksSpreads (messageIds conditional, predicate, spread) plus two checks upstream lacks (stringified,
  // comparison: turned off); floating-promise's checksVoidReturn family (messageIds voidReturn*) is the third
  // part. floating-promise stays on with default options, but only its voidReturn* messages are counted.
  "no-misused-promises": {
    eslint: "@typescript-eslint/no-misused-promises",
    oxlintConfig: "typescript/no-misused-promises",
    oxlintCode: "typescript(no-misused-promises)",
    ourRules: ["misused-promise", "floating-promise"],
    ourRuleOptions: {
      "misused-promise": { checksStringUse: false, checksComparisons: false },
    },
    ourMessageIds: {
      "misused-promise": ["conditional", "predicate", "spread"],
      "floating-promise": [
        "voidReturnArgument", "voidReturnAttribute", "voidReturnInheritedMethod",
        "voidReturnProperty", "voidReturnReturnValue", "voidReturnVariable",
      ],
    },
  },
};

// ---------------------------------------------------------------------------------------------- arguments
const USAGE = `usage: node bench/compare.mjs [options]
  --peer-rule RULE         the typescript-eslint/oxlint rule compared: no-floating-promises (default) or
                           no-misused-promises (ours: misused-promise conditional/predicate/spread +
                           floating-promise voidReturn*)
  --runs N                 runs per tool and project (default 3); wall time and peak memory are medians over the runs
  --projects LIST          projects set up by bench/setup.sh to run, by name (viem, theia-core, matrix-js-sdk,
                           mongodb), comma-separated or repeated, or 'all' (default: all set-up projects; with one,
                           --tsconfig may be given too)
  --project-dir DIR        one other project instead (its tsconfig: --tsconfig, default <project-dir>/tsconfig.json;
                           --tsconfig alone uses $ASYNC_LENS_BENCH_DIR/project, the viem install)
  --tsconfig FILE          tsconfig of the single project
  --only LIST              run only these tools: ours, eslint, oxlint (comma-separated or repeated)
  --json FILE              also write all figures as JSON
  --bench-dir DIR          where setup.sh installed things (default: $ASYNC_LENS_BENCH_DIR or /work/bench-data)
  --interval-ms MS         /proc sampling interval for peak memory (default 25)
  --eslint-parser MODE     'project' (parserOptions.project = the tsconfig, default) or 'service' (projectService)
  --eslint-max-old-space MB  pass --max-old-space-size to eslint's node (default: node's own limit)
  --keep-outputs DIR       save every run's stdout/stderr there (one subdirectory per project when there are several)
  --our-rule LIST          ruleIds of ours compared with the peer rule (default: floating-promise,missing-await;
                           with no-misused-promises: misused-promise,floating-promise)
  --our-config MODE        'auto' (default): a generated config with only those rules on (no-floating-promises:
                           missing-await without its return-in-try and locals checks, floating-promise without
                           checksVoidReturn; no-misused-promises: misused-promise without checksStringUse and
                           checksComparisons); 'default': no config (our defaults); or a config FILE
  --cli FILE               our CLI (default: <repo>/dist/cli.js)
  --quiet                  no progress lines on stderr`;

function parseArgs(argv) {
  const benchDir = path.resolve(process.env.ASYNC_LENS_BENCH_DIR || "/work/bench-data");
  const o = {
    runs: 3, projectDir: null, tsconfig: null, projects: [], only: [], json: null, benchDir, intervalMs: 25,
    eslintParser: "project", eslintMaxOldSpace: null, keepOutputs: null, ourRules: [], ourConfig: "auto",
    cli: path.join(REPO, "dist", "cli.js"), quiet: false, peerRule: "no-floating-promises",
  };
  const need = (i, flag) => {
    if (i >= argv.length) fail(`${flag} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const val = () => (inline !== undefined ? inline : need(++i, flag));
    switch (flag) {
      case "--runs": o.runs = Number(val()); break;
      case "--peer-rule": o.peerRule = val().replace(/^@typescript-eslint\//, "").replace(/^typescript\//, ""); break;
      case "--project-dir": o.projectDir = path.resolve(val()); break;
      case "--tsconfig": o.tsconfig = path.resolve(val()); break;
      case "--projects": o.projects.push(...val().split(",").map((s) => s.trim()).filter(Boolean)); break;
      case "--only": o.only.push(...val().split(",").map((s) => s.trim()).filter(Boolean)); break;
      case "--json": o.json = path.resolve(val()); break;
      case "--bench-dir": o.benchDir = path.resolve(val()); break;
      case "--interval-ms": o.intervalMs = Number(val()); break;
      case "--eslint-parser": o.eslintParser = val(); break;
      case "--eslint-max-old-space": o.eslintMaxOldSpace = Number(val()); break;
      case "--keep-outputs": o.keepOutputs = path.resolve(val()); break;
      case "--our-rule": o.ourRules.push(...val().split(",").map((s) => s.trim()).filter(Boolean)); break;
      case "--our-config": o.ourConfig = val(); break;
      case "--cli": o.cli = path.resolve(val()); break;
      case "--quiet": o.quiet = true; break;
      case "-h": case "--help": console.log(USAGE); process.exit(0); break;
      default: fail(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) fail("--runs must be a positive integer");
  if (!(o.intervalMs > 0)) fail("--interval-ms must be positive");
  if (!["project", "service"].includes(o.eslintParser)) fail("--eslint-parser must be 'project' or 'service'");
  for (const t of o.only) if (!TOOLS.includes(t)) fail(`--only: unknown tool '${t}' (ours, eslint, oxlint)`);
  o.tools = o.only.length ? TOOLS.filter((t) => o.only.includes(t)) : [...TOOLS];
  if (!PEER_RULES[o.peerRule]) fail(`--peer-rule must be one of ${Object.keys(PEER_RULES).join(", ")}`);
  o.mode = PEER_RULES[o.peerRule];
  if (!o.ourRules.length) o.ourRules = [...o.mode.ourRules];
  if (!["auto", "default"].includes(o.ourConfig)) {
    o.ourConfig = path.resolve(o.ourConfig);
    if (!fs.existsSync(o.ourConfig)) fail(`--our-config: no such file ${o.ourConfig}`);
  }
  if (o.projectDir && o.projects.length) fail("--project-dir and --projects exclude each other");
  o.toolsDir = path.join(o.benchDir, "tools");
  o.projectList = resolveProjects(o);
  return o;
}

/**
 * The projects to run: [{ name, label, dir, tsconfig }]. --project-dir (or --tsconfig alone) gives one project,
 * as before --projects existed; otherwise the ones bench/setup.sh installed, all or those named by --projects.
 */
function resolveProjects(o) {
  // Real paths: the default project dir is a symlink, and a child's cwd is always the real directory
  // (ESLint ignores files "outside its base path" when the two spellings differ).
  if (o.projectDir || (o.tsconfig && !o.projects.length)) {
    const dir = realDir(o.projectDir ?? path.join(o.benchDir, "project"));
    const tsconfig = realDir(o.tsconfig ?? path.join(dir, "tsconfig.json"));
    const meta = readMeta(dir);
    return [{ name: meta?.name ?? path.basename(dir), label: describeProject(dir), dir, tsconfig }];
  }
  const available = discoverProjects(o.benchDir);
  const wanted = o.projects.length && !o.projects.includes("all") ? o.projects : null;
  let list = available;
  if (wanted) {
    list = [];
    for (const w of wanted) {
      const p = available.find((a) => [a.name, path.basename(a.dir), a.package, `${a.package}@${a.version}`].includes(w));
      if (!p) {
        const known = available.length ? available.map((a) => a.name).join(", ") : "none: run bash bench/setup.sh";
        fail(`--projects: no set-up project '${w}' in ${path.join(o.benchDir, "projects")} (set up: ${known})`);
      }
      if (!list.includes(p)) list.push(p);
    }
  }
  if (!list.length) fail(`no benchmark project in ${path.join(o.benchDir, "projects")}: run bash bench/setup.sh`);
  if (o.tsconfig && list.length > 1) fail("--tsconfig needs a single project (--projects NAME or --project-dir DIR)");
  return list.map((p) => ({ name: p.name, label: describeProject(p.dir), dir: p.dir, tsconfig: realDir(o.tsconfig ?? path.join(p.dir, p.tsconfig)) }));
}

function readMeta(dir) {
  try {
    return readJSON(path.join(dir, ".bench-project.json"));
  } catch {
    return null;
  }
}

/** Projects under <bench-dir>/projects/ that setup.sh finished installing (they have .installed), by name. */
function discoverProjects(benchDir) {
  const root = path.join(benchDir, "projects");
  let entries = [];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  } catch {
    return [];
  }
  const out = [];
  for (const e of entries) {
    const dir = realDir(path.join(root, e.name));
    if (!fs.existsSync(path.join(dir, ".installed"))) continue;
    const meta = readMeta(dir) ?? {};
    const stamp = fs.readFileSync(path.join(dir, ".installed"), "utf8").trim().split(/\s+/)[0] ?? "";
    const at = stamp.lastIndexOf("@");
    out.push({
      name: meta.name ?? e.name,
      package: meta.package ?? (at > 0 ? stamp.slice(0, at) : e.name),
      version: meta.version ?? (at > 0 ? stamp.slice(at + 1) : ""),
      dir,
      tsconfig: meta.tsconfig ?? "tsconfig.json",
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function fail(msg, code = 2) {
  console.error(`compare.mjs: ${msg}`);
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------- helpers
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (kb) => kb / 1024;
const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a");
const fmtMB = (kb) => (Number.isFinite(kb) ? `${Math.round(mb(kb)).toLocaleString("en-US")} MB` : "n/a");
const fmtX = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : "n/a");
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const readJSON = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
const pkgVersion = (dir, name) => {
  try {
    return readJSON(path.join(dir, "node_modules", name, "package.json")).version;
  } catch {
    return null;
  }
};

function realDir(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Project-relative, '/'-separated path of a file reported by any tool (absolute or relative to cwd). */
function makeNormaliser(projectDir) {
  const real = realDir(projectDir);
  const cache = new Map();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    const abs = path.isAbsolute(file) ? file : path.resolve(projectDir, file);
    let r = abs;
    try {
      r = fs.realpathSync(abs);
    } catch {}
    let rel = path.relative(real, r);
    if (rel.startsWith("..")) rel = path.relative(projectDir, abs);
    rel = rel.split(path.sep).join("/");
    cache.set(file, rel);
    return rel;
  };
}

// ---------------------------------------------------------------------------------------------- the project
/** Root files of the tsconfig (as tsc sees them), through the TypeScript installed with the peers. */
function projectFiles(o, proj) {
  const requireTools = createRequire(path.join(o.toolsDir, "package.json"));
  let ts;
  try {
    ts = requireTools("typescript");
  } catch {
    fail(`typescript not found in ${o.toolsDir}: run bash bench/setup.sh`);
  }
  const diags = [];
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diags.push(d) };
  const parsed = ts.getParsedCommandLineOfConfigFile(proj.tsconfig, {}, host);
  if (!parsed) fail(`cannot read ${proj.tsconfig}: ${diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("; ")}`);
  const files = parsed.fileNames.filter((f) => !/\.d\.[cm]?ts$/.test(f)).map((f) => path.resolve(f));
  return { files, tsVersion: ts.version };
}

function describeProject(dir) {
  const meta = readMeta(dir);
  if (meta?.package && meta.version) return `${meta.package}@${meta.version}`;
  for (const f of [".installed", "package.json"]) {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) continue;
    if (f === ".installed") return fs.readFileSync(p, "utf8").trim().split(/\s+/)[0];
    const j = readJSON(p);
    return j.name ? `${j.name}${j.version ? "@" + j.version : ""}` : path.basename(dir);
  }
  return path.basename(realDir(dir));
}

// ---------------------------------------------------------------------------------------------- tool commands
function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "async-lens-bench-"));
}

/** A flat config with only the peer rule (default options), type-aware on the same tsconfig. */
function writeEslintConfig(o, proj, dir) {
  const requireTools = createRequire(path.join(o.toolsDir, "package.json"));
  const parser = pathToFileURL(requireTools.resolve("@typescript-eslint/parser")).href;
  const plugin = pathToFileURL(requireTools.resolve("@typescript-eslint/eslint-plugin")).href;
  const parserOptions =
    o.eslintParser === "service"
      ? `{ projectService: true, tsconfigRootDir: ${JSON.stringify(path.dirname(proj.tsconfig))} }`
      : `{ project: [${JSON.stringify(proj.tsconfig)}], tsconfigRootDir: ${JSON.stringify(path.dirname(proj.tsconfig))} }`;
  const file = path.join(dir, "eslint.config.mjs");
  fs.writeFileSync(
    file,
    `// generated by bench/compare.mjs
import parser from ${JSON.stringify(parser)};
import plugin from ${JSON.stringify(plugin)};
export default [
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
    languageOptions: { parser, parserOptions: ${parserOptions} },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { "@typescript-eslint": plugin },
    rules: { ${JSON.stringify(o.mode.eslint)}: "error" },
  },
];
`,
  );
  return file;
}

/** An oxlint config with every category off and only the peer rule (typescript/no-…-promises) on. */
function writeOxlintConfig(o, dir) {
  const file = path.join(dir, "oxlintrc.json");
  const categories = Object.fromEntries(["correctness", "suspicious", "pedantic", "perf", "style", "restriction", "nursery"].map((c) => [c, "off"]));
  fs.writeFileSync(file, JSON.stringify({ plugins: ["typescript"], categories, rules: { [o.mode.oxlintConfig]: "error" } }, null, 2) + "\n");
  return file;
}

/**
 * Our config for the run (--our-config auto): the compared rules on with default options (missing-await without
 * its checks that no-floating-promises has no counterpart for), every other rule of the CLI off. Rules the CLI
 * does not know are left out (it would reject the config). Returns the file, or null for 'default'.
 */
function writeOurConfig(o, dir, knownRules) {
  if (o.ourConfig === "default") return null;
  if (o.ourConfig !== "auto") return o.ourConfig;
  const rules = {};
  for (const id of knownRules ?? o.ourRules) {
    if (!o.ourRules.includes(id)) rules[id] = "off";
    else rules[id] = o.mode.ourRuleOptions[id] ? ["error", o.mode.ourRuleOptions[id]] : "error";
  }
  const file = path.join(dir, "async-lens.bench.json");
  fs.writeFileSync(file, JSON.stringify({ rules }, null, 2) + "\n");
  return file;
}

/** Rule ids of our CLI, from the "Rules: a, b" line of `check --help`; null if it has none. */
async function ourKnownRules(o) {
  const r = await runOnce({ cmd: process.execPath, args: [o.cli, "check", "--help"], env: {} }, REPO, 1000);
  const m = /^Rules:\s*(.+)$/m.exec(r.stdout + "\n" + r.stderr);
  return m ? m[1].split(",").map((s) => s.trim()).filter(Boolean) : null;
}

function tsgolintBinary(o) {
  const exe = process.platform === "win32" ? "tsgolint.exe" : "tsgolint";
  return path.join(o.toolsDir, "node_modules", "@oxlint-tsgolint", `${process.platform}-${process.arch}`, exe);
}

function buildCommands(o, proj, files, work, knownRules) {
  const node = process.execPath;
  const cmds = {};
  if (o.tools.includes("ours")) {
    const cfg = writeOurConfig(o, work, knownRules);
    cmds.ours = { cmd: node, args: [o.cli, "check", "--project", proj.tsconfig, "--format", "json", ...(cfg ? ["--config", cfg] : [])], env: {} };
  }
  if (o.tools.includes("eslint")) {
    const cfg = writeEslintConfig(o, proj, work);
    const eslintBin = path.join(o.toolsDir, "node_modules", "eslint", "bin", "eslint.js");
    const nodeArgs = o.eslintMaxOldSpace ? [`--max-old-space-size=${o.eslintMaxOldSpace}`] : [];
    // File list on stdin would need --stdin (one file only), so the files go on the command line.
    cmds.eslint = {
      cmd: node,
      args: [...nodeArgs, eslintBin, "--config", cfg, "--format", "json", "--no-warn-ignored", ...files],
      env: {},
    };
  }
  if (o.tools.includes("oxlint")) {
    const cfg = writeOxlintConfig(o, work);
    const oxBin = path.join(o.toolsDir, "node_modules", "oxlint", "bin", "oxlint");
    const args = [oxBin, "--type-aware", "--config", cfg, "--disable-nested-config", "--format", "json"];
    if (path.basename(proj.tsconfig) !== "tsconfig.json") args.push("--tsconfig", proj.tsconfig);
    // oxlint looks for node_modules/.bin/tsgolint under its cwd; point it at the native binary instead
    // (the .bin entry is a node wrapper that would add a process that a real run does not need).
    cmds.oxlint = { cmd: node, args: [...args, ...files], env: { OXLINT_TSGOLINT_PATH: tsgolintBinary(o) } };
  }
  return cmds;
}

function checkPrerequisites(o) {
  const missing = [];
  for (const p of o.projectList) if (!fs.existsSync(p.tsconfig)) missing.push(`tsconfig ${p.tsconfig} (run: bash bench/setup.sh)`);
  if (o.tools.includes("ours") && !fs.existsSync(o.cli))
    missing.push(`our CLI ${o.cli} (run: npm run build; or use --only eslint,oxlint)`);
  if (o.tools.includes("eslint") && !fs.existsSync(path.join(o.toolsDir, "node_modules", "eslint", "bin", "eslint.js")))
    missing.push(`eslint in ${o.toolsDir} (run: bash bench/setup.sh)`);
  if (o.tools.includes("oxlint")) {
    if (!fs.existsSync(path.join(o.toolsDir, "node_modules", "oxlint", "bin", "oxlint"))) missing.push(`oxlint in ${o.toolsDir} (run: bash bench/setup.sh)`);
    if (!fs.existsSync(tsgolintBinary(o))) missing.push(`tsgolint binary ${tsgolintBinary(o)} (run: bash bench/setup.sh)`);
  }
  if (missing.length) fail(`missing:\n  ${missing.join("\n  ")}`);
  if (!procAvailable()) fail("/proc is not available: peak memory sampling needs Linux");
}

// ---------------------------------------------------------------------------------------------- running
function runOnce(spec, cwd, intervalMs) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(spec.cmd, spec.args, { cwd, env: { ...process.env, ...spec.env }, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let sampler = null;
    if (child.pid) sampler = new ProcTreeSampler(child.pid, { intervalMs }).start();
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    let spawnError = null;
    child.on("error", (e) => (spawnError = e));
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - t0;
      const mem = sampler ? sampler.stop() : { peakKB: NaN, peakProcs: [], maxProcs: 0, samples: 0, commands: [] };
      resolve({
        wallMs, code, signal, spawnError: spawnError ? String(spawnError) : null,
        stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), mem,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------- parsing
/**
 * -> { findings: [{file, line, column, message}], other: n, excluded: n, filesSeen: n|null, rules: n|null } or throws.
 * `excluded`: messages of our compared rules whose messageId the mode does not count (e.g. floating-promise's
 * plain floating statements when comparing with no-misused-promises).
 */
function parseOutput(tool, stdout, norm, o) {
  const findings = [];
  let other = 0;
  let excluded = 0;
  let filesSeen = null;
  let rules = null;
  const json = JSON.parse(stdout);
  if (tool === "ours" || tool === "eslint") {
    if (!Array.isArray(json)) throw new Error("expected a JSON array (ESLint JSON formatter shape)");
    const want = tool === "ours" ? o.ourRules : [o.mode.eslint];
    filesSeen = json.length;
    for (const f of json)
      for (const m of f.messages ?? []) {
        if (!want.includes(m.ruleId)) other++;
        else if (tool === "ours" && o.mode.ourMessageIds[m.ruleId] && !o.mode.ourMessageIds[m.ruleId].includes(m.messageId)) excluded++;
        else findings.push({ file: norm(f.filePath), line: m.line, column: m.column, message: m.message, ruleId: m.ruleId, messageId: m.messageId });
      }
  } else {
    if (!json || !Array.isArray(json.diagnostics)) throw new Error("expected { diagnostics: [...] }");
    filesSeen = json.number_of_files ?? null;
    rules = json.number_of_rules ?? null;
    for (const d of json.diagnostics) {
      const span = d.labels?.[0]?.span;
      if (d.code === o.mode.oxlintCode && span && d.filename) findings.push({ file: norm(d.filename), line: span.line, column: span.column, message: d.message });
      else other++;
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { findings, other, excluded, filesSeen, rules };
}

/** A run crashed if it died on a signal, could not start, exited outside its "ok" codes, or printed no parseable output. */
function crashReason(tool, r, parseError) {
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  if (r.signal) return `killed by ${r.signal}`;
  const ok = { ours: [0, 1], eslint: [0, 1], oxlint: [0, 1] }[tool];
  if (!ok.includes(r.code)) return `exit code ${r.code}`;
  if (parseError) return `unparseable output: ${parseError}`;
  return null;
}

// ---------------------------------------------------------------------------------------------- comparing
const key = (f) => `${f.file}:${f.line}`;

/** Match `other` against the baseline by file+line (as multisets: two findings on one line need two). */
function match(baseline, other) {
  const avail = new Map();
  for (const f of other) avail.set(key(f), (avail.get(key(f)) ?? 0) + 1);
  const missed = [];
  let matched = 0;
  for (const f of baseline) {
    const n = avail.get(key(f)) ?? 0;
    if (n > 0) {
      avail.set(key(f), n - 1);
      matched++;
    } else missed.push(f);
  }
  // Extras: per key, the findings of `other` beyond the baseline's count on that key.
  const extra = [];
  const baseCount = new Map();
  for (const f of baseline) baseCount.set(key(f), (baseCount.get(key(f)) ?? 0) + 1);
  const seen = new Map();
  for (const f of other) {
    const k = key(f);
    const i = (seen.get(k) ?? 0) + 1;
    seen.set(k, i);
    if (i > (baseCount.get(k) ?? 0)) extra.push(f);
  }
  return { baseline: baseline.length, count: other.length, matched, missed, extra };
}

function sourceLine(projectDir, cache, file, line) {
  let lines = cache.get(file);
  if (!lines) {
    try {
      lines = fs.readFileSync(path.join(projectDir, file), "utf8").split(/\r?\n/);
    } catch {
      lines = [];
    }
    cache.set(file, lines);
  }
  const t = (lines[line - 1] ?? "").trim();
  return t.length > 110 ? t.slice(0, 107) + "..." : t;
}

// ---------------------------------------------------------------------------------------------- main
/** Runs every tool `o.runs` times on one project (tools interleaved within each run) and gathers the figures. */
async function runProject(o, proj, work, knownRules, log) {
  const norm = makeNormaliser(proj.dir);
  const { files, tsVersion } = projectFiles(o, proj);
  if (!files.length) fail(`${proj.tsconfig} has no non-declaration source files`);
  fs.mkdirSync(work, { recursive: true });
  const cmds = buildCommands(o, proj, files, work, knownRules);
  if (o.keepOutputs) {
    const argv = Object.fromEntries(Object.entries(cmds).map(([t, c]) => [t, { cwd: proj.dir, env: c.env, argv: [c.cmd, ...c.args] }]));
    fs.writeFileSync(path.join(work, "commands.json"), JSON.stringify(argv, null, 2) + "\n");
  }
  log(`project ${proj.label} (${proj.name}): ${files.length} source files, tsconfig ${proj.tsconfig}`);
  log(`tools: ${o.tools.map((t) => LABEL[t]).join(", ")}; ${o.runs} run(s) each, interleaved`);

  const results = Object.fromEntries(o.tools.map((t) => [t, { runs: [], findings: null, other: 0, excluded: 0, crashed: null, warnings: [] }]));
  const loadBefore = os.loadavg();
  for (let run = 1; run <= o.runs; run++) {
    for (const tool of o.tools) {
      const r = runOnce(cmds[tool], proj.dir, o.intervalMs);
      const res = await r;
      let parsed = null;
      let parseError = null;
      try {
        parsed = parseOutput(tool, res.stdout, norm, o);
      } catch (e) {
        parseError = e.message;
      }
      const crash = crashReason(tool, res, parseError);
      const entry = {
        run, wallMs: Math.round(res.wallMs), peakKB: res.mem.peakKB, exitCode: res.code, signal: res.signal,
        findings: parsed ? parsed.findings.length : null, otherMessages: parsed ? parsed.other : null,
        filesReported: parsed ? parsed.filesSeen : null,
        samples: res.mem.samples, maxProcs: res.mem.maxProcs,
        peakProcs: res.mem.peakProcs.map((p) => ({ comm: p.comm, rssMB: Math.round(mb(p.rssKB)) })),
        crash,
      };
      results[tool].runs.push(entry);
      if (o.keepOutputs) {
        fs.writeFileSync(path.join(work, `${tool}.run${run}.stdout`), res.stdout);
        fs.writeFileSync(path.join(work, `${tool}.run${run}.stderr`), res.stderr);
      }
      if (crash) {
        results[tool].crashed ??= crash;
        log(`  run ${run} ${pad(LABEL[tool], 18)} CRASHED: ${crash}`);
        const tail = res.stderr.trim().split("\n").slice(-15).join("\n    ");
        if (tail) log(`    ${tail}`);
      } else {
        if (!results[tool].findings) {
          results[tool].findings = parsed.findings;
          results[tool].other = parsed.other;
          results[tool].excluded = parsed.excluded;
          // ESLint's JSON has one entry per linted file and oxlint counts its files: fewer than the tsconfig's
          // means files were skipped (ignored, outside the base path, ...), and the comparison would be unfair.
          if (tool !== "ours" && parsed.filesSeen !== null && parsed.filesSeen !== files.length)
            results[tool].warnings.push(`${LABEL[tool]} linted ${parsed.filesSeen} files, the tsconfig has ${files.length}`);
          if (tool === "oxlint" && parsed.rules !== null && parsed.rules !== 1)
            results[tool].warnings.push(`oxlint ran ${parsed.rules} rules, expected only ${o.mode.oxlintConfig}`);
        } else if (parsed.findings.length !== results[tool].findings.length) {
          log(`  warning: ${LABEL[tool]} found ${parsed.findings.length} in run ${run} but ${results[tool].findings.length} in an earlier run`);
        }
        log(`  run ${run} ${pad(LABEL[tool], 18)} ${lpad(fmtS(res.wallMs), 9)}  peak ${lpad(fmtMB(res.mem.peakKB), 9)}  findings ${parsed.findings.length}  (exit ${res.code}, ${res.mem.samples} samples)`);
      }
    }
  }
  const loadAfter = os.loadavg();

  // ---- figures
  for (const t of o.tools) {
    const ok = results[t].runs.filter((r) => !r.crash);
    results[t].medianWallMs = median(ok.map((r) => r.wallMs));
    results[t].medianPeakKB = median(ok.map((r) => r.peakKB));
  }
  const base = results.ours && !results.ours.crashed ? "ours" : null;
  const ratios = {};
  if (base)
    for (const t of o.tools) {
      if (t === base || results[t].crashed) continue;
      const w = results[t].medianWallMs / results[base].medianWallMs;
      const m = results[t].medianPeakKB / results[base].medianPeakKB;
      ratios[t] = { wall: { peerOverOurs: w, oursOverPeer: 1 / w }, peakMemory: { peerOverOurs: m, oursOverPeer: 1 / m } };
    }
  const comparisons = {};
  const eslintF = results.eslint?.findings;
  if (eslintF) for (const t of ["ours", "oxlint"]) if (results[t]?.findings) comparisons[t] = match(eslintF, results[t].findings);
  return { proj, files, tsVersion, cmds, results, base, ratios, comparisons, loadBefore, loadAfter, cache: new Map() };
}

// A project where typescript-eslint finds nothing (mongodb) has no share to give.
const pctOf = (c) => (c.baseline ? `${((100 * c.matched) / c.baseline).toFixed(1)}%` : "n/a");

/** The report of one project: (b) time and memory, (a) findings against typescript-eslint. */
function reportProject(o, pr, p) {
  const { proj, files, results, base, ratios, comparisons, cache } = pr;
  p(`project   ${proj.label}  [${proj.name}]  (${files.length} source files)  ${proj.dir}`);
  p(`tsconfig  ${proj.tsconfig}`);
  p(`load      average (1 min) ${pr.loadBefore[0].toFixed(2)} before, ${pr.loadAfter[0].toFixed(2)} after this project's runs`);
  p();
  p("(b) time and memory");
  const head = `  ${pad("tool", 18)} ${lpad("findings", 8)} ${lpad("wall (median)", 14)} ${lpad("peak mem", 10)}   ${base ? `${lpad("wall peer/ours", 14)} ${lpad("ours/peer", 9)}   ${lpad("mem peer/ours", 13)} ${lpad("ours/peer", 9)}` : ""}`;
  p(head);
  for (const t of o.tools) {
    const r = results[t];
    if (r.crashed && !r.findings) {
      p(`  ${pad(LABEL[t], 18)} CRASHED: ${r.crashed}`);
      continue;
    }
    const rt = ratios[t];
    const rcols = base
      ? t === base
        ? `${lpad("1.00x", 14)} ${lpad("1.00x", 9)}   ${lpad("1.00x", 13)} ${lpad("1.00x", 9)}`
        : rt
          ? `${lpad(fmtX(rt.wall.peerOverOurs), 14)} ${lpad(fmtX(rt.wall.oursOverPeer), 9)}   ${lpad(fmtX(rt.peakMemory.peerOverOurs), 13)} ${lpad(fmtX(rt.peakMemory.oursOverPeer), 9)}`
          : ""
      : "";
    p(`  ${pad(LABEL[t], 18)} ${lpad(r.findings?.length ?? "-", 8)} ${lpad(fmtS(r.medianWallMs), 14)} ${lpad(fmtMB(r.medianPeakKB), 10)}   ${rcols}`);
  }
  for (const t of o.tools) {
    const runs = results[t].runs.filter((r) => !r.crash);
    if (!runs.length) continue;
    const peakRun = runs.reduce((a, b) => (b.peakKB > a.peakKB ? b : a));
    const procs = peakRun.peakProcs.filter((x) => x.rssMB > 0).map((x) => `${x.comm} ${x.rssMB}`).join(" + ");
    p(`  ${pad(LABEL[t], 18)} runs: ${runs.map((r) => `${fmtS(r.wallMs)}/${fmtMB(r.peakKB)}`).join(", ")}; largest peak = ${procs} MB`);
  }
  if (!base) p("  (ratios are against async-lens: run it too, without --only, to get them)");
  p();
  p(`(a) findings compared with typescript-eslint's ${o.peerRule} (same file + same line)`);
  if (!results.eslint?.findings) p("  typescript-eslint was not run (or crashed): nothing to compare against.");
  if (results.ours?.findings) {
    const byRule = {};
    for (const f of results.ours.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    p(`  async-lens findings compared: ${o.ourRules.map((r) => `${r} ${byRule[r] ?? 0}`).join(" + ")}`);
    if (Object.keys(o.mode.ourMessageIds).length) {
      const byId = {};
      for (const f of results.ours.findings) byId[f.messageId] = (byId[f.messageId] ?? 0) + 1;
      p(`    by messageId: ${Object.entries(byId).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(", ")}`);
    }
    if (results.ours.excluded)
      p(`    not compared: ${results.ours.excluded} message(s) of those rules with other messageIds (${Object.entries(o.mode.ourMessageIds).map(([r, ids]) => `${r}: only ${ids.join("/")}`).join("; ")})`);
  }
  for (const [t, c] of Object.entries(comparisons)) {
    p(`  ${LABEL[t]}: reports ${c.matched} of typescript-eslint's ${c.baseline} findings (${pctOf(c)}); ${c.missed.length} missed; ${c.extra.length} reported that typescript-eslint does not (${c.count} findings in all)`);
    if (c.missed.length) {
      p(`    missed by ${LABEL[t]}:`);
      for (const f of c.missed) p(`      ${f.file}:${f.line}  ${sourceLine(proj.dir, cache, f.file, f.line)}${f.messageId && Object.keys(o.mode.ourMessageIds).length ? `  [${f.messageId}]` : ""}`);
    }
    if (c.extra.length) {
      p(`    reported by ${LABEL[t]} only:`);
      for (const f of c.extra) p(`      ${f.file}:${f.line}  ${sourceLine(proj.dir, cache, f.file, f.line)}${f.ruleId && o.ourRules.length > 1 ? `  [${f.ruleId}${f.messageId && Object.keys(o.mode.ourMessageIds).length ? ` ${f.messageId}` : ""}]` : ""}`);
    }
  }
  for (const t of o.tools) for (const w of results[t].warnings) p(`  WARNING: ${w}`);
  for (const t of o.tools)
    if (results[t].other) p(`  note: ${LABEL[t]} also printed ${results[t].other} message(s) of other rules or parse errors (not counted)`);
}

/** Sums of the per-project comparisons: { ours: {...}, oxlint: {...} } with projects counted. */
function combine(prs) {
  const out = {};
  for (const t of ["ours", "oxlint"]) {
    const cs = prs.map((pr) => pr.comparisons[t]).filter(Boolean);
    if (!cs.length) continue;
    const sum = (k) => cs.reduce((a, c) => a + (Array.isArray(c[k]) ? c[k].length : c[k]), 0);
    out[t] = { projects: cs.length, baseline: sum("baseline"), count: sum("count"), matched: sum("matched"), missed: sum("missed"), extra: sum("extra") };
  }
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  checkPrerequisites(o);
  const log = o.quiet ? () => {} : (s) => process.stderr.write(s + "\n");
  // Generated configs go to a temporary directory, or to --keep-outputs (kept, with the exact commands);
  // with several projects, one subdirectory each.
  if (o.keepOutputs) fs.mkdirSync(o.keepOutputs, { recursive: true });
  const workRoot = o.keepOutputs ?? tmpDir();
  const workOf = (proj) => (o.projectList.length > 1 ? path.join(workRoot, proj.name) : workRoot);
  const knownRules = o.tools.includes("ours") && o.ourConfig === "auto" ? await ourKnownRules(o) : null;
  const preWarnings = [];
  if (knownRules) {
    const absent = o.ourRules.filter((r) => !knownRules.includes(r));
    if (absent.length) preWarnings.push(`our CLI has no rule ${absent.join(", ")} (it knows ${knownRules.join(", ")}): not compared`);
  }

  const versions = {
    node: process.version,
    eslint: pkgVersion(o.toolsDir, "eslint"),
    "@typescript-eslint/eslint-plugin": pkgVersion(o.toolsDir, "@typescript-eslint/eslint-plugin"),
    "@typescript-eslint/parser": pkgVersion(o.toolsDir, "@typescript-eslint/parser"),
    oxlint: pkgVersion(o.toolsDir, "oxlint"),
    "oxlint-tsgolint": pkgVersion(o.toolsDir, "oxlint-tsgolint"),
  };
  try {
    versions["async-lens"] = readJSON(path.join(REPO, "package.json")).version ?? null;
  } catch {}

  const started = Date.now();
  const loadBefore = os.loadavg();
  const prs = [];
  for (const proj of o.projectList) prs.push(await runProject(o, proj, workOf(proj), knownRules, log));
  const loadAfter = os.loadavg();
  if (!o.keepOutputs) fs.rmSync(workRoot, { recursive: true, force: true });
  versions["typescript (peers, file list)"] = prs[0]?.tsVersion;

  // ---- report
  const lines = [];
  const p = (s = "") => lines.push(s);
  p(`Async Lens benchmark — ${new Date().toISOString()}`);
  p(`projects  ${prs.map((pr) => `${pr.proj.name} (${pr.proj.label}, ${pr.files.length} files)`).join(", ")}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`);
  p(`machine   ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; load average (1 min) ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after`);
  p(`versions  ${Object.entries(versions).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  p(`runs      ${o.runs} per tool and project (interleaved); wall time and peak memory = median; memory = max over time of`);
  p(`          the summed VmRSS of the tool's whole process tree, sampled every ${o.intervalMs} ms from /proc`);
  p(`peer rule ${o.mode.eslint} (typescript-eslint, default options) / ${o.mode.oxlintConfig} (oxlint)`);
  if (o.tools.includes("ours")) {
    const opts = o.mode.ourRuleOptions;
    p(`ours      rules ${o.ourRules.join(" + ")}; config ${o.ourConfig === "auto" ? "generated (only those rules on" + (o.ourRules.some((r) => opts[r]) ? `; ${Object.entries(opts).filter(([r]) => o.ourRules.includes(r)).map(([r, v]) => `${r} ${JSON.stringify(v)}`).join("; ")}` : "") + ")" : o.ourConfig}`);
    const ids = Object.entries(o.mode.ourMessageIds).filter(([r]) => o.ourRules.includes(r));
    if (ids.length) p(`          counted messageIds: ${ids.map(([r, v]) => `${r} ${v.join(", ")}`).join("; ")}`);
  }
  for (const w of preWarnings) p(`WARNING   ${w}`);
  for (const pr of prs) {
    p();
    p(`==== ${pr.proj.name} ${"=".repeat(Math.max(4, 100 - pr.proj.name.length))}`);
    reportProject(o, pr, p);
  }
  const combined = combine(prs);
  if (prs.length > 1) {
    p();
    p(`==== combined over ${prs.length} projects (sums) ${"=".repeat(70)}`);
    for (const t of o.tools) {
      const counts = prs.map((pr) => pr.results[t].findings?.length);
      p(`  ${pad(LABEL[t], 18)} ${lpad(counts.every((n) => n !== undefined) ? counts.reduce((a, b) => a + b, 0) : "-", 6)} findings  (${prs.map((pr, i) => `${pr.proj.name} ${counts[i] ?? "-"}`).join(", ")})`);
    }
    for (const [t, c] of Object.entries(combined)) {
      const partial = c.projects < prs.length ? ` (only ${c.projects} of ${prs.length} projects compared)` : "";
      p(`  ${LABEL[t]}: reports ${c.matched} of typescript-eslint's ${c.baseline} findings (${pctOf(c)}); ${c.missed} missed; ${c.extra} reported that typescript-eslint does not (${c.count} findings in all)${partial}`);
    }
    if (!Object.keys(combined).length) p("  typescript-eslint was not run (or crashed): nothing to compare against.");
  }
  const crashed = prs.flatMap((pr) => o.tools.filter((t) => pr.results[t].crashed).map((t) => `${LABEL[t]} on ${pr.proj.name} (${pr.results[t].crashed})`));
  if (crashed.length) {
    p();
    p(`CRASHED: ${crashed.join("; ")}`);
  }
  console.log(lines.join("\n"));

  if (o.json) {
    const out = {
      schema: 2,
      date: new Date().toISOString(),
      machine: {
        cores: os.cpus().length, totalMemMB: Math.round(os.totalmem() / 2 ** 20), node: process.version,
        platform: `${process.platform}-${process.arch}`, loadAvg1Before: loadBefore[0], loadAvg1After: loadAfter[0],
      },
      versions,
      settings: {
        runs: o.runs, intervalMs: o.intervalMs, eslintParser: o.eslintParser, eslintMaxOldSpaceMB: o.eslintMaxOldSpace,
        peerRule: o.peerRule, eslintRule: o.mode.eslint, oxlintRule: o.mode.oxlintConfig,
        ourRules: o.ourRules, ourConfig: o.ourConfig, ourRuleOptions: o.ourConfig === "auto" ? o.mode.ourRuleOptions : null,
        ourMessageIds: o.mode.ourMessageIds,
      },
      warnings: preWarnings,
      projects: prs.map((pr) => ({
        project: { name: pr.proj.name, label: pr.proj.label, dir: pr.proj.dir, tsconfig: pr.proj.tsconfig, sourceFiles: pr.files.length },
        loadAvg1Before: pr.loadBefore[0], loadAvg1After: pr.loadAfter[0],
        commands: Object.fromEntries(Object.entries(pr.cmds).map(([t, c]) => [t, { argv: [c.cmd, ...c.args.filter((a) => !pr.files.includes(a))], files: pr.files.length, env: c.env }])),
        tools: Object.fromEntries(
          o.tools.map((t) => {
            const r = pr.results[t];
            return [t, {
              label: LABEL[t],
              crashed: r.crashed,
              warnings: r.warnings,
              findings: r.findings?.length ?? null,
              medianWallMs: r.medianWallMs,
              medianPeakMB: Math.round(mb(r.medianPeakKB)),
              runs: r.runs.map((x) => ({ ...x, peakMB: Math.round(mb(x.peakKB)) })),
              excludedMessages: t === "ours" ? r.excluded : undefined,
              list: r.findings?.map((f) => ({ file: f.file, line: f.line, column: f.column, ...(t === "ours" ? { ruleId: f.ruleId, messageId: f.messageId } : {}) })) ?? null,
            }];
          }),
        ),
        ratiosToOurs: pr.ratios,
        comparedWithTypescriptEslint: Object.fromEntries(
          Object.entries(pr.comparisons).map(([t, c]) => [t, {
            baseline: c.baseline, count: c.count, matched: c.matched,
            missed: c.missed.map((f) => ({ file: f.file, line: f.line, text: sourceLine(pr.proj.dir, pr.cache, f.file, f.line) })),
            extra: c.extra.map((f) => ({ file: f.file, line: f.line, text: sourceLine(pr.proj.dir, pr.cache, f.file, f.line), ...(f.ruleId ? { ruleId: f.ruleId, messageId: f.messageId } : {}) })),
          }]),
        ),
      })),
      combinedWithTypescriptEslint: combined,
    };
    fs.writeFileSync(o.json, JSON.stringify(out, null, 2) + "\n");
    log(`figures written to ${o.json}`);
  }
  process.exitCode = crashed.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e?.stack ?? String(e));
  process.exit(2);
});
