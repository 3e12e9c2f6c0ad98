// Issue 3's acceptance figures on the set-up bench projects, in one run:
//   1. typescript-eslint's no-floating-promises + no-misused-promises findings that we match at the same line
//      (each peer rule against its counterparts of ours, see below);
//   2. the mutation share (bench/mutate.mjs on each project: injected bugs that we flag);
//   3. the findings we add beyond typescript-eslint: every finding of ours, with the CLI's default rules and
//      options (as a user runs it), on a line where typescript-eslint reports neither rule; listed exactly
//      (--list), by rule and level, and a seeded sample drawn for the hand review (--sample, --seed);
//   4. unbounded-fan-out's warnings and information findings next to the Promise.all/allSettled/race/any sites.
//
//   5. with --verdicts FILE (bench/reviews/verdicts.json): the hand review's verdicts on those findings, as shares
//      (the sample's findings judged true; the unbounded-fan-out warnings judged real), and what has no verdict yet.
//
//   node bench/acceptance.mjs [--projects viem,theia-core,matrix-js-sdk,mongodb] [--eslint-cache DIR] [--no-mutation]
//                             [--mutation-sample N] [--list FILE] [--sample N] [--seed S] [--verdicts FILE]
//
// Needs `bash bench/setup.sh`, `npm run build` and, for the mutation test, `node esbuild.mjs --tests`.
// typescript-eslint runs once per project with both rules (about a minute on viem); --eslint-cache DIR keeps
// its JSON output there and reuses it when the project, the peer versions and the config are unchanged.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mulberry32 } from "./random.mjs";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = parseArgs(process.argv.slice(2));
const benchDir = args["bench-dir"] ?? process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data";
const toolsDir = path.join(benchDir, "tools");
const cli = path.join(REPO, "dist", "cli.js");
if (!fs.existsSync(cli)) fail("missing dist/cli.js: run 'npm run build' first");
if (!fs.existsSync(path.join(toolsDir, "node_modules", "eslint"))) fail(`typescript-eslint not installed in ${toolsDir}: run bash bench/setup.sh`);

const PEERS = { "@typescript-eslint/no-floating-promises": "floating", "@typescript-eslint/no-misused-promises": "misused" };
const VOID_RETURN = /^voidReturn/;

/**
 * Which peer rule a finding of ours is the counterpart of: floating-promise's statements and missing-await's
 * statement checks are no-floating-promises' (typescript-eslint has one rule for both contexts);
 * floating-promise's checksVoidReturn family and misused-promise's conditional/predicate/spread are
 * no-misused-promises'. Everything else has no counterpart ("beyond").
 */
function peerClass(m) {
  if (m.ruleId === "floating-promise") return VOID_RETURN.test(m.messageId) ? "misused" : "floating";
  if (m.ruleId === "missing-await") return ["notAwaited", "arrayNotAwaited", "uselessHandler", "rethrowingHandler"].includes(m.messageId) ? "floating" : "beyond";
  if (m.ruleId === "misused-promise") return ["conditional", "predicate", "spread"].includes(m.messageId) ? "misused" : "beyond";
  return "beyond";
}

const projects = discoverProjects().filter((p) => !args.projects || args.projects.split(",").includes(p.name));
if (projects.length === 0) fail(`no set-up project${args.projects ? ` named ${args.projects}` : ""} in ${path.join(benchDir, "projects")}: run bash bench/setup.sh`);

const results = [];
for (const project of projects) {
  log(`${project.name}: async-lens (default rules)`);
  const ours = runOurs(project);
  log(`${project.name}: typescript-eslint (no-floating-promises + no-misused-promises)`);
  const eslint = runEslint(project);
  let mutation;
  if (!("no-mutation" in args)) {
    log(`${project.name}: mutation test`);
    mutation = runMutation(project);
  }
  results.push({ project, ...compare(ours.findings, eslint), fanOut: fanOutFigures(project, ours), mutation });
}
report(results);

