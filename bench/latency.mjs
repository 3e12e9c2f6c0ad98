// Editor latency: the built language server driven over stdio on a real project. One document
// (about 2,000 lines) is opened, then edited one line at a time; each edit is timed from the
// didChange notification to the diagnostics published for that version. Reports p50/p95, the
// first (cold) analysis, and the server's memory (server, analysis thread and compiler process).
//
//   node bench/latency.mjs [--project-dir DIR] [--file src/…] [--edits N] [--debounce MS] [--rules JSON]
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ProcTreeSampler } from "./proc-tree-sampler.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const benchDir = process.env.ASYNC_LENS_BENCH_DIR ?? "/work/bench-data";
const projectDir = fs.realpathSync(args["project-dir"] ?? path.join(benchDir, "projects", "viem-2.57.20"));
const file = path.join(projectDir, args.file ?? "src/tempo/actions/zone.ts");
const edits = Number(args.edits ?? 40);
const debounce = Number(args.debounce ?? 100);
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
    const i = waiters.findIndex((w) => w.test(m));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  }
});
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
const times = [];
for (let k = 1; k <= edits; k++) {
  // A one-line edit: the last line gains a statement (the document keeps ~2,000 lines).
  const edited = [...lines.slice(0, -1), `${lines[lines.length - 1]}export const __latency_probe_${k} = ${k};`].join("\n");
  t = performance.now();
  send({ method: "textDocument/didChange", params: { textDocument: { uri, version: k + 1 }, contentChanges: [{ text: edited }] } });
  await diagnosticsFor(k + 1);
  times.push(performance.now() - t);
}
sampler.sample();
clearInterval(timer);
await request("shutdown", null);
send({ method: "exit", params: null });
setTimeout(() => child.kill(), 2000).unref();

const sorted = [...times].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
console.log(`editor latency — ${path.relative(projectDir, file)} (${lines.length} lines) in ${path.basename(projectDir)}, debounce ${debounce} ms`);
console.log(`  first analysis after open (cold: projects load): ${coldMs.toFixed(0)} ms, ${first.params.diagnostics.length} diagnostics`);
console.log(`  ${edits} one-line edits, didChange -> diagnostics: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
console.log(`  server memory (process tree peak): ${(sampler.peakKB / 1024).toFixed(0)} MB — ${sampler.peakProcs.map((p) => `${p.comm} ${(p.rssKB / 1024).toFixed(0)} MB`).join(", ")}`);
