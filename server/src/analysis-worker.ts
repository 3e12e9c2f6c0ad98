// The language server's analysis thread. TypeScript 7's sync API blocks the thread that calls it,
// so the engine lives here, and the LSP thread stays free to answer, debounce and drop stale work.
// It keeps the editor's unsaved text of open files and serves it to the compiler.
//
// Requests wait in a queue that coalesces them per file: a newer text of a file replaces its queued
// analysis, so a burst of edits costs one analysis, not one per keystroke. Between two jobs the event
// loop delivers the messages that arrived meanwhile, so cancellations and newer texts are seen in time.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { Engine } from "./analyzer/ts/engine.js";
import { AnalysisStopped, analyzeSourceFile, type EnabledRule } from "./analyzer/analyze.js";
import { ConfigError, DEFAULT_MAX_FILE_SIZE, resolveRules, type AsyncLensConfig } from "./analyzer/config.js";
import { CompilerNotFoundError } from "./analyzer/ts/binary.js";
import { ProjectHost } from "./project/host.js";
import { ImportGraph } from "./project/import-graph.js";
import { analyzeWorkspace } from "./project/workspace.js";
import { DependencyCache } from "./project/dependencies.js";
import type { FileResult } from "./analyzer/types.js";
import { CANCEL_SLOT, type LogLevel, type WorkerReply, type WorkerRequest } from "./worker-protocol.js";
import { explainAt, lensTargets, settingsOf } from "./analyzer/explain/explain.js";
import { computeLineStarts } from "./analyzer/positions.js";

const port = parentPort;
if (!port) throw new Error("analysis-worker.ts runs as a worker thread");
const cancelSlot = workerData instanceof Int32Array ? workerData : new Int32Array(new SharedArrayBuffer(4));

/** One workspace folder: its configuration, and (once a file of it is analysed) its compiler. */
interface Folder {
  root: string;
  rules: EnabledRule[];
  maxFileSize: number;
  engine?: Engine;
  host?: ProjectHost;
  graph: ImportGraph;
  /** Files analysed in this folder: the compiler has read them and must hear of their changes. */
  analysed: Set<string>;
}

/** Unsaved editor text of open files, by path. */
const overlay = new Map<string, string>();
const folders = new Map<string, Folder>();
/** Each file's nearest package.json dependencies, for fixes that can use p-map/p-limit. */
const dependencies = new DependencyCache();
/** After shutdown, explain and CodeLens requests get empty answers rather than a new compiler. */
let shuttingDown = false;

function send(reply: WorkerReply): void {
  port!.postMessage(reply);
}

function log(level: LogLevel, message: string): void {
  send({ type: "log", level, message });
}

function folder(root: string): Folder {
  let f = folders.get(root);
  if (!f) {
    f = { root, rules: resolveRules([], "editor"), maxFileSize: DEFAULT_MAX_FILE_SIZE, graph: new ImportGraph(), analysed: new Set() };
    folders.set(root, f);
  }
  return f;
}

function hostOf(f: Folder): ProjectHost {
  if (!f.host) {
    f.engine = new Engine({ cwd: f.root, readOverlay: (fileName) => overlay.get(fileName) });
    f.host = new ProjectHost(f.engine, f.root);
    log("info", `TypeScript 7 compiler ${f.engine.compilerPath}, workspace folder ${f.root}`);
  }
  return f.host;
}

function closeFolder(f: Folder): void {
  f.engine?.close();
  f.engine = undefined;
  f.host = undefined;
  f.analysed.clear();
  f.graph.clear();
}

// ---- the queue ----

type Job = Exclude<WorkerRequest, { type: "cancel" }> | { type: "affected"; root: string; file: string };
const queue: Job[] = [];
let pumping = false;

function enqueue(job: Job): void {
  if (job.type === "analyze" || job.type === "affected") {
    // A newer text of the same file makes a queued analysis of it pointless.
    const i = queue.findIndex((q) => q.type === job.type && q.file === job.file);
    if (i >= 0) {
      const old = queue.splice(i, 1)[0]!;
      if (old.type === "analyze") send({ type: "result", id: old.id, cancelled: true });
    }
  }
  queue.push(job);
  if (!pumping) {
    pumping = true;
    setImmediate(pump);
  }
}

