// The language server's analysis thread. TypeScript 7's sync API blocks the thread that calls it,
// so the engine lives here, and the LSP thread stays free to answer, debounce and drop stale work.
// It keeps the editor's unsaved text of open files; each folder's compiler, projects and restarts of a
// dead compiler are in project/editor-analyzer.ts.
//
// Requests wait in a queue that coalesces them per file: a newer text of a file replaces its queued
// analysis, so a burst of edits costs one analysis, not one per keystroke. Between two jobs the event
// loop delivers the messages that arrived meanwhile, so cancellations and newer texts are seen in time.
import { parentPort, workerData } from "node:worker_threads";
import { AnalysisStopped } from "./analyzer/analyze.js";
import { ConfigError, resolveRules, type AsyncLensConfig } from "./analyzer/config.js";
import { CompilerNotFoundError } from "./analyzer/ts/binary.js";
import { EditorAnalyzer } from "./project/editor-analyzer.js";
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

/** One workspace folder: its configuration and compiler (the analyser), and its files' imports. */
interface Folder {
  root: string;
  analyzer: EditorAnalyzer;
  graph: ImportGraph;
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
    const graph = new ImportGraph();
    const created: Folder = {
      root,
      graph,
      analyzer: new EditorAnalyzer({
        rootPath: root,
        overlay,
        log,
        onCompiler: (pid, running) => send({ type: "compiler", pid, running }),
        // The compiler's view of the file changed: its imports may have too, and open files importing it are looked at.
        onChanged: (file) => {
          graph.forget(file);
          queueAffected(created, file);
        },
      }),
    };
    f = created;
    folders.set(root, f);
  }
  return f;
}

function closeFolder(f: Folder): void {
  f.analyzer.dispose();
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
      f.analyzer.maxFileSize = job.maxFileSize;
      try {
        f.analyzer.rules = resolveRules(job.layers as AsyncLensConfig[], "editor");
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        f.analyzer.rules = resolveRules([], "editor");
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
        const f = folder(job.root);
        const result = analyze(f, job.id, job.file, job.text);
        send({ type: "result", id: job.id, result, ms: performance.now() - started });
        const reuse = f.analyzer.lastReuse;
        if (result && reuse) {
          const inside = "inside" in reuse && reuse.inside > 0 ? `, ${reuse.inside} inside the edited one` : "";
          log("debug", `${job.file}: type answers of ${"why" in reuse ? `no statement kept (${reuse.why})` : `${reuse.reused} of ${reuse.units} top-level statements kept${inside}`}`);
        }
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
      try {
        folder(job.root).analyzer.close(job.file);
      } catch (e) {
        log("error", `closing ${job.file}: ${(e as Error).message}`);
      }
      return;
    }
    case "files": {
      const f = folder(job.root);
      // Imports may have changed with the files (or the projects); they are read again as needed.
      f.graph.clear();
      if (job.projects) dependencies.clear();
      try {
        f.analyzer.filesChanged(job);
      } catch (e) {
        log("error", `files changed on disk in ${job.root}: ${(e as Error).message}`);
      }
      return;
    }
    case "workspace": {
      // The same run as the CLI's, in a compiler process of its own (files on disk; open buffers keep their own).
      const f = folder(job.root);
      try {
        const run = analyzeWorkspace({ cwd: f.root, confineTo: f.root, paths: [], projects: [], rules: f.analyzer.rules, maxFileSize: f.analyzer.maxFileSize });
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
    case "texts": {
      // The previous thread died with these files open: the compiler must read their editor text, not the disk's.
      for (const { file, text } of job.texts) overlay.set(file, text);
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
  const shouldStop = () => Atomics.load(cancelSlot, CANCEL_SLOT) === id;
  return f.analyzer.analyze(file, text, { shouldStop, dependencies: dependencies.forFile(file) });
}

function explain(job: Extract<Job, { type: "explain" }>): WorkerReply {
  const { analyzer } = folder(job.root);
  if (analyzer.tooLarge(job.text)) return { type: "explain", id: job.id, reason: `This file is larger than ${analyzer.maxFileSize} bytes (asyncLens.maxFileSize).` };
  return analyzer.withTypes(job.file, job.text, (project, sourceFile, types): WorkerReply => {
    if (!project || !sourceFile || !types) return { type: "explain", id: job.id, reason: "This file is in no TypeScript or JavaScript project." };
    const out = explainAt({
      fileName: job.file,
      uri: job.uri,
      version: job.version,
      sourceFile,
      types,
      rules: analyzer.rules,
      offset: job.offset,
      ...(job.focus ? { focus: job.focus } : {}),
    });
    return "model" in out ? { type: "explain", id: job.id, model: out.model } : { type: "explain", id: job.id, reason: out.reason };
  });
}

function lenses(job: Extract<Job, { type: "lenses" }>): WorkerReply {
  const { analyzer } = folder(job.root);
  if (analyzer.tooLarge(job.text)) return { type: "lenses", id: job.id, offsets: [] };
  const offsets = analyzer.withTypes(job.file, job.text, (_project, sourceFile, types) =>
    sourceFile && types ? lensTargets(sourceFile, types, settingsOf(analyzer.rules)).map((fn) => fn.getStart(sourceFile)) : [],
  );
  return { type: "lenses", id: job.id, offsets, lineStarts: computeLineStarts(job.text) };
}

/** Looks for open dependants after the jobs already waiting (the file's own result goes out first). */
function queueAffected(f: Folder, file: string): void {
  if ([...f.analyzer.files].some((other) => other !== file)) enqueue({ type: "affected", root: f.root, file });
}

/** Open files of the folder that import `file`, directly or through other files. */
function dependants(f: Folder, file: string): string[] {
  const host = f.analyzer.projects;
  if (!host) return [];
  const open = [...f.analyzer.files].filter((o) => o !== file && overlay.has(o));
  return f.graph.dependants(file, open, (candidate, imported) => host.projectFor(candidate)?.importedFiles(imported));
}
