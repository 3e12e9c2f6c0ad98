// Editor latency: the built language server driven over stdio on a real project. One document
// (about 2,000 lines) is opened, then edited one line at a time, the way a user makes one edit and
// looks: a pause (--pause, default 200 ms) before each edit. Each edit is timed from the didChange
// notification to the diagnostics published for that version. Two kinds of edit, each --edits times:
//   tail: a top-level statement added at the end of the file (replacing the previous one);
//   body: a statement inserted inside a function body, before a seeded random line that starts a
//         `const` or `return` statement (the edits accumulate, as typing does).
// Reports p50/p95 per kind and together, the first (cold) analysis, and the server's memory (server,
// analysis thread and compiler process).
//
//   node bench/latency.mjs [--project-dir DIR] [--file src/…] [--edits N] [--kinds tail,body] [--pause MS]
//                          [--debounce MS] [--rules JSON] [--seed S]
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ProcTreeSampler } from "./proc-tree-sampler.mjs";
import { mulberry32 } from "./random.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const benchDir = process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data";
const projectDir = fs.realpathSync(args["project-dir"] ?? path.join(benchDir, "projects", "viem-2.57.20"));
const file = path.join(projectDir, args.file ?? "src/tempo/actions/zone.ts");
const edits = Number(args.edits ?? 40);
const debounce = Number(args.debounce ?? 100);
const pause = Number(args.pause ?? 200);
const kinds = (args.kinds ?? "tail,body").split(",");
const random = mulberry32(Number(args.seed ?? 20261122));
const ruleSettings = args.rules ? JSON.parse(args.rules) : undefined; // e.g. '{"misused-promise":"off"}'

const text = fs.readFileSync(file, "utf8");
const uri = pathToFileURL(file).href;

const child = spawn(process.execPath, [path.join(repo, "dist/server.js"), "--stdio"], { cwd: projectDir, stdio: ["pipe", "pipe", "inherit"] });
const sampler = new ProcTreeSampler(child.pid, { intervalMs: 50 });
const timer = setInterval(() => sampler.sample(), 50);
let buffer = Buffer.alloc(0);
let nextId = 1;
const waiters = [];
const send = (m) => {
  const body = JSON.stringify({ jsonrpc: "2.0", ...m });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const m = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (m.method === "workspace/configuration") send({ id: m.id, result: m.params.items.map(() => ({ debounceMs: debounce, ...(ruleSettings ? { rules: ruleSettings } : {}) })) });
    else if (m.id !== undefined && m.method) send({ id: m.id, result: null });
    if (m.method === "window/logMessage") serverLog(m.params.message);
    const i = waiters.findIndex((w) => w.test(m));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  }
});
// The server's debug log says how long each analysis took in its analysis thread, and what it reused.
const threadMs = new Map();
const reuseNotes = [];
function serverLog(message) {
  const analysed = /^analysed .* v(\d+): .* \(analysis thread ([\d.]+) ms\)/.exec(message);
  if (analysed) threadMs.set(Number(analysed[1]), Number(analysed[2]));
  const reuse = /type answers of (.*)$/.exec(message);
  if (reuse) reuseNotes.push(reuse[1].replace(/\d+/g, "N"));
}
const waitFor = (test) => new Promise((resolve) => waiters.push({ test, resolve }));
const request = (method, params) => {
  const id = nextId++;
  const p = waitFor((m) => m.id === id && !m.method);
  send({ id, method, params });
  return p;
};
const diagnosticsFor = (version) => waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.version === version);

await request("initialize", { processId: process.pid, rootUri: pathToFileURL(projectDir).href, capabilities: {}, workspaceFolders: null });
send({ method: "initialized", params: {} });
await new Promise((r) => setTimeout(r, 300)); // let the configuration round trip finish

let t = performance.now();
send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "typescript", version: 1, text } } });
const first = await diagnosticsFor(1);
const coldMs = performance.now() - t;
const lines = text.split("\n");
const times = Object.fromEntries(kinds.map((k) => [k, []]));
let version = 1;
const thread = {};
let body = [...lines];
const edited = {
  // The original text plus one statement at the end: each edit replaces the previous probe.
  tail: (k) => [...lines.slice(0, -1), `${lines[lines.length - 1]}export const __latency_probe_${k} = ${k};`].join("\n"),
  body: (k) => {
    const starts = body.map((_, i) => i).filter((i) => /^\s{2,}(const|return) /.test(body[i]));
    const at = starts[Math.floor(random() * starts.length)];
    body.splice(at, 0, `${/^\s*/.exec(body[at])[0]}const __latency_probe_${k} = ${k};`);
    return body.join("\n");
  },
};
for (const kind of kinds) {
  if (!edited[kind]) throw new Error(`unknown edit kind ${kind} (tail, body)`);
  for (let k = 1; k <= edits; k++) {
    const next = edited[kind](k);
    await new Promise((r) => setTimeout(r, pause));
    version++;
    t = performance.now();
    send({ method: "textDocument/didChange", params: { textDocument: { uri, version }, contentChanges: [{ text: next }] } });
    await diagnosticsFor(version);
    times[kind].push(performance.now() - t);
    (thread[kind] ??= []).push(threadMs.get(version));
  }
}
sampler.sample();
clearInterval(timer);
await request("shutdown", null);
send({ method: "exit", params: null });
setTimeout(() => child.kill(), 2000).unref();

const summary = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return `p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
};
console.log(`editor latency — ${path.relative(projectDir, file)} (${lines.length} lines) in ${path.basename(projectDir)}, debounce ${debounce} ms, ${pause} ms pause before each edit`);
console.log(`  first analysis after open (cold: projects load): ${coldMs.toFixed(0)} ms, ${first.params.diagnostics.length} diagnostics`);
for (const kind of kinds) {
  console.log(`  ${edits} one-line edits (${kind}), didChange -> diagnostics: ${summary(times[kind])}`);
  const inThread = thread[kind].filter((x) => x !== undefined);
  if (inThread.length > 0) console.log(`    of which in the analysis thread: ${summary(inThread)}`);
}
const notes = new Map();
for (const n of reuseNotes.slice(1)) notes.set(n, (notes.get(n) ?? 0) + 1);
if (notes.size > 0) console.log(`  type answers kept between analyses: ${[...notes].map(([n, c]) => `${c}× ${n}`).join("; ")}`);
if (kinds.length > 1) console.log(`  all ${edits * kinds.length} edits: ${summary(Object.values(times).flat())}`);
console.log(`  server memory (process tree peak): ${(sampler.peakKB / 1024).toFixed(0)} MB — ${sampler.peakProcs.map((p) => `${p.comm} ${(p.rssKB / 1024).toFixed(0)} MB`).join(", ")}`);