/** Runs one job, then yields to the event loop (which delivers waiting messages) before the next. */
function pump(): void {
  const job = queue.shift();
  if (!job) {
    pumping = false;
    return;
  }
  try {
    run(job);
  } catch (e) {
    log("error", `the analysis thread failed on a ${job.type} job: ${(e as Error).stack ?? String(e)}`);
  }
  setImmediate(pump);
}

function cancel(id: number): void {
  const i = queue.findIndex((q) => (q.type === "analyze" || q.type === "workspace") && q.id === id);
  if (i < 0) return; // running (the shared slot stops it) or already answered
  const [job] = queue.splice(i, 1);
  if (job?.type === "analyze") send({ type: "result", id, cancelled: true });
  else if (job?.type === "workspace") send({ type: "workspace", id, error: "cancelled" });
}

port.on("message", (request: WorkerRequest) => {
  if (request.type === "cancel") cancel(request.id);
  else enqueue(request);
});

// ---- the jobs ----

function run(job: Job): void {
  switch (job.type) {
    case "configure": {
      const f = folder(job.root);
      f.maxFileSize = job.maxFileSize;
      try {
        f.rules = resolveRules(job.layers as AsyncLensConfig[], "editor");
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        f.rules = resolveRules([], "editor");
      }
      f.graph.clear();
      return;
    }
    case "forget-folder": {
      const f = folders.get(job.root);
      if (f) closeFolder(f);
      folders.delete(job.root);
      return;
    }
    case "analyze": {
      const started = performance.now();
      try {
        const result = analyze(folder(job.root), job.id, job.file, job.text);
        send({ type: "result", id: job.id, result, ms: performance.now() - started });
      } catch (e) {
        if (e instanceof AnalysisStopped) send({ type: "result", id: job.id, cancelled: true, ms: performance.now() - started });
        else send({ type: "result", id: job.id, error: (e as Error).stack ?? String(e), compilerMissing: e instanceof CompilerNotFoundError });
      }
      return;
    }
    case "affected": {
      const started = performance.now();
      const files = dependants(folder(job.root), job.file);
      log("debug", `dependants of ${job.file}: ${files.length ? files.join(", ") : "none open"} (${(performance.now() - started).toFixed(1)} ms)`);
      if (files.length) send({ type: "affected", root: job.root, cause: job.file, files });
      return;
    }
    case "close": {
      const f = folder(job.root);
      const had = overlay.get(job.file);
      overlay.delete(job.file);
      // Unsaved text goes: the compiler must see the file as it is on disk again, and so must files importing it.
      if (f.analysed.has(job.file) && had !== undefined && had !== readDisk(job.file)) {
        f.host?.changed(job.file);
        f.graph.forget(job.file);
        queueAffected(f, job.file);
      }
      f.analysed.delete(job.file);
      return;
    }
    case "workspace": {
      // The same run as the CLI's, in a compiler process of its own (files on disk; open buffers keep their own).
      const f = folder(job.root);
      try {
        const run = analyzeWorkspace({ cwd: f.root, paths: [], projects: [], rules: f.rules, maxFileSize: f.maxFileSize });
        send({ type: "workspace", id: job.id, results: run.results });
      } catch (e) {
        send({ type: "workspace", id: job.id, error: (e as Error).message });
      }
      return;
    }
    case "explain":
    case "lenses": {
      if (shuttingDown) {
        send(job.type === "explain" ? { type: "explain", id: job.id, reason: "The language server is shutting down." } : { type: "lenses", id: job.id, offsets: [] });
        return;
      }
      try {
        send(job.type === "explain" ? explain(job) : lenses(job));
      } catch (e) {
        send({ type: job.type, id: job.id, error: (e as Error).stack ?? String(e) });
      }
      return;
    }
    case "shutdown": {
      shuttingDown = true;
      for (const f of folders.values()) closeFolder(f);
      send({ type: "closed" });
      return;
    }
  }
}

