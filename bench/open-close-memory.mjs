// Memory of the language server across many documents opened and closed: the server process and
// its compiler child, measured from /proc (RSS), before and after the loop.
//
//   node bench/open-close-memory.mjs [--cycles 10000] [--files 500] [--warmup N] [--loose]
//
// A workspace of --files small source files is made in a temporary folder (a tsconfig project, or
// with --loose no tsconfig, so each file joins the inferred project). A warm-up of --warmup cycles
// (default: one pass over the files, at least 1000, so the heaps reach their working size) comes
// first; the baseline is taken then. The loop then opens and closes --cycles
// documents, going round the files, waiting each time for the diagnostics (so every open is really
// analysed) and for the clearing on close. Memory is read again at the end.
// Needs `npm run build` and the unbundled tests build (`node esbuild.mjs --tests`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

const { values } = parseArgs({ options: { cycles: { type: "string" }, files: { type: "string" }, warmup: { type: "string" }, loose: { type: "boolean" } } });
const cycles = Number(values.cycles ?? 10_000);
const fileCount = Number(values.files ?? 500);
const warmup = Number(values.warmup ?? Math.max(fileCount, 1000));
const { startServer, childPids, rssBytes } = await import(path.resolve("out/test-build/test/lsp/peer.js"));

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-memory-"));
mkdirSync(path.join(dir, "src"));
if (!values.loose) writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ["src"] }));
const files = [];
for (let k = 0; k < fileCount; k++) {
  const file = path.join(dir, "src", `m${k}.ts`);
  const text = `export async function load${k}(): Promise<number> { return ${k}; }\nexport async function run${k}() {\n  load${k}();\n  return (await load${k}()) + 1;\n}\n`;
  writeFileSync(file, text);
  files.push({ uri: pathToFileURL(file).href, text });
}

// No typing debounce: an open is analysed at once (the loop measures memory, not latency). No pull
// capability: the server pushes diagnostics, which the loop waits on.
const server = await startServer(dir, { settings: () => ({ debounceMs: 0 }) });
const peer = server.peer;
const mb = (n) => (n / (1024 * 1024)).toFixed(1);
function memory() {
  const server = rssBytes(peer.child.pid);
  const compilers = childPids(peer.child.pid);
  const compiler = compilers.reduce((sum, pid) => sum + rssBytes(pid), 0);
  return { server, compiler, total: server + compiler, compilers: compilers.length };
}
let version = 1;
async function cycle(f) {
  const v = version++;
  peer.open(f.uri, f.text, v);
  const diagnostics = await peer.diagnostics(f.uri, v);
  if (diagnostics.length !== 1) throw new Error(`expected 1 finding in ${f.uri}, got ${JSON.stringify(diagnostics)}`);
  peer.close(f.uri);
  await peer.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === f.uri && m.params.version === undefined);
}

try {
  const t0 = performance.now();
  for (let k = 0; k < warmup; k++) await cycle(files[k % files.length]);
  const baseline = memory();
  console.log(`warm-up: ${warmup} cycles over ${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s; baseline server ${mb(baseline.server)} MB + compiler ${mb(baseline.compiler)} MB = ${mb(baseline.total)} MB`);
  const t1 = performance.now();
  const samples = [];
  for (let k = 0; k < cycles; k++) {
    await cycle(files[(warmup + k) % files.length]);
    if ((k + 1) % Math.max(1, Math.floor(cycles / 10)) === 0) {
      const m = memory();
      samples.push(m.total);
      console.log(`  ${k + 1} cycles: server ${mb(m.server)} MB + compiler ${mb(m.compiler)} MB = ${mb(m.total)} MB`);
    }
  }
  const end = memory();
  const change = ((end.total - baseline.total) / baseline.total) * 100;
  console.log(`${cycles} open/close cycles in ${((performance.now() - t1) / 1000).toFixed(1)} s (${((performance.now() - t1) / cycles).toFixed(1)} ms each)`);
  console.log(`end: server ${mb(end.server)} MB + compiler ${mb(end.compiler)} MB = ${mb(end.total)} MB; change from baseline ${change >= 0 ? "+" : ""}${change.toFixed(1)}% (bound ±10%); peak ${mb(Math.max(...samples))} MB`);
  process.exitCode = Math.abs(change) <= 10 ? 0 : 1;
} finally {
  await server.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