// ---------------------------------------------------------------------------------------------- running
function runOurs(project) {
  const r = spawnSync(process.execPath, [cli, "check", "--project", project.tsconfig, "--format", "json"], { cwd: project.dir, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) fail(`our CLI failed on ${project.name} (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  const files = JSON.parse(r.stdout);
  const findings = [];
  for (const f of files) {
    for (const m of f.messages) {
      findings.push({ file: rel(project, f.filePath), line: m.line, column: m.column, ruleId: m.ruleId, messageId: m.messageId, level: m.info ? "info" : m.severity === 2 ? "error" : "warning", message: m.message });
    }
  }
  return { findings, files: files.map((f) => f.filePath) };
}

function runEslint(project) {
  const require = createRequire(path.join(toolsDir, "package.json"));
  const parser = pathToFileURL(require.resolve("@typescript-eslint/parser")).href;
  const plugin = pathToFileURL(require.resolve("@typescript-eslint/eslint-plugin")).href;
  const config = `// generated by bench/acceptance.mjs
import parser from ${JSON.stringify(parser)};
import plugin from ${JSON.stringify(plugin)};
export default [
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
    languageOptions: { parser, parserOptions: { project: [${JSON.stringify(project.tsconfig)}], tsconfigRootDir: ${JSON.stringify(project.dir)} } },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { "@typescript-eslint": plugin },
    rules: { ${Object.keys(PEERS).map((r) => `${JSON.stringify(r)}: "error"`).join(", ")} },
  },
];
`;
  const files = projectFiles(project);
  const versions = ["eslint", "typescript-eslint", "typescript"].map((p) => `${p}@${JSON.parse(fs.readFileSync(path.join(toolsDir, "node_modules", p, "package.json"), "utf8")).version}`);
  const key = createHash("sha256").update([config, project.label, ...versions, ...files].join("\n")).digest("hex").slice(0, 16);
  const cacheFile = args["eslint-cache"] && path.join(args["eslint-cache"], `${project.name}-${key}.json`);
  let stdout;
  if (cacheFile && fs.existsSync(cacheFile)) {
    log(`  (cached: ${cacheFile})`);
    stdout = fs.readFileSync(cacheFile, "utf8");
  } else {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "async-lens-acceptance-"));
    const configFile = path.join(work, "eslint.config.mjs");
    fs.writeFileSync(configFile, config);
    const r = spawnSync(process.execPath, [path.join(toolsDir, "node_modules", "eslint", "bin", "eslint.js"), "--config", configFile, "--format", "json", "--no-warn-ignored", ...files], {
      cwd: project.dir,
      encoding: "utf8",
      maxBuffer: 1 << 29,
    });
    fs.rmSync(work, { recursive: true, force: true });
    if (r.status !== 0 && r.status !== 1) fail(`typescript-eslint failed on ${project.name} (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
    stdout = r.stdout;
    if (cacheFile) {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      fs.writeFileSync(cacheFile, stdout);
    }
  }
  const findings = [];
  for (const f of JSON.parse(stdout)) {
    for (const m of f.messages) if (PEERS[m.ruleId]) findings.push({ file: rel(project, f.filePath), line: m.line, column: m.column, ruleId: m.ruleId, messageId: m.messageId, peer: PEERS[m.ruleId] });
  }
  return findings;
}

function runMutation(project) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "async-lens-acceptance-")), "mutants.json");
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, "bench", "mutate.mjs"), "--project-dir", project.dir, "--tsconfig", project.tsconfig, "--sample", String(args["mutation-sample"] ?? 200), "--json", out],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) fail(`bench/mutate.mjs failed on ${project.name} (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 2000)}`);
  const j = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return { found: j.found, sample: j.sample, missed: j.results.filter((x) => !x.found).map((x) => `${rel(project, x.file)}:${x.line} (${x.kind})`) };
}

// ---------------------------------------------------------------------------------------------- comparing
/**
 * Each typescript-eslint finding is matched (file + line, as multisets) by a finding of ours of the same peer
 * class. Our findings left over are "added" unless typescript-eslint reports something on that line anyway.
 */
function compare(ours, eslint) {
  const key = (f) => `${f.file}:${f.line}`;
  const pool = new Map();
  for (const f of ours) {
    const k = `${peerClass(f)}|${key(f)}`;
    pool.set(k, [...(pool.get(k) ?? []), f]);
  }
  const used = new Set();
  const missed = [];
  const matched = { floating: 0, misused: 0 };
  const total = { floating: 0, misused: 0 };
  for (const e of eslint) {
    total[e.peer]++;
    const candidates = pool.get(`${e.peer}|${key(e)}`) ?? [];
    const hit = candidates.find((f) => !used.has(f));
    if (hit) {
      used.add(hit);
      matched[e.peer]++;
    } else missed.push(e);
  }
  const peerLines = new Set(eslint.map(key));
  const leftover = ours.filter((f) => !used.has(f));
  const sameLine = leftover.filter((f) => peerLines.has(key(f)));
  const added = leftover.filter((f) => !peerLines.has(key(f)));
  return { matched, total, missed, sameLine, added };
}

