// `npm run fuzz`: a longer campaign than the one in `npm test`, with real projects.
//
//   npm run fuzz -- [--seed N] [--count N] [--fixtures N] [--per-project N] [--projects DIR] [--time-bound MS] [--out DIR]
//
// --count: generated programs (default 1000); --fixtures: mutated fixtures (default count/2);
// --per-project: mutated files of each project under --projects (default count/4; folder default
// /work/bench-data/projects, or $ASYNC_LENS_BENCH_DIR/projects). Failing inputs are written to --out.
// The campaign runs on a worker thread, watched from here: an input still unfinished after three
// time bounds is reported as a hang (and written out), since a synchronous loop cannot time itself out.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { projectsUnder, runFuzz, type FuzzOptions, type FuzzReport } from "./run.js";

type FromWorker = { type: "start"; label: string; file: string; input: string } | { type: "progress"; label: string; done: number } | { type: "report"; report: FuzzReport };

if (isMainThread) await main();
else worker();

function worker(): void {
  const options = workerData as FuzzOptions;
  const post = (m: FromWorker) => parentPort!.postMessage(m);
  const report = runFuzz({
    ...options,
    onStart: (label, file, input) => post({ type: "start", label, file, input }),
    onInput: (label, done) => post({ type: "progress", label, done }),
  });
  post({ type: "report", report });
}

async function main(): Promise<void> {
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
  const timeBoundMs = number(values["time-bound"], 10_000);
  const projectsDir = values.projects ?? path.join(process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data", "projects");
  const out = path.resolve(values.out ?? "out/fuzz-failures");
  const projects = projectsUnder(projectsDir);
  const options: FuzzOptions = {
    seed,
    generated: count,
    fixtures: number(values.fixtures, Math.ceil(count / 2)),
    perProject: number(values["per-project"], Math.ceil(count / 4)),
    projects,
    repoRoot: process.cwd(),
    timeBoundMs,
  };

  console.log(`fuzz: seed ${seed}, ${count} generated, projects: ${projects.map((p) => path.basename(path.dirname(p))).join(", ") || "none"}`);
  const t0 = performance.now();
  let lastPrint = 0;
  let current: { label: string; file: string; input: string; since: number } | undefined;
  const worker = new Worker(new URL(import.meta.url), { workerData: options });
  const report = await new Promise<FuzzReport | undefined>((resolve, reject) => {
    const watchdog = setInterval(() => {
      if (!current || performance.now() - current.since < 3 * timeBoundMs) return;
      const hung = current;
      clearInterval(watchdog);
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, `hang.input${path.extname(hung.file)}`), hung.input);
      writeFileSync(path.join(out, "hang.txt"), `${hung.label}\n${hung.file}\nno answer after ${((performance.now() - hung.since) / 1000).toFixed(0)} s\n`);
      console.log(`fuzz: HANG — ${hung.label} unfinished after ${((performance.now() - hung.since) / 1000).toFixed(0)} s; input written to ${out}`);
      process.exitCode = 1;
      void worker.terminate().then(() => resolve(undefined), reject);
    }, 1000);
    worker.on("message", (m: FromWorker) => {
      if (m.type === "start") current = { label: m.label, file: m.file, input: m.input, since: performance.now() };
      else if (m.type === "progress" && performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        console.log(`  ${m.done} inputs … (${m.label})`);
      } else if (m.type === "report") {
        clearInterval(watchdog);
        resolve(m.report);
      }
    });
    worker.on("error", (e) => {
      clearInterval(watchdog);
      reject(e);
    });
  });
  if (report) printReport(report, ((performance.now() - t0) / 1000).toFixed(1), out);
}

/** The summary, and each failing input written to `out` (its fix's output too). */
function printReport(report: FuzzReport, seconds: string, out: string): void {
  console.log(
    `fuzz: ${report.inputs} inputs (${report.cleanInputs} without errors) in ${seconds} s, ${report.findings} findings, ` +
      `${report.fixesChecked} fixes applied and compiled, slowest analysis ${report.slowestMs.toFixed(0)} ms`,
  );
  console.log(`fuzz: ${report.failures.length} failures`);
  if (report.failures.length === 0) return;
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
