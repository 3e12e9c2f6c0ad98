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
import { DependencyCache } from "./project/dependencies.js";
import type { FileResult } from "./analyzer/types.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

const port = parentPort;
if (!port) throw new Error("analysis-worker.ts runs as a worker thread");

const overlay = new Map<string, string>();
const analysed = new Set<string>();
let rootPath = process.cwd();
let rules: EnabledRule[] = resolveRules([], "editor");
let maxFileSize = DEFAULT_MAX_FILE_SIZE;
let engine: Engine | undefined;
let host: ProjectHost | undefined;
const dependencies = new DependencyCache();

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
  overlay.set(file, text);
  const projects = getHost();
  // The first analysis reads the buffer through the overlay; later ones must say it changed.
  if (analysed.has(file)) projects.changed(file);
  analysed.add(file);
  const project = projects.projectFor(file);
  const sourceFile = project?.sourceFile(file);
  if (!project || !sourceFile) return undefined;
  return analyzeSourceFile({ fileName: file, sourceFile, types: project.oracle(), rules, dependencies: dependencies.forFile(file) });
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
    case "close": {
      overlay.delete(request.file);
      // The compiler must see the file as it is on disk again.
      host?.changed(request.file);
      return;
    }
    case "shutdown": {
      engine?.close();
      engine = undefined;
      host = undefined;
      send({ type: "closed" });
      return;
    }
  }
});
