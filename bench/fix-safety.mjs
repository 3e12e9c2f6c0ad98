// Fix safety on a real project: every fix Async Lens offers, applied one at a time (through the
// engine's unsaved-text overlay, nothing written to disk), then the file re-checked by the compiler.
// A fix fails if the file has more syntax or type errors afterwards than before.
//
//   node bench/fix-safety.mjs [--project-dir DIR] [--tsconfig FILE] [--json OUT]
//
// Needs the unbundled build (`node esbuild.mjs --tests`, done by `npm test`). Fixes that can use the
// project's own packages (p-map, p-limit) see the dependencies of each file's nearest package.json.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`usage: node bench/fix-safety.mjs [--project-dir DIR] [--tsconfig FILE] [--json OUT]

Applies every fix Async Lens offers on the project, one at a time, and re-checks the file with the compiler.
  --project-dir DIR   the project (default: \$ASYNC_LENS_BENCH_DIR/project, set up by bench/setup.sh)
  --tsconfig FILE     its tsconfig (default: DIR/tsconfig.json)
  --json OUT          also write every outcome to OUT
Exit code 1 when some fix adds a syntax or type error.`);
  process.exit(0);
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const benchDir = process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data";
const projectDir = fs.realpathSync(args["project-dir"] ?? path.join(benchDir, "project"));
const tsconfig = path.resolve(args.tsconfig ?? path.join(projectDir, "tsconfig.json"));
const build = path.join(repo, "out/test-build/server/src");
if (!fs.existsSync(path.join(build, "analyzer/ts/engine.js"))) {
  console.error("fix-safety: run 'node esbuild.mjs --tests' (or npm test) first");
  process.exit(2);
}
const { Engine } = await import(path.join(build, "analyzer/ts/engine.js"));
const { analyzeSourceFile } = await import(path.join(build, "analyzer/analyze.js"));
const { resolveRules } = await import(path.join(build, "analyzer/config.js"));
const { applyEdits } = await import(path.join(build, "analyzer/edits.js"));
const { DependencyCache } = await import(path.join(build, "project/dependencies.js"));
const dependencies = new DependencyCache();

const overlay = new Map();
const engine = new Engine({ cwd: projectDir, readOverlay: (f) => overlay.get(f) });
engine.open([tsconfig]);
const rules = resolveRules([{ rules: { "sequential-await-in-loop": "info" } }], "cli");
const t0 = performance.now();

// 1. every finding with its fixes, from one pass over the project
let project = engine.projects().find((p) => p.configFile === tsconfig);
const offers = [];
for (const file of project.ownSourceFiles()) {
  const sf = project.sourceFile(file);
  if (!sf) continue;
  const result = analyzeSourceFile({ fileName: file, sourceFile: sf, types: project.oracle(), rules, dependencies: dependencies.forFile(file) });
  for (const f of result.findings) for (const fix of f.fixes ?? []) offers.push({ file, text: sf.text, ruleId: f.ruleId, messageId: f.messageId, fix });
}

// 2. each fix alone: overlay the fixed text, re-check the file, restore
const baseline = new Map();
const outcomes = [];
for (const o of offers) {
  if (!baseline.has(o.file)) baseline.set(o.file, project.errorCounts(o.file));
  overlay.set(o.file, applyEdits(o.text, o.fix.edits));
  engine.filesChanged([o.file]);
  project = engine.projects().find((p) => p.configFile === tsconfig);
  const after = project.errorCounts(o.file);
  overlay.delete(o.file);
  engine.filesChanged([o.file]);
  project = engine.projects().find((p) => p.configFile === tsconfig);
  const before = baseline.get(o.file);
  const broke = after.syntactic > before.syntactic || after.semantic > before.semantic;
  outcomes.push({ file: path.relative(projectDir, o.file), rule: `${o.ruleId}:${o.messageId}`, fix: o.fix.id, safety: o.fix.safety, before, after, broke });
}
engine.close();

const broken = outcomes.filter((x) => x.broke);
const byFix = {};
for (const x of outcomes) {
  byFix[x.fix] ??= { applied: 0, broke: 0 };
  byFix[x.fix].applied++;
  if (x.broke) byFix[x.fix].broke++;
}
console.log(`fix safety — ${path.basename(projectDir)}: ${outcomes.length} fixes applied one at a time in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const [id, n] of Object.entries(byFix).sort()) console.log(`  ${id.padEnd(18)} ${String(n.applied).padStart(5)} applied, ${n.broke} added an error`);
console.log(`  fixes that add a syntax or type error: ${broken.length}`);
for (const b of broken) console.log(`  BROKE ${b.file} ${b.rule} ${b.fix}: errors ${b.before.syntactic}+${b.before.semantic} -> ${b.after.syntactic}+${b.after.semantic}`);
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ project: path.basename(projectDir), fixes: outcomes.length, broken: broken.length, byFix, outcomes }, null, 2));
process.exitCode = broken.length > 0 ? 1 : 0;