function analyze(f: Folder, id: number, file: string, text: string): FileResult | undefined {
  if (text.length > f.maxFileSize) {
    return { file, findings: [], notices: [{ kind: "skipped", message: `Async Lens skipped this file: it is larger than ${f.maxFileSize} bytes (asyncLens.maxFileSize).` }], lineStarts: [0] };
  }
  const shouldStop = () => Atomics.load(cancelSlot, CANCEL_SLOT) === id;
  const project = load(f, file, text);
  if (shouldStop()) throw new AnalysisStopped();
  const sourceFile = project?.sourceFile(file);
  if (!project || !sourceFile) return undefined;
  return analyzeSourceFile({ fileName: file, sourceFile, types: project.oracle(), rules: f.rules, shouldStop, dependencies: dependencies.forFile(file) });
}

/** Gives the compiler the editor's text of `file` and returns the file's project. */
function load(f: Folder, file: string, text: string) {
  const previous = overlay.get(file);
  overlay.set(file, text);
  const hadCompiler = f.host !== undefined;
  const projects = hostOf(f);
  // The compiler reads open files through the overlay, but keeps what it read: it must hear when that
  // differs from now. A file analysed before: if its text changed. A file new to a running compiler (which
  // may have read it from disk for another file): if the buffer differs from the disk.
  const known = f.analysed.has(file);
  f.analysed.add(file);
  if (known && previous !== text) projects.changed(file);
  let project = projects.projectFor(file);
  const newAndDifferent = !known && hadCompiler && text !== readDisk(file);
  if (newAndDifferent) {
    projects.changed(file); // known to the host now that projectFor found its home
    project = projects.projectFor(file);
  }
  const changed = (known && previous !== text) || newAndDifferent;
  if (changed) f.graph.forget(file);
  if (changed) queueAffected(f, file);
  return project;
}

function explain(job: Extract<Job, { type: "explain" }>): WorkerReply {
  const f = folder(job.root);
  if (job.text.length > f.maxFileSize) return { type: "explain", id: job.id, reason: `This file is larger than ${f.maxFileSize} bytes (asyncLens.maxFileSize).` };
  const project = load(f, job.file, job.text);
  const sourceFile = project?.sourceFile(job.file);
  if (!project || !sourceFile) return { type: "explain", id: job.id, reason: "This file is in no TypeScript or JavaScript project." };
  const out = explainAt({
    fileName: job.file,
    uri: job.uri,
    version: job.version,
    sourceFile,
    types: project.oracle(),
    rules: f.rules,
    offset: job.offset,
    ...(job.focus ? { focus: job.focus } : {}),
  });
  return "model" in out ? { type: "explain", id: job.id, model: out.model } : { type: "explain", id: job.id, reason: out.reason };
}

function lenses(job: Extract<Job, { type: "lenses" }>): WorkerReply {
  const f = folder(job.root);
  if (job.text.length > f.maxFileSize) return { type: "lenses", id: job.id, offsets: [] };
  const project = load(f, job.file, job.text);
  const sourceFile = project?.sourceFile(job.file);
  const offsets = project && sourceFile ? lensTargets(sourceFile, project.oracle(), settingsOf(f.rules)).map((fn) => fn.getStart(sourceFile)) : [];
  return { type: "lenses", id: job.id, offsets, lineStarts: computeLineStarts(job.text) };
}

function readDisk(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // a new, unsaved file
  }
}

/** Looks for open dependants after the jobs already waiting (the file's own result goes out first). */
function queueAffected(f: Folder, file: string): void {
  if ([...f.analysed].some((other) => other !== file)) enqueue({ type: "affected", root: f.root, file });
}

/** Open files of the folder that import `file`, directly or through other files. */
function dependants(f: Folder, file: string): string[] {
  const host = f.host;
  if (!host) return [];
  const open = [...f.analysed].filter((o) => o !== file && overlay.has(o));
  return f.graph.dependants(file, open, (candidate, imported) => host.projectFor(candidate)?.importedFiles(imported));
}