function fanOutFigures(project, ours) {
  // Promise.* call sites in the analysed files (the tsconfig's, so tests are left out as in the review).
  let sites = 0;
  for (const file of ours.files) {
    const text = fs.readFileSync(file, "utf8");
    sites += (text.match(/Promise\.(all|allSettled|race|any)\(/g) ?? []).length;
  }
  const fan = ours.findings.filter((f) => f.ruleId === "unbounded-fan-out");
  const warningList = fan.filter((f) => f.level !== "info");
  return { sites, warnings: warningList.length, warningList, info: fan.filter((f) => f.level === "info").length };
}

// ---------------------------------------------------------------------------------------------- report
function report(rs) {
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : "n/a");
  const sum = (f) => rs.reduce((n, r) => n + f(r), 0);
  console.log("\n=== issue 3 acceptance figures ===");
  for (const r of rs) {
    const m = r.matched.floating + r.matched.misused;
    const t = r.total.floating + r.total.misused;
    console.log(`\n${r.project.label}`);
    console.log(`  matched typescript-eslint at the same line: ${m}/${t} (${pct(m, t)}) — no-floating-promises ${r.matched.floating}/${r.total.floating}, no-misused-promises ${r.matched.misused}/${r.total.misused}`);
    for (const e of r.missed) console.log(`    MISSED ${e.file}:${e.line} ${e.ruleId.replace("@typescript-eslint/", "")} ${e.messageId}`);
    if (r.mutation) console.log(`  mutation: ${r.mutation.found}/${r.mutation.sample} injected bugs flagged (${pct(r.mutation.found, r.mutation.sample)})${r.mutation.missed.length ? "; missed: " + r.mutation.missed.join(", ") : ""}`);
    const errors = r.added.filter((f) => f.level !== "info");
    console.log(`  added beyond typescript-eslint: ${errors.length} error/warning findings (+ ${r.added.length - errors.length} information) on lines where it reports neither rule; ${r.sameLine.length} more of ours sit on lines it reports`);
    for (const [id, n] of countBy(errors, (f) => `${f.ruleId}:${f.messageId}`)) console.log(`    ${String(n).padStart(4)}  ${id}`);
    console.log(`  unbounded-fan-out: ${r.fanOut.warnings} warnings, ${r.fanOut.info} information, on ${r.fanOut.sites} Promise.all/allSettled/race/any calls`);
  }
  const m = sum((r) => r.matched.floating + r.matched.misused);
  const t = sum((r) => r.total.floating + r.total.misused);
  const addedAll = rs.flatMap((r) => r.added.map((f) => ({ project: r.project.name, ...f })));
  const addedErrors = addedAll.filter((f) => f.level !== "info");
  console.log(`\ncombined over ${rs.length} project(s):`);
  console.log(`  matched: ${m}/${t} (${pct(m, t)})  [goal ≥ 99%]`);
  if (rs.every((r) => r.mutation)) {
    const found = sum((r) => r.mutation.found);
    const sample = sum((r) => r.mutation.sample);
    console.log(`  mutation: ${found}/${sample} (${pct(found, sample)})  [goal ≥ 99%]`);
  }
  console.log(`  added findings (error/warning): ${addedErrors.length}; information: ${addedAll.length - addedErrors.length}  [goal: ≥ 90% true in a hand-reviewed sample of 50]`);
  console.log(`  unbounded-fan-out: ${sum((r) => r.fanOut.warnings)} warnings, ${sum((r) => r.fanOut.info)} information, on ${sum((r) => r.fanOut.sites)} Promise.* calls  [goal: ≥ 80% of warnings real, ≥ 50 sites reviewed]`);

  if (args.list) {
    fs.writeFileSync(args.list, JSON.stringify(addedAll, null, 2) + "\n");
    console.log(`  wrote the ${addedAll.length} added findings to ${args.list}`);
  }
  if (args.sample) {
    // Population: the error/warning findings in a stable order (project, file, line, column); a seeded
    // Fisher–Yates shuffle (mulberry32) picks the sample, shown back in that order.
    const population = [...addedErrors].sort((a, b) => cmp(a.project, b.project) || cmp(a.file, b.file) || a.line - b.line || a.column - b.column);
    const n = Math.min(Number(args.sample), population.length);
    const seed = Number(args.seed ?? 20261122);
    const random = mulberry32(seed);
    const index = population.map((_, i) => i);
    for (let i = index.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [index[i], index[j]] = [index[j], index[i]];
    }
    const picked = index.slice(0, n).sort((a, b) => a - b);
    const verdicts = args.verdicts ? readVerdicts(args.verdicts) : undefined;
    console.log(`\nsample of ${n} of ${population.length} added findings (seed ${seed}):`);
    picked.forEach((i, k) => {
      const f = population[i];
      const v = verdicts?.get(verdictKey(f));
      console.log(`| ${k + 1} | ${f.project}/${f.file}:${f.line}:${f.column} | ${f.ruleId}:${f.messageId} | ${f.level} |${verdicts ? ` ${v?.verdict ?? "NO VERDICT"} |` : ""}`);
    });
    if (verdicts) {
      const sample = picked.map((i) => population[i]);
      const fanOut = rs.flatMap((r) => r.fanOut.warningList.map((f) => ({ project: r.project.name, ...f })));
      console.log(`\nhand review (${args.verdicts}):`);
      console.log(`  added findings judged true: ${shares(sample, verdicts)}  [goal ≥ 90% of a sample of 50]`);
      console.log(`  unbounded-fan-out warnings judged real: ${shares(fanOut, verdicts)}  [goal ≥ 80%, ≥ 50 sites]`);
      for (const f of [...sample, ...fanOut.filter((w) => !sample.some((x) => verdictKey(x) === verdictKey(w)))]) {
        if (!verdicts.has(verdictKey(f))) console.log(`    NO VERDICT ${f.project}/${f.file}:${f.line} ${f.ruleId}:${f.messageId}`);
      }
    }
  }
}

