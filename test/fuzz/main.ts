// `npm run fuzz`: a longer campaign than the one in `npm test`, with real projects.
//
//   npm run fuzz -- [--seed N] [--count N] [--fixtures N] [--per-project N] [--projects DIR] [--time-bound MS] [--out DIR]
//
// --count: generated programs (default 1000); --fixtures: mutated fixtures (default count/2);
// --per-project: mutated files of each project under --projects (default count/4; folder default
// /work/bench-data/projects, or $ASYNC_LENS_BENCH_DIR/projects). Failing inputs are written to --out.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectsUnder, runFuzz } from "./run.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    count: { type: "string" },
    fixtures: { type: "string" },
    "per-project": { type: "string" },
    projects: { type: "string" },
    "time-bound": { type: "string" },
    out: { type: "string" },
  },
});
const number = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const seed = number(values.seed, Date.now() % 1_000_000);
const count = number(values.count, 1000);
const projectsDir = values.projects ?? path.join(process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data", "projects");
const out = path.resolve(values.out ?? "out/fuzz-failures");
const projects = projectsUnder(projectsDir);

console.log(`fuzz: seed ${seed}, ${count} generated, projects: ${projects.map((p) => path.basename(path.dirname(p))).join(", ") || "none"}`);
const t0 = performance.now();
let lastPrint = 0;
const report = runFuzz({
  seed,
  generated: count,
  fixtures: number(values.fixtures, Math.ceil(count / 2)),
  perProject: number(values["per-project"], Math.ceil(count / 4)),
  projects,
  repoRoot: process.cwd(),
  ...(values["time-bound"] ? { timeBoundMs: Number(values["time-bound"]) } : {}),
  onInput(label, done) {
    // The input being worked on is printed now and then, so a hang can be traced to it.
    if (performance.now() - lastPrint > 5000) {
      lastPrint = performance.now();
      console.log(`  ${done} inputs … (${label})`);
    }
  },
});
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
console.log(`fuzz: ${report.inputs} inputs (${report.cleanInputs} without errors) in ${seconds} s, ${report.findings} findings, ${report.fixesChecked} fixes applied and compiled, slowest analysis ${report.slowestMs.toFixed(0)} ms`);
console.log(`fuzz: ${report.failures.length} failures`);
if (report.failures.length > 0) {
  mkdirSync(out, { recursive: true });
  report.failures.forEach((f, k) => {
    const base = path.join(out, `${k}-${f.kind}`);
    writeFileSync(`${base}.input${path.extname(f.file)}`, f.input);
    if (f.output !== undefined) writeFileSync(`${base}.output${path.extname(f.file)}`, f.output);
    writeFileSync(`${base}.txt`, `${f.label}\n${f.file}\n${f.detail}\n`);
    if (k < 20) console.log(`  ${f.kind} — ${f.label}: ${f.detail.split("\n")[0]}`);
  });
  console.log(`fuzz: failing inputs written to ${out}`);
  process.exitCode = 1;
}
