// Checks the editor's reuse of type answers (server/src/analyzer/reuse.ts) on a real project: opens
// seeded random files, makes seeded random one-line edits to each (a statement added in a body or at
// the end, a jump or await added, a line removed or doubled, `async` taken away, a return type dropped),
// and after every edit
// compares the findings of the reusing analyser with those of one that asks the compiler everything.
// Prints the edits checked, how many reused answers, and every difference (exit 1 if any).
//
//   node bench/reuse-check.mjs [--project-dir DIR] [--files N] [--edits N] [--seed S]
//
// Needs `node esbuild.mjs --tests` (it uses the compiled sources under out/test-build).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mulberry32 } from "./random.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const benchDir = process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data";
const projectDir = fs.realpathSync(args["project-dir"] ?? path.join(benchDir, "projects", "viem-2.57.20"));
const fileCount = Number(args.files ?? 10);
const editCount = Number(args.edits ?? 20);
const random = mulberry32(Number(args.seed ?? 20261122));
const built = path.join(repo, "out/test-build/server/src/project/editor-analyzer.js");
if (!fs.existsSync(built)) throw new Error("run `node esbuild.mjs --tests` first");
const { EditorAnalyzer } = await import(pathToFileURL(built).href);

const sources = [];
(function collect(dir) {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (fs.statSync(p).isDirectory()) collect(p);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts") && !/\.(test|spec)\./.test(name)) sources.push(p);
  }
})(path.join(projectDir, "src"));
sources.sort();
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const reusing = new EditorAnalyzer({ rootPath: projectDir });
const fresh = new EditorAnalyzer({ rootPath: projectDir, reuse: false });
const summary = (r) => (r?.findings ?? []).map((f) => `${f.ruleId}/${f.messageId}/${f.severity}@${f.start}-${f.end}:${(f.fixes ?? []).map((x) => x.id).join(",")}`).join("\n");

/** One seeded one-line edit of `lines` (in place); returns what it did. */
function edit(lines, k) {
  const what = random();
  const bodyLines = lines.map((_, i) => i).filter((i) => /^\s+(const|return|await|if \()/.test(lines[i]));
  const at = bodyLines.length > 0 ? pick(bodyLines) : lines.length - 1;
  const indent = /^\s*/.exec(lines[at])[0];
  if (what < 0.25) lines.splice(at, 0, `${indent}const __probe_${k} = ${k};`);
  else if (what < 0.35) lines.splice(at, 0, `${indent}${pick(["return;", "throw new Error();", "await undefined;", "for (;;) break;"])}`);
  else if (what < 0.5) lines.push(`export const __tail_${k} = ${k};`);
  else if (what < 0.6) lines.splice(at, 1);
  else if (what < 0.7) lines.splice(at, 0, lines[at]);
  else if (what < 0.85) {
    const i = lines.findIndex((l, n) => n >= at && /\basync function\b|\basync \(/.test(l));
    if (i < 0) return edit(lines, k);
    lines[i] = lines[i].replace(/\basync (function|\()/, "$1");
  } else {
    const i = lines.findIndex((l, n) => n >= at && /\): [\w<>[\], |]+ \{$/.test(l));
    if (i < 0) return edit(lines, k);
    lines[i] = lines[i].replace(/\): [\w<>[\], |]+ \{$/, ") {");
  }
  return true;
}

let checked = 0;
let reusedEdits = 0;
let reusedUnits = 0;
let totalUnits = 0;
let insideEdits = 0;
const differences = [];
const started = performance.now();
for (let n = 0; n < fileCount; n++) {
  const file = pick(sources);
  const lines = fs.readFileSync(file, "utf8").split("\n");
  reusing.analyze(file, lines.join("\n"));
  for (let k = 0; k < editCount; k++) {
    edit(lines, k);
    const text = lines.join("\n");
    const got = summary(reusing.analyze(file, text));
    const outcome = reusing.lastReuse;
    const want = summary(fresh.analyze(file, text));
    checked++;
    if (outcome?.inside > 0) insideEdits++;
    if (outcome && outcome.reused > 0) {
      reusedEdits++;
      reusedUnits += outcome.reused;
      totalUnits += outcome.units;
    }
    if (got !== want) differences.push({ file: path.relative(projectDir, file), edit: k, outcome, got, want });
  }
  reusing.close(file);
  fresh.close(file);
}
reusing.dispose();
fresh.dispose();
console.log(`reuse check — ${path.basename(projectDir)}: ${fileCount} files × ${editCount} edits = ${checked} edits in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`  edits that reused answers: ${reusedEdits} (${((100 * reusedEdits) / checked).toFixed(1)} %), ${totalUnits ? ((100 * reusedUnits) / totalUnits).toFixed(1) : 0} % of their statements`);
console.log(`  edits that reused answers inside the edited statement: ${insideEdits} (${((100 * insideEdits) / checked).toFixed(1)} %)`);
console.log(`  differences from a fresh analysis: ${differences.length}`);
for (const d of differences.slice(0, 10)) console.log(`  ${d.file} edit ${d.edit} ${JSON.stringify(d.outcome)}\n    reusing: ${d.got.replace(/\n/g, " | ")}\n    fresh:   ${d.want.replace(/\n/g, " | ")}`);
process.exitCode = differences.length > 0 ? 1 : 0;