/** Verdicts of the hand review, by project, file, line and rule: "true", "debatable" or "false" (see bench/reviews/). */
function readVerdicts(file) {
  const list = JSON.parse(fs.readFileSync(file, "utf8")).verdicts;
  const out = new Map();
  for (const v of list) {
    if (!["true", "debatable", "false"].includes(v.verdict)) fail(`${file}: verdict '${v.verdict}' for ${v.project}/${v.file}:${v.line} is not true, debatable or false`);
    out.set(verdictKey(v), v);
  }
  return out;
}

function verdictKey(f) {
  return `${f.project}|${f.file}|${f.line}|${f.ruleId ?? f.rule}`;
}

/** "true/judged (share); debatable d, false f; n without a verdict": only "true" counts, over the judged ones. */
function shares(findings, verdicts) {
  const counts = { true: 0, debatable: 0, false: 0, none: 0 };
  for (const f of findings) counts[verdicts.get(verdictKey(f))?.verdict ?? "none"]++;
  const judged = counts.true + counts.debatable + counts.false;
  const pct = judged ? `${((100 * counts.true) / judged).toFixed(1)}%` : "n/a";
  return `${counts.true}/${judged} (${pct}); debatable ${counts.debatable}, false ${counts.false}${counts.none ? `; ${counts.none} without a verdict` : ""}`;
}

// ---------------------------------------------------------------------------------------------- helpers
function discoverProjects() {
  const root = path.join(benchDir, "projects");
  const out = [];
  for (const e of fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }) : []) {
    const dir = fs.realpathSync(path.join(root, e.name));
    if (!e.isDirectory() || !fs.existsSync(path.join(dir, ".installed"))) continue;
    let meta = {};
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, ".bench-project.json"), "utf8"));
    } catch {}
    out.push({ name: meta.name ?? e.name, label: meta.package ? `${meta.package}@${meta.version}` : e.name, dir, tsconfig: path.join(dir, meta.tsconfig ?? "tsconfig.json") });
  }
  return out.sort((a, b) => cmp(b.name, a.name));
}

/** Root files of the tsconfig, through the TypeScript installed with the peers (as bench/compare.mjs does). */
function projectFiles(project) {
  const ts = createRequire(path.join(toolsDir, "package.json"))("typescript");
  const parsed = ts.getParsedCommandLineOfConfigFile(project.tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) fail(`cannot read ${project.tsconfig}`);
  return parsed.fileNames.filter((f) => !/\.d\.[cm]?ts$/.test(f)).map((f) => path.resolve(f));
}

function rel(project, file) {
  return path.relative(project.dir, fs.existsSync(file) ? fs.realpathSync(file) : file).split(path.sep).join("/");
}

function countBy(xs, f) {
  const m = new Map();
  for (const x of xs) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}


function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n"));
      process.exit(0);
    }
    if (!a.startsWith("--")) fail(`unexpected argument ${a}`);
    if (a === "--no-mutation") out["no-mutation"] = true;
    else {
      if (argv[i + 1] === undefined) fail(`${a} needs a value`);
      out[a.slice(2)] = argv[++i];
    }
  }
  return out;
}

function log(msg) {
  process.stderr.write(`[acceptance] ${msg}\n`);
}

function fail(message) {
  console.error(`acceptance: ${message}`);
  process.exit(2);
}
