// Mutation test: inject the bugs Async Lens is meant to find into real code and count how many
// it reports. Two mutations, each keeping every line where it was:
//   - `await call();`           -> `call();`        (a promise-returning call left unawaited)
//   - `expr.catch(handler);`    -> `expr;`          (a handled promise made unhandled)
// Candidates are statements whose promise is a real Promise (asked through our engine); a seeded
// sample (one mutant per line, none nested in another) is mutated in a copy of the project, the CLI
// runs once on the copy, and a mutant counts as found when a floating-promise or missing-await
// finding starts on its line.
//
//   node bench/mutate.mjs [--project-dir DIR] [--tsconfig FILE] [--sample N] [--seed S] [--json OUT]
//
// Needs `npm run build` and the unbundled build (`node esbuild.mjs --tests`, done by `npm test`).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mulberry32 } from "./random.mjs";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = parseArgs(process.argv.slice(2));
const benchDir = process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data";
const projectDir = fs.realpathSync(args["project-dir"] ?? path.join(benchDir, "project"));
const tsconfig = path.resolve(args.tsconfig ?? path.join(projectDir, "tsconfig.json"));
const sampleSize = Number(args.sample ?? 200);
const seed = Number(args.seed ?? 20261122);

const engineModule = path.join(repo, "out/test-build/server/src/analyzer/ts/engine.js");
const syntaxModule = path.join(repo, "out/test-build/server/src/analyzer/ts/syntax.js");
if (!fs.existsSync(engineModule)) fail(`missing ${engineModule}: run 'node esbuild.mjs --tests' (or npm test) first`);
if (!fs.existsSync(path.join(repo, "dist/cli.js"))) fail("missing dist/cli.js: run 'npm run build' first");
const { Engine } = await import(engineModule);
const { K, skipParens, memberName, memberObject } = await import(syntaxModule);

