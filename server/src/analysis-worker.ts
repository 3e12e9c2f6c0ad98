// The language server's analysis thread. TypeScript 7's sync API blocks the thread that calls it,
// so the engine lives here, and the LSP thread stays free to answer, debounce and drop stale work.
// It keeps the editor's unsaved text of open files and serves it to the compiler.
import { parentPort } from "node:worker_threads";
import { Engine } from "./analyzer/ts/engine.js";
import { analyzeSourceFile, type EnabledRule } from "./analyzer/analyze.js";
import { ConfigError, DEFAULT_MAX_FILE_SIZE, resolveRules, type AsyncLensConfig } from "./analyzer/config.js";
import { CompilerNotFoundError } from "./analyzer/ts/binary.js";
import { ProjectHost } from "./project/host.js";
import { analyzeWorkspace } from "./project/workspace.js";
import type { FileResult } from "./analyzer/types.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";
import { explainAt, lensTargets, settingsOf } from "./analyzer/explain/explain.js";
import { computeLineStarts } from "./analyzer/positions.js";

const port = parentPort;
if (!port) throw new Error("analysis-worker.ts runs as a worker thread");

const overlay = new Map<string, string>();
const analysed = new Set<string>();
let rootPath = process.cwd();
let rules: EnabledRule[] = resolveRules([], "editor");
let maxFileSize = DEFAULT_MAX_FILE_SIZE;
let engine: Engine | undefined;
let host: ProjectHost | undefined;
let shuttingDown = false;

function send(reply: WorkerReply): void {
  port!.postMessage(reply);
}

function getHost(): ProjectHost {
  if (!host) {
    engine = new Engine({ cwd: rootPath, readOverlay: (fileName) => overlay.get(fileName) });
    host = new ProjectHost(engine, rootPath);
    send({ type: "log", level: "info", message: `TypeScript 7 compiler ${engine.compilerPath}, workspace ${rootPath}` });
  }
  return host;
}

function analyze(file: string, text: string): FileResult | undefined {
  if (text.length > maxFileSize) {
    return { file, findings: [], notices: [{ kind: "skipped", message: `Async Lens skipped this file: it is larger than ${maxFileSize} bytes (asyncLens.maxFileSize).` }], lineStarts: [0] };
  }
  const loaded = load(file, text);
  return loaded && analyzeSourceFile({ fileName: file, sourceFile: loaded.sourceFile, types: loaded.project.oracle(), rules });
}

/** The editor's text of `file` in the compiler, and the file's project. */
function load(file: string, text: string) {
  // Explain and CodeLens requests usually come with the text just analysed: no new snapshot for that.
  const same = overlay.get(file) === text;
  overlay.set(file, text);
  const projects = getHost();
  // The first analysis reads the buffer through the overlay; later ones must say it changed.
  if (analysed.has(file) && !same) projects.changed(file);
  analysed.add(file);
  const project = projects.projectFor(file);
  const sourceFile = project?.sourceFile(file);
  if (!project || !sourceFile) return undefined;
  return { project, sourceFile };
}

function explain(request: Extract<WorkerRequest, { type: "explain" }>): WorkerReply {
  if (request.text.length > maxFileSize) return { type: "explain", id: request.id, reason: `This file is larger than ${maxFileSize} bytes (asyncLens.maxFileSize).` };
  const loaded = load(request.file, request.text);
  if (!loaded) return { type: "explain", id: request.id, reason: "This file is in no TypeScript or JavaScript project." };
  const out = explainAt({
    fileName: request.file,
    uri: request.uri,
    version: request.version,
    sourceFile: loaded.sourceFile,
    types: loaded.project.oracle(),
    rules,
    offset: request.offset,
    ...(request.focus ? { focus: request.focus } : {}),
  });
  return "model" in out ? { type: "explain", id: request.id, model: out.model } : { type: "explain", id: request.id, reason: out.reason };
}

function lenses(request: Extract<WorkerRequest, { type: "lenses" }>): WorkerReply {
  if (request.text.length > maxFileSize) return { type: "lenses", id: request.id, offsets: [] };
  const loaded = load(request.file, request.text);
  const offsets = loaded ? lensTargets(loaded.sourceFile, loaded.project.oracle(), settingsOf(rules)).map((fn) => fn.getStart(loaded.sourceFile)) : [];
  return { type: "lenses", id: request.id, offsets, lineStarts: computeLineStarts(request.text) };
}

port.on("message", (request: WorkerRequest) => {
  switch (request.type) {
    case "configure": {
      rootPath = request.rootPath;
      maxFileSize = request.maxFileSize;
      try {
        rules = resolveRules(request.layers as AsyncLensConfig[], "editor");
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        rules = resolveRules([], "editor");
      }
      return;
    }
    case "analyze": {
      try {
        send({ type: "result", id: request.id, result: analyze(request.file, request.text) });
      } catch (e) {
        send({ type: "result", id: request.id, error: (e as Error).stack ?? String(e), compilerMissing: e instanceof CompilerNotFoundError });
      }
      return;
    }
    case "workspace": {
      // The same run as the CLI's, in a compiler process of its own (files on disk; open buffers keep their own).
      try {
        const run = analyzeWorkspace({ cwd: rootPath, paths: [], projects: [], rules, maxFileSize });
        send({ type: "workspace", id: request.id, results: run.results });
      } catch (e) {
        send({ type: "workspace", id: request.id, error: (e as Error).message });
      }
      return;
    }
    case "explain":
    case "lenses": {
      // After shutdown no compiler is started again for these: an empty answer will do.
      if (shuttingDown) {
        send(request.type === "explain" ? { type: "explain", id: request.id, reason: "The language server is shutting down." } : { type: "lenses", id: request.id, offsets: [] });
        return;
      }
      try {
        send(request.type === "explain" ? explain(request) : lenses(request));
      } catch (e) {
        send({ type: request.type, id: request.id, error: (e as Error).stack ?? String(e) });
      }
      return;
    }
    case "close": {
      overlay.delete(request.file);
      // The compiler must see the file as it is on disk again.
      host?.changed(request.file);
      return;
    }
    case "shutdown": {
      shuttingDown = true;
      engine?.close();
      engine = undefined;
      host = undefined;
      send({ type: "closed" });
      return;
    }
  }
});