// ---- 1. candidates, typed ----
const t0 = performance.now();
const engine = new Engine({ cwd: projectDir });
engine.open([tsconfig]);
const project = engine.projects().find((p) => p.configFile === tsconfig) ?? engine.projects()[0];
const candidates = [];
for (const file of project.ownSourceFiles()) {
  const sf = project.sourceFile(file);
  if (!sf) continue;
  const found = [];
  const visit = (n) => {
    if (n.kind === K.ExpressionStatement) {
      const e = skipParens(n.expression);
      const start = n.getStart(sf);
      if (e.kind === K.AwaitExpression && skipParens(e.expression).kind === K.CallExpression) {
        const operand = skipParens(e.expression);
        // `await p.catch(h)` without its await is still handled: not a bug, so not a mutant.
        if (!isHandledChain(operand)) found.push({ kind: "await", node: operand, start, remove: [e.getStart(sf), operand.getStart(sf)] });
      } else if (e.kind === K.CallExpression && memberName(e.expression) === "catch" && e.arguments.length > 0) {
        const receiver = memberObject(e.expression);
        // Remove from the end of the receiver to the end of the call: `.catch(handler)`.
        if (!isHandledChain(skipParens(receiver))) found.push({ kind: "catch", node: receiver, start, remove: [receiver.end, e.end] });
      }
    }
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  if (found.length === 0) continue;
  const types = project.oracle();
  types.prefetch(found.map((f) => f.node));
  for (const f of found) {
    if (types.promiseKind(f.node, { checkThenables: false, allow: [] }) !== "promise") continue;
    // Findings start where the statement starts, which for a multi-line chain is not the `.catch` line.
    const line = sf.getLineAndCharacterOfPosition(f.start).line + 1;
    candidates.push({ file, kind: f.kind, line, remove: f.remove, text: sf.text.slice(...f.remove) });
  }
}
engine.close();
const tCandidates = performance.now() - t0;

// ---- 2. seeded sample, at most one mutant per line, none inside another ----
const random = mulberry32(seed);
const shuffled = candidates.map((c) => [random(), c]).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
const seenLines = new Set();
const sample = [];
for (const c of shuffled) {
  const key = `${c.file}:${c.line}`;
  if (seenLines.has(key)) continue;
  // A removed `.catch(handler)` can hold another candidate (a `.catch` or `await` in the handler): with both
  // mutated, the inner one is deleted with the handler and can never be found.
  if (sample.some((s) => s.file === c.file && s.remove[0] < c.remove[1] && c.remove[0] < s.remove[1])) continue;
  seenLines.add(key);
  sample.push(c);
  if (sample.length >= sampleSize) break;
}

// ---- 3. mutate a copy (sources copied, everything else linked) ----
const work = fs.mkdtempSync(path.join(os.tmpdir(), "async-lens-mutants-"));
const copy = path.join(work, path.basename(projectDir));
copyProject(projectDir, copy);
const byFile = new Map();
for (const m of sample) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
for (const [file, mutants] of byFile) {
  const target = path.join(copy, path.relative(projectDir, file));
  let text = fs.readFileSync(target, "utf8");
  // Apply from the end so earlier offsets stay valid; keep newlines so line numbers stay.
  for (const m of [...mutants].sort((a, b) => b.remove[0] - a.remove[0])) {
    const removed = text.slice(m.remove[0], m.remove[1]);
    text = text.slice(0, m.remove[0]) + removed.replace(/[^\n]/g, "") + text.slice(m.remove[1]);
  }
  fs.writeFileSync(target, text);
}

// ---- 4. run the CLI on the copy ----
const t1 = performance.now();
const copiedConfig = path.join(copy, path.relative(projectDir, tsconfig));
const run = spawnSync(process.execPath, [path.join(repo, "dist/cli.js"), "check", "--project", copiedConfig, "--format", "json"], {
  cwd: copy,
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
const tRun = performance.now() - t1;
if (run.status !== 0 && run.status !== 1) fail(`the CLI failed (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
const flagged = new Set();
for (const f of JSON.parse(run.stdout)) {
  for (const m of f.messages) {
    if (m.ruleId === "floating-promise" || m.ruleId === "missing-await") flagged.add(`${path.relative(copy, f.filePath)}:${m.line}`);
  }
}
const results = sample.map((m) => ({ ...m, found: flagged.has(`${path.relative(projectDir, m.file)}:${m.line}`) }));
fs.rmSync(work, { recursive: true, force: true });

// ---- 5. report ----
const found = results.filter((r) => r.found).length;
const byKind = (k) => results.filter((r) => r.kind === k);
const share = (xs) => (xs.length ? `${xs.filter((r) => r.found).length}/${xs.length} (${((100 * xs.filter((r) => r.found).length) / xs.length).toFixed(1)}%)` : "0/0");
console.log(`mutation test — ${path.basename(projectDir)} (seed ${seed})`);
console.log(`  candidates: ${candidates.length} typed Promise statements (${candidates.filter((c) => c.kind === "await").length} awaited calls, ${candidates.filter((c) => c.kind === "catch").length} .catch(…) chains), found in ${(tCandidates / 1000).toFixed(1)} s`);
console.log(`  sample: ${sample.length} mutants, one per line; CLI run on the mutated copy: ${(tRun / 1000).toFixed(1)} s`);
console.log(`  found: ${share(results)}  — await removed: ${share(byKind("await"))}; .catch removed: ${share(byKind("catch"))}`);
for (const r of results.filter((x) => !x.found)) console.log(`  MISSED ${path.relative(projectDir, r.file)}:${r.line} (${r.kind}) ${r.text.replace(/\s+/g, " ").slice(0, 80)}`);
if (args.json) {
  fs.writeFileSync(args.json, JSON.stringify({ project: path.basename(projectDir), seed, candidates: candidates.length, sample: sample.length, found, results: results.map(({ remove, ...r }) => r) }, null, 2));
}

/** `p.catch(h)` or `p.then(a, h)`: a chain that already handles rejection. */
function isHandledChain(call) {
  if (call.kind !== K.CallExpression) return false;
  const method = memberName(call.expression);
  return (method === "catch" && call.arguments.length > 0) || (method === "then" && call.arguments.length > 1);
}

function copyProject(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.name === "node_modules") fs.symlinkSync(src, dst);
    else if (entry.isDirectory()) copyProject(src, dst);
    else fs.copyFileSync(src, dst);
  }
}


function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) fail(`unexpected argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return out;
}

function fail(message) {
  console.error(`mutate: ${message}`);
  process.exit(2);
}
